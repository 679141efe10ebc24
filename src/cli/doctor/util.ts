// Small helpers shared by the doctor's checks.
import { systemClock } from '../../clock.js'
import { withTimeout as settleWithin } from '../../withTimeout.js'

/** Rejected by {@link withTimeout} when time runs out. */
export class StepTimeoutError extends Error {
  override readonly name = 'StepTimeoutError'
  readonly code = 'ETIMEDOUT'
}

/** Resolves or rejects like `promise`, or rejects with {@link StepTimeoutError} after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return settleWithin(promise, ms, systemClock, () => new StepTimeoutError(`${what} did not finish within ${ms} ms`))
}

/** `850 ms`, `12 s`, `15 min`, `2 h 5 min`: coarse on purpose, for people. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < 1000) return `${Math.round(abs)} ms`
  if (abs < 120_000) return `${Math.round(abs / 1000)} s`
  if (abs < 2 * 3_600_000) return `${Math.round(abs / 60_000)} min`
  const hours = Math.floor(abs / 3_600_000)
  const minutes = Math.round((abs - hours * 3_600_000) / 60_000)
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`
}

/** "about 10 min fast" / "about 3 s slow" for a skew of local minus reference. */
export function describeSkew(skewMs: number): string {
  return `about ${formatDuration(skewMs)} ${skewMs > 0 ? 'fast' : 'slow'}`
}

/** The `code` of a Node error (ECONNREFUSED, CERT_HAS_EXPIRED, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** An error's message, or the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
