import { checkSignedConnect } from './checkSignedConnect.js'
import { invalid } from './deny.js'
import { parseIamPayload } from './parseIamPayload.js'
import type { Verdict, VerifyContext } from './types.js'

/** Payloads are a few hundred bytes plus a session token; more is refused before any parsing. */
export const MAX_IAM_PAYLOAD_BYTES = 64 * 1024

/**
 * Judges an AWS_MSK_IAM SaslAuthenticate token (the JSON bytes exactly as on the wire, no length prefix)
 * the way MSK does: malformed payloads are `Invalid authentication payload`, well-formed ones that do not
 * grant access are `Access denied`. The signature is recomputed from the payload with node:crypto only,
 * independently of the client's signer. Never throws.
 */
export function verifyIamPayload(authBytes: Uint8Array, ctx: VerifyContext): Verdict {
  // Not instanceof: bytes made in another realm (a vm context, as under jest) would fail it.
  if (Object.prototype.toString.call(authBytes) !== '[object Uint8Array]')
    return invalid('auth bytes are not a Uint8Array')
  if (authBytes.length > MAX_IAM_PAYLOAD_BYTES) {
    return invalid(`payload is ${authBytes.length} bytes, more than ${MAX_IAM_PAYLOAD_BYTES}`)
  }
  const req = parseIamPayload(authBytes)
  if (typeof req === 'string') return invalid(req)
  return checkSignedConnect(req, ctx, ctx.expectedHost === undefined ? undefined : [ctx.expectedHost])
}
