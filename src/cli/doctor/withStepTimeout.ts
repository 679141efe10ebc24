import { systemClock } from '../../clock.js'
import { withTimeout } from '../../withTimeout.js'

/** Rejected by {@link withStepTimeout} when time runs out. */
export class StepTimeoutError extends Error {
  override readonly name = 'StepTimeoutError'
  readonly code = 'ETIMEDOUT'
}

/** Resolves or rejects like `promise`, or rejects with {@link StepTimeoutError} after `ms`. */
export function withStepTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return withTimeout(promise, ms, systemClock, () => new StepTimeoutError(`${what} did not finish within ${ms} ms`))
}
