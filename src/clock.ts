/** A cancellable timer handle, as returned by {@link Clock.setTimeout}. */
export interface TimerHandle {
  unref?(): unknown
}

/**
 * Time and timers, injected so that tests drive them instead of mocking globals. The system clock's
 * timers are `unref()`ed: nothing this package schedules keeps a process alive.
 */
export interface Clock {
  now(): number
  setTimeout(callback: () => void, delayMs: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer = setTimeout(callback, Math.min(0x7fffffff, Math.max(0, delayMs))) // Node fires longer delays after 1 ms
    timer.unref()
    return timer
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout)
  },
}

/** Resolves after `delayMs` on the given clock. */
export function sleep(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, delayMs))
}
