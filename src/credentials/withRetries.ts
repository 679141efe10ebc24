import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { BASE_BACKOFF_MS } from '../constants.js'
import { sleep, type Clock } from '../clock.js'

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

const TRANSIENT_NAMES = new Set([
  'CredentialsTimeoutError',
  'TimeoutError',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'InternalFailure',
  'IDPCommunicationError',
])
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
])

/**
 * Whether a credential source failure may clear up by itself (network, throttling, 5xx, time-outs), as
 * opposed to a configuration problem that no retry fixes (no credentials, access denied, bad profile).
 */
export function isTransientCredentialError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as {
    name?: unknown
    code?: unknown
    retriable?: unknown
    $retryable?: unknown
    $metadata?: { httpStatusCode?: unknown }
  }
  if (e.retriable === true || e.$retryable) return true
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true
  const status = e.$metadata?.httpStatusCode
  return typeof status === 'number' && (status >= 500 || status === 429)
}

/**
 * Calls `provider` with a per-attempt time-out, retrying transient failures with full-jitter exponential
 * back-off (random between 0 and min(maxBackoffMs, 500 ms × 2^attempt)). Permanent failures are thrown at once.
 */
export async function callWithRetries(
  provider: AwsCredentialIdentityProvider,
  policy: RetryPolicy,
  clock: Clock,
  random: () => number = Math.random,
): Promise<AwsCredentialIdentity> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTimeout(provider({ forceRefresh: true }), policy.timeoutMs, clock)
    } catch (error) {
      if (attempt >= policy.maxRetries || !isTransientCredentialError(error)) throw error
      const ceiling = Math.min(policy.maxBackoffMs, BASE_BACKOFF_MS * 2 ** attempt)
      await sleep(clock, Math.floor(random() * ceiling))
    }
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, clock: Clock): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(
      () => reject(new CredentialsTimeoutError(`the credential source did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
    promise.then(
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
