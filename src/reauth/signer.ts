import type { AuthenticationContext } from '../brokerErrors.js'
import type { MskIamError } from '../errors.js'

/** A fresh SASL token for one broker, signed with one credential snapshot. */
export interface SignedToken {
  token: Buffer
  accessKeyId: string
  region: string
}

/**
 * What the re-authentication scheduler needs from a mechanism instance: its name, fresh tokens, how to
 * read the broker's answer and how to explain a refusal. Attached to the object returned by
 * `awsMskIam()` under {@link SIGNER}, so the scheduler shares that instance's credential cache.
 */
export interface ReauthSigner {
  mechanism: string
  sign(host: string, port: number): Promise<SignedToken>
  parseAnswer(authBytes: Buffer): { requestId: string | undefined }
  explain(error: unknown, ctx: AuthenticationContext): MskIamError
  /** Told of every refusal, so that the mechanism can drop credentials the broker found too short-lived. */
  refused?(error: MskIamError): void
}

/** Hidden key of the mechanism object that holds its {@link ReauthSigner}. */
export const SIGNER: unique symbol = Symbol.for('kafkajs-msk-iam.signer')
