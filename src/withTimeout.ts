import type { Clock } from './clock.js'

/**
 * Settles as `work` does, or rejects with `timeoutError()` once `timeoutMs` have passed on `clock`,
 * whichever comes first; the timer is cleared either way. `work` is not cancelled: its late outcome is
 * ignored (and a late rejection never goes unhandled).
 */
export function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  clock: Clock,
  timeoutError: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(timeoutError()), timeoutMs)
    work.then(
      (value) => {
        clock.clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clock.clearTimeout(timer)
        reject(error)
      },
    )
  })
}
