import { API_KEY } from '../constants.js'
import { ByteReader } from './ByteReader.js'
import { ByteWriter } from './ByteWriter.js'
import { encodeRequestFrame } from './requestFrame.js'

// The client side of SaslHandshake and SaslAuthenticate, as the re-authentication scheduler, the doctor and
// the emulator's upstream login send them, and of the answers they read. SaslHandshake is v1 (never flexible).
// SaslAuthenticate is v1 by default (the first to carry session_lifetime_ms; every MSK broker accepts it, and
// kafkajs 2.2.4 uses the same), or v2 (flexible: compact fields, tagged fields, request header v2, response
// header v1), which the emulator's upstream login uses with Kafka 4.

/** SaslAuthenticate versions this codec writes. */
export type SaslAuthenticateVersion = 1 | 2

/** SaslHandshake v1 request body: string mechanism */
export function encodeSaslHandshake(correlationId: number, clientId: string, mechanism: string): Buffer {
  return encodeRequestFrame(
    API_KEY.SASL_HANDSHAKE,
    1,
    correlationId,
    clientId,
    new ByteWriter().nullableString(mechanism).toBuffer(),
  )
}

/**
 * SaslAuthenticate request body:
 *   v1: bytes auth_bytes (int32 length)
 *   v2: compact bytes auth_bytes | tagged fields (request header v2)
 */
export function encodeSaslAuthenticate(
  correlationId: number,
  clientId: string,
  authBytes: Uint8Array,
  version: SaslAuthenticateVersion = 1,
): Buffer {
  const flexible = version >= 2
  const body = flexible
    ? new ByteWriter().compactBytes(authBytes).emptyTaggedFields()
    : new ByteWriter().bytes(authBytes)
  return encodeRequestFrame(API_KEY.SASL_AUTHENTICATE, version, correlationId, clientId, body.toBuffer(), flexible)
}

/** SaslHandshake v0–v1 response body: int16 error_code, [string] mechanisms */
export function decodeSaslHandshakeResponse(body: Buffer): { errorCode: number; mechanisms: string[] } {
  const reader = new ByteReader(body)
  const errorCode = reader.int16()
  const count = reader.arrayLength()
  const mechanisms: string[] = []
  for (let i = 0; i < count; i++) mechanisms.push(reader.string())
  return { errorCode, mechanisms }
}

export interface SaslAuthenticateAnswer {
  errorCode: number
  errorMessage: string | null
  authBytes: Buffer
  /** 0 when absent (v0) or when the broker sets no limit. */
  sessionLifetimeMs: number
  /** Where session_lifetime_ms sits in the body (v1 and later), so that it can be rewritten in place. */
  lifetimeOffset: number | undefined
}

/**
 * SaslAuthenticate response after its correlation id:
 *   v0–v1: int16 error_code | nullable string error_message | bytes auth_bytes | (v1) int64 session_lifetime_ms
 *   v2:    tagged fields (response header v1) | int16 error_code | compact nullable string error_message |
 *          compact bytes auth_bytes | int64 session_lifetime_ms | tagged fields
 * Throws WireFormatError on a truncated answer.
 */
export function decodeSaslAuthenticateResponse(body: Buffer, apiVersion: number): SaslAuthenticateAnswer {
  const reader = new ByteReader(body)
  const flexible = apiVersion >= 2
  if (flexible) reader.skipTaggedFields()
  const errorCode = reader.int16()
  const errorMessage = flexible ? reader.compactNullableString() : reader.nullableString()
  const authBytes = flexible ? reader.compactBytes() : reader.bytes()
  let sessionLifetimeMs = 0
  let lifetimeOffset: number | undefined
  if (apiVersion >= 1) {
    lifetimeOffset = reader.offset
    sessionLifetimeMs = Number(reader.int64())
  }
  if (flexible) reader.skipTaggedFields()
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs, lifetimeOffset }
}
