/**
 * Why an MSK IAM authentication failed. A closed set: every error this package throws carries one.
 */
export type MskIamErrorCode =
  | 'ACCESS_DENIED'
  | 'TOO_MANY_CONNECTS'
  | 'SESSION_TOO_SHORT'
  | 'INVALID_PAYLOAD'
  | 'PRINCIPAL_CHANGED'
  | 'MECHANISM_NOT_ENABLED'
  | 'AUTHENTICATION_FAILED'
  | 'INVALID_BROKER_RESPONSE'
  | 'CONNECTION_LOST'
  | 'REGION_UNRESOLVED'
  | 'CREDENTIALS_UNAVAILABLE'
  | 'CREDENTIALS_EXPIRED'
  | 'INVALID_OPTIONS'
  | 'INVALID_POLICY'

/** Retriable codes are failures that a new connection (or a later attempt) can clear. */
const RETRIABLE: ReadonlySet<MskIamErrorCode> = new Set<MskIamErrorCode>([
  'TOO_MANY_CONNECTS',
  'SESSION_TOO_SHORT',
  'PRINCIPAL_CHANGED',
  'CONNECTION_LOST',
])

/** Extra facts attached to an error; none of them is ever a secret. */
export interface MskIamErrorDetails {
  /** The broker's request-id, when the broker sent one: quote it to AWS support. */
  requestId?: string
  /** `host:port` of the broker being authenticated to. */
  broker?: string
  region?: string
  accessKeyId?: string
  /** Overrides the code's default retriability (e.g. a transient credential failure). */
  retriable?: boolean
  cause?: unknown
}

// kafkajs's retrier re-wraps errors as `new KafkaJSNonRetriableError(e, { cause: e.cause || e })`: the
// wrapper's cause skips over an error that has a cause of its own. Remembering which error each cause
// belongs to lets explainError() find the typed error again behind any such wrapper.
const errorsByCause = new WeakMap<object, MskIamError>()

/** The MskIamError that was created with `cause`, if any. */
export function mskIamErrorForCause(cause: unknown): MskIamError | undefined {
  return typeof cause === 'object' && cause !== null ? errorsByCause.get(cause) : undefined
}

/**
 * The one error class of this package. `code` says what went wrong, the message says why and how to fix
 * it, `retriable` tells kafkajs whether to reconnect (true) or give up (false).
 */
export class MskIamError extends Error {
  override readonly name = 'MskIamError'
  readonly code: MskIamErrorCode
  readonly retriable: boolean
  readonly requestId: string | undefined
  readonly broker: string | undefined
  readonly region: string | undefined
  readonly accessKeyId: string | undefined
  /**
   * kafkajs drops and rebuilds a connection whose authentication failed with this type instead of reusing
   * a half-authenticated socket; set on retriable errors only.
   */
  readonly type: 'ILLEGAL_SASL_STATE' | undefined

  constructor(code: MskIamErrorCode, message: string, details: MskIamErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.code = code
    this.retriable = details.retriable ?? RETRIABLE.has(code)
    this.requestId = details.requestId
    this.broker = details.broker
    this.region = details.region
    this.accessKeyId = details.accessKeyId
    this.type = this.retriable ? 'ILLEGAL_SASL_STATE' : undefined
    if (typeof details.cause === 'object' && details.cause !== null && !errorsByCause.has(details.cause)) {
      errorsByCause.set(details.cause, this)
    }
  }
}

/** True for errors thrown by this package, across copies of it loaded twice (ESM and CJS). */
export function isMskIamError(error: unknown): error is MskIamError {
  return error instanceof MskIamError || (error instanceof Error && error.name === 'MskIamError' && 'code' in error)
}
