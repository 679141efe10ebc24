import { MAX_QUOTED_ANSWER_CHARS, OAUTHBEARER_GS2_HEADER, OAUTHBEARER_KVSEP } from '../constants.js'
import { MskIamError } from '../errors.js'

// SASL OAUTHBEARER (RFC 7628 §3.1), as Kafka's OAuthBearerClientInitialResponse reads it:
//   client message = gs2-header kvsep "auth=Bearer " token kvsep kvsep
//   gs2-header     = "n,," (no channel binding, no authorization identity)
//   kvsep          = %x01
// No SASL extensions: MSK defines none. The server answers an accepted token with empty bytes and a refused
// one with an error (MSK and Kafka put it in SaslAuthenticate's error_message); RFC 7628 §3.2.2 also allows
// an error as a JSON challenge, `{"status":"invalid_token",…}`.

/** The OAUTHBEARER client message carrying `token`. */
export function encodeOAuthBearerMessage(token: string): Buffer {
  const kv = OAUTHBEARER_KVSEP
  return Buffer.from(`${OAUTHBEARER_GS2_HEADER}${kv}auth=Bearer ${token}${kv}${kv}`, 'utf8')
}

/**
 * Reads the broker's answer to an accepted SaslAuthenticate: empty for OAUTHBEARER. Anything else is the
 * RFC 7628 error challenge of a server that refused the token, reported as a refusal.
 */
export function readOAuthBearerAnswer(authBytes: Buffer): { requestId: undefined } {
  if (authBytes.length === 0) return { requestId: undefined }
  const quoted = authBytes
    .toString('utf8')
    .slice(0, MAX_QUOTED_ANSWER_CHARS)
    .replace(/[\u0000-\u001f]/g, '?')
  throw new MskIamError(
    'AUTHENTICATION_FAILED',
    `The broker refused the OAUTHBEARER token with an RFC 7628 error challenge: ${quoted}`,
  )
}
