/** Why the local Kafka could not be provided. */
export type LocalKafkaErrorCode =
  | 'JAVA_NOT_FOUND'
  | 'JAVA_TOO_OLD'
  | 'MAVEN_NOT_FOUND'
  | 'MAVEN_TOO_OLD'
  | 'MAVEN_FAILED'
  | 'KAFKA_START_FAILED'
  | 'INVALID_OPTIONS'

/**
 * The one error of the native Kafka launcher (`startKafkaCluster`, and `startLocalMsk` through it). The
 * message is one line a person can act on (what is missing and what to install); `cause` keeps the
 * underlying error, `detail` the tool output or log lines that explain it, when there are any.
 */
export class LocalKafkaError extends Error {
  override readonly name = 'LocalKafkaError'
  readonly code: LocalKafkaErrorCode
  /** Tool output or broker log lines behind the failure (never a secret: the launcher handles none). */
  readonly detail: string | undefined

  constructor(code: LocalKafkaErrorCode, message: string, options: { cause?: unknown; detail?: string } = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.detail = options.detail
  }
}
