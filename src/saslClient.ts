import type { MskIamError } from './errors.js'

/** The client's SaslAuthenticate message for one broker, and what it was signed with (never a secret). */
export interface SaslToken {
  /** SaslAuthenticate `auth_bytes`: the AWS_MSK_IAM JSON payload, or the OAUTHBEARER client message. */
  bytes: Buffer
  region: string
  accessKeyId: string
}

/**
 * The client side of one SASL mechanism for one mechanism instance (`awsMskIam()`, or
 * `mskIamOAuthBearer().kafkajs()`), built on that instance's credential cache. kafkajs's authentications and
 * the renewals of {@link proactiveReauthentication} both go through it, so both sign alike, read the
 * broker's answer alike and forget credentials after the same refusals.
 */
export interface SaslClient {
  /** The name sent in SaslHandshake. */
  readonly mechanism: 'AWS_MSK_IAM' | 'OAUTHBEARER'
  /**
   * A token for `host`, signed with one credential snapshot (no I/O while the credentials are cached).
   * @throws {@link MskIamError} when the region or the credentials cannot be had.
   */
  token(host: string): Promise<SaslToken>
  /**
   * Reads the broker's `auth_bytes` after a successful SaslAuthenticate.
   * @throws {@link MskIamError} `INVALID_BROKER_RESPONSE` when they are not what this mechanism answers.
   */
  readAnswer(authBytes: Buffer): { requestId: string | undefined }
  /** Told of every refusal, so that credentials the broker found too short-lived are not signed with again. */
  refused(error: MskIamError): void
}
