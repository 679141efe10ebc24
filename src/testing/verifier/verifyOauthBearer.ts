import { checkSignedConnect } from './checkSignedConnect.js'
import { invalid } from './deny.js'
import { parseOauthBearerMessage } from './parseOauthBearerMessage.js'
import { MAX_OAUTH_TOKEN_CHARS, parseOauthToken } from './parseOauthToken.js'
import type { Verdict, VerifyContext } from './types.js'

// Room for the GS2 header, an authzid and a few extensions around the largest token.
const MAX_MESSAGE_BYTES = MAX_OAUTH_TOKEN_CHARS + 4096

/**
 * Judges an OAUTHBEARER client message (RFC 7628, SaslAuthenticate auth_bytes) carrying an MSK IAM token,
 * with the same checks as `verifyIamPayload`. The token is signed for the regional service host
 * `kafka.<region>.amazonaws.com`, never for a broker, so `ctx.expectedHost` is not consulted. Never throws.
 */
export function verifyOauthBearer(authBytes: Uint8Array, ctx: VerifyContext): Verdict {
  // Not instanceof: bytes made in another realm (a vm context, as under jest) would fail it.
  if (Object.prototype.toString.call(authBytes) !== '[object Uint8Array]')
    return invalid('auth bytes are not a Uint8Array')
  if (authBytes.length > MAX_MESSAGE_BYTES) {
    return invalid(`OAUTHBEARER message is ${authBytes.length} bytes, more than ${MAX_MESSAGE_BYTES}`)
  }
  const message = parseOauthBearerMessage(authBytes)
  if (typeof message === 'string') return invalid(message)
  const req = parseOauthToken(message.token)
  if (typeof req === 'string') return invalid(req)
  return checkSignedConnect(req, ctx, [oauthTokenHost(ctx.region)])
}

/**
 * The one host an MSK OAUTHBEARER token may be signed for. AWS's signers (aws-msk-iam-auth's
 * IAMOAuthBearerLoginCallbackHandler, aws-msk-iam-sasl-signer-js/-python/-go) all write
 * `kafka.<region>.amazonaws.com`, in the China regions too, not the partition's `.amazonaws.com.cn`.
 */
export function oauthTokenHost(region: string): string {
  return `kafka.${region}.amazonaws.com`
}
