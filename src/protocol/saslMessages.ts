import { API_KEY } from '../constants.js'
import { ByteReader } from './ByteReader.js'
import { ByteWriter } from './ByteWriter.js'
import { encodeRequestFrame } from './requestFrame.js'

// The client side of SaslHandshake and SaslAuthenticate, as the re-authentication scheduler and the doctor
// send them, and of the answers they read. Versions are fixed at SaslHandshake v1 and SaslAuthenticate v1
// (neither flexible): v1 is the first to carry session_lifetime_ms, every MSK broker accepts it, and
// kafkajs 2.2.4 uses the same.

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

/** SaslAuthenticate v1 request body: bytes auth_bytes (int32 length) */
export function encodeSaslAuthenticate(correlationId: number, clientId: string, authBytes: Buffer): Buffer {
  return encodeRequestFrame(
    API_KEY.SASL_AUTHENTICATE,
    1,
    correlationId,
    clientId,
    new ByteWriter().bytes(authBytes).toBuffer(),
  )
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
  /** Where session_lifetime_ms sits in the body (v1 only), so that it can be rewritten in place. */
  lifetimeOffset: number | undefined
}

/**
 * SaslAuthenticate v0–v1 response body:
 *   int16 error_code | nullable string error_message | bytes auth_bytes | (v1) int64 session_lifetime_ms
 */
export function decodeSaslAuthenticateResponse(body: Buffer, apiVersion: number): SaslAuthenticateAnswer {
  const reader = new ByteReader(body)
  const errorCode = reader.int16()
  const errorMessage = reader.nullableString()
  const authBytes = reader.bytes()
  let sessionLifetimeMs = 0
  let lifetimeOffset: number | undefined
  if (apiVersion >= 1) {
    lifetimeOffset = reader.offset
    sessionLifetimeMs = Number(reader.int64())
  }
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs, lifetimeOffset }
}
