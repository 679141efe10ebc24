import type { Clock, TimerHandle } from '../../src/clock.js'

interface Timer extends TimerHandle {
  at: number
  seq: number
  callback: () => void
}

/** A clock whose time only moves when a test says so; timers fire in order as it advances. */
export class FakeClock implements Clock {
  private timers: Timer[] = []
  private seq = 0

  constructor(private time = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.time
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: Timer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, callback, unref: () => timer }
    this.timers.push(timer)
    return timer
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== handle)
  }

  get pendingTimers(): number {
    return this.timers.length
  }

  /** Moves time forward without firing any timer, as when a frozen process (a Lambda) thaws. */
  jump(ms: number): void {
    this.time += ms
  }

  /** Moves time forward, firing due timers one by one and letting promise callbacks run in between. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms
    for (;;) {
      await flushMicrotasks()
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (!next) break
      this.timers = this.timers.filter((t) => t !== next)
      this.time = next.at
      next.callback()
    }
    this.time = target
    await flushMicrotasks()
  }
}

export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
  await new Promise((resolve) => setImmediate(resolve))
}
