import { ERROR_CODE } from '../constants.js'
import { decodeSaslAuthenticateResponse } from '../protocol/saslMessages.js'

/** Response header v0: int32 size | int32 correlation_id; SaslAuthenticate v0–v1 answers use it. */
export const RESPONSE_HEADER_BYTES = 8

/**
 * kafkajs's own SaslAuthenticate answer, taken over: the session lifetime the broker granted (returned),
 * rewritten to 0 ("never expires") in the frame kafkajs will read, so that kafkajs's lazy re-authentication
 * never runs. Returns undefined, leaving the frame as it is, for a refusal, an unlimited session, a version
 * kafkajs 2.x does not send (v2+), or a malformed answer (kafkajs reports that itself).
 */
export function takeOverSession(
  frame: Buffer,
  apiVersion: number,
): { lifetimeMs: number; authBytes: Buffer } | undefined {
  if (apiVersion > 1) return undefined
  let answer
  try {
    answer = decodeSaslAuthenticateResponse(frame.subarray(RESPONSE_HEADER_BYTES), apiVersion)
  } catch {
    return undefined
  }
  if (answer.errorCode !== ERROR_CODE.NONE || answer.sessionLifetimeMs <= 0 || answer.lifetimeOffset === undefined)
    return undefined
  frame.writeBigInt64BE(0n, RESPONSE_HEADER_BYTES + answer.lifetimeOffset)
  return { lifetimeMs: answer.sessionLifetimeMs, authBytes: answer.authBytes }
}
