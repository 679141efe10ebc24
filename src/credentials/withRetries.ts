import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { BASE_BACKOFF_MS } from '../constants.js'
import { sleep, type Clock } from '../clock.js'
import type { CredentialsFunction } from '../options.js'
import { withTimeout } from '../withTimeout.js'
import { isTransientCredentialError } from './isTransientCredentialError.js'

/** How a credential source is retried; defaults mirror aws-msk-iam-auth. */
export interface RetryPolicy {
  maxRetries: number
  maxBackoffMs: number
  /** Each attempt is abandoned (and counts as transient) after this long. */
  timeoutMs: number
}

export class CredentialsTimeoutError extends Error {
  override readonly name = 'CredentialsTimeoutError'
}

/**
 * One attempt at `provider`, abandoned with a (transient) {@link CredentialsTimeoutError} after
 * `timeoutMs`. A synchronous function is accepted: its result or throw becomes the attempt's outcome.
 */
export function withAttemptTimeout(
  provider: CredentialsFunction,
  timeoutMs: number,
  clock: Clock,
): AwsCredentialIdentityProvider {
  return (properties) =>
    withTimeout(
      new Promise<AwsCredentialIdentity>((resolve) => resolve(provider(properties))),
      timeoutMs,
      clock,
      () => new CredentialsTimeoutError(`the credential source did not answer within ${timeoutMs} ms`),
    )
}

/**
 * Retries transient failures of `provider` with full-jitter exponential back-off (random between 0 and
 * min(maxBackoffMs, 500 ms × 2^attempt)); permanent failures are thrown at once.
 */
export function withRetries(
  provider: AwsCredentialIdentityProvider,
  policy: Pick<RetryPolicy, 'maxRetries' | 'maxBackoffMs'>,
  clock: Clock,
  random: () => number = Math.random,
): AwsCredentialIdentityProvider {
  return async (properties) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await provider(properties)
      } catch (error) {
        if (attempt >= policy.maxRetries || !isTransientCredentialError(error)) throw error
        const ceiling = Math.min(policy.maxBackoffMs, BASE_BACKOFF_MS * 2 ** attempt)
        await sleep(clock, Math.floor(random() * ceiling))
      }
    }
  }
}
