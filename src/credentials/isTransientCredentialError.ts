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
  try {
    return looksTransient(error)
  } catch {
    return false // a thrown value whose properties throw when read
  }
}

function looksTransient(error: unknown): boolean {
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
