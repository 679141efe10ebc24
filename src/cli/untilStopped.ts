import { PARENT_POLL_MS } from './constants.js'

/** Why a foreground command stopped. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'parent-exited' | 'aborted'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Resolves when the command should stop: Ctrl-C (SIGINT), SIGTERM, SIGHUP (terminal closed), `signal`
 * aborted, or the parent process gone. The last one matters under npx: npm 11 hands SIGTERM only to the
 * `sh -c` it runs the command in, so the command itself is orphaned rather than signalled; its parent id
 * then changes, which this notices within {@link PARENT_POLL_MS}.
 */
export function untilStopped(signal?: AbortSignal): Promise<StopReason> {
  return new Promise((resolve) => {
    const parent = process.ppid
    const handlers = SIGNALS.map((name) => [name, () => stop(name)] as const)
    const timer = setInterval(() => {
      if (process.ppid !== parent) stop('parent-exited')
    }, PARENT_POLL_MS)
    timer.unref()
    const onAbort = (): void => stop('aborted')
    function stop(reason: StopReason): void {
      clearInterval(timer)
      for (const [name, handler] of handlers) process.off(name, handler)
      signal?.removeEventListener('abort', onAbort)
      resolve(reason)
    }
    for (const [name, handler] of handlers) process.on(name, handler)
    if (signal?.aborted) stop('aborted')
    else signal?.addEventListener('abort', onAbort, { once: true })
  })
}
