import { isInstanceOf, propertyOf, stringPropertyOf } from './thrownValue.js'

/**
 * Why an MSK IAM authentication failed: a closed set, and every error this package throws carries one. A
 * runtime list too, so that a code copied onto another error (kafkajs does) is recognised as one of ours.
 */
export const MSK_IAM_ERROR_CODES = [
  'ACCESS_DENIED',
  'TOO_MANY_CONNECTS',
  'SESSION_TOO_SHORT',
  'INVALID_PAYLOAD',
  'PRINCIPAL_CHANGED',
  'MECHANISM_NOT_ENABLED',
  'TLS_REQUIRED',
  'TLS_NOT_OFFERED',
  'AUTHENTICATION_FAILED',
  'INVALID_BROKER_RESPONSE',
  'CONNECTION_LOST',
  'REGION_UNRESOLVED',
  'CREDENTIALS_UNAVAILABLE',
  'CREDENTIALS_EXPIRED',
  'INVALID_OPTIONS',
  'INVALID_POLICY',
  'AUTHORIZATION_FAILED',
] as const

/** Why an MSK IAM authentication failed; see {@link MSK_IAM_ERROR_CODES} and the README's troubleshooting table. */
export type MskIamErrorCode = (typeof MSK_IAM_ERROR_CODES)[number]

const CODES: ReadonlySet<unknown> = new Set(MSK_IAM_ERROR_CODES)

/** True for the strings of the closed set (kafkajs's own protocol error codes are numbers). */
export function isMskIamErrorCode(value: unknown): value is MskIamErrorCode {
  return CODES.has(value)
}

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
  /** AUTHORIZATION_FAILED: the IAM actions the failed request needs (`kafka-cluster:AlterGroup`). */
  requiredActions?: readonly string[]
  /** AUTHORIZATION_FAILED: the resource ARN they are needed on, with placeholders for what is not known. */
  resourceArn?: string
  cause?: unknown
}

// kafkajs's retrier re-wraps errors as `new KafkaJSNonRetriableError(e, { cause: e.cause || e })`: the
// wrapper's cause skips over an error that has a cause of its own. Remembering which error each cause
// belongs to lets explainError() find the typed error again behind any such wrapper. The latest error made
// with a cause wins: a copy (the same error with the broker name added) is the one that was thrown.
const errorsByCause = new WeakMap<object, MskIamError>()

/**
 * Drops `error` from the cause registry: for errors never thrown into kafkajs (explanations made after the
 * fact), so that a later look-up of the same cause is not answered with an explanation made in another context.
 */
export function unregisterCause(error: MskIamError): void {
  const { cause } = error
  if (
    (typeof cause === 'object' || typeof cause === 'function') &&
    cause !== null &&
    errorsByCause.get(cause) === error
  ) {
    errorsByCause.delete(cause)
  }
}

/** The MskIamError that was created with `cause`, if any. */
export function mskIamErrorForCause(cause: unknown): MskIamError | undefined {
  return (typeof cause === 'object' || typeof cause === 'function') && cause !== null
    ? errorsByCause.get(cause)
    : undefined
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
  /** AUTHORIZATION_FAILED: the IAM actions the failed request needs. */
  readonly requiredActions: readonly string[] | undefined
  /** AUTHORIZATION_FAILED: the resource ARN they are needed on (`<account-id>`, `<cluster-uuid>` when unknown). */
  readonly resourceArn: string | undefined
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
    this.requiredActions = details.requiredActions
    this.resourceArn = details.resourceArn
    this.type = this.retriable ? 'ILLEGAL_SASL_STATE' : undefined
    const { cause } = details
    if ((typeof cause === 'object' || typeof cause === 'function') && cause !== null) errorsByCause.set(cause, this)
  }
}

/** True for errors thrown by this package, across copies of it loaded twice (ESM and CJS). */
export function isMskIamError(error: unknown): error is MskIamError {
  return (
    isInstanceOf(error, MskIamError) ||
    (isInstanceOf(error, Error) &&
      stringPropertyOf(error, 'name') === 'MskIamError' &&
      isMskIamErrorCode(propertyOf(error, 'code')))
  )
}
