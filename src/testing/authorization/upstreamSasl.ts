import { ByteReader } from '../../protocol/ByteReader.js'
import { ByteWriter } from '../../protocol/ByteWriter.js'
import { encodeRequestFrame } from '../../protocol/requestFrame.js'
import { API_KEY } from '../../constants.js'

// The emulator as a SASL *client* of the upstream broker: the mirror of wire/saslHandshake.ts and
// wire/saslAuthenticate.ts (which answer clients). Request frames include the int32 size prefix.
//
// SaslHandshake v1 request, header v1 (never flexible):
//   int16 api_key=17, int16 api_version=1, int32 correlation_id, string client_id | string mechanism
// SaslHandshake response, header v0: int32 correlation_id | int16 error_code, int32 n, n × string
//
// SaslAuthenticate v1 request, header v1: int16 36, int16 1, int32 correlation_id, string client_id |
//   bytes auth_bytes
// SaslAuthenticate v2 request, header v2 (flexible): … string client_id, tagged fields | compact bytes
//   auth_bytes, tagged fields
// SaslAuthenticate response v1, header v0: int32 correlation_id | int16 error_code, nullable string
//   error_message, bytes auth_bytes, int64 session_lifetime_ms
// SaslAuthenticate response v2, header v1: int32 correlation_id, tagged fields | int16 error_code,
//   compact nullable string error_message, compact bytes auth_bytes, int64 session_lifetime_ms, tagged fields

export const UPSTREAM_HANDSHAKE_VERSION = 1

export type SaslAuthenticateVersion = 1 | 2

export function encodeSaslHandshakeRequest(correlationId: number, clientId: string, mechanism: string): Buffer {
  const body = new ByteWriter().nullableString(mechanism).toBuffer()
  return encodeRequestFrame(API_KEY.SASL_HANDSHAKE, UPSTREAM_HANDSHAKE_VERSION, correlationId, clientId, body)
}

export interface SaslHandshakeAnswer {
  correlationId: number
  errorCode: number
  mechanisms: string[]
}

/** `payload` is a response frame without its size prefix. Throws WireFormatError. */
export function decodeSaslHandshakeResponse(payload: Buffer): SaslHandshakeAnswer {
  const reader = new ByteReader(payload)
  const correlationId = reader.int32()
  const errorCode = reader.int16()
  const count = reader.arrayLength()
  const mechanisms: string[] = []
  for (let i = 0; i < count; i++) mechanisms.push(reader.string())
  return { correlationId, errorCode, mechanisms }
}

export function encodeSaslAuthenticateRequest(
  correlationId: number,
  clientId: string,
  version: SaslAuthenticateVersion,
  authBytes: Uint8Array,
): Buffer {
  const flexible = version >= 2
  const body = flexible
    ? new ByteWriter().compactBytes(authBytes).emptyTaggedFields()
    : new ByteWriter().bytes(authBytes)
  return encodeRequestFrame(API_KEY.SASL_AUTHENTICATE, version, correlationId, clientId, body.toBuffer(), flexible)
}

export interface SaslAuthenticateAnswer {
  correlationId: number
  errorCode: number
  errorMessage: string | null
  authBytes: Buffer
  sessionLifetimeMs: bigint
}

/** `payload` is a response frame without its size prefix. Throws WireFormatError. */
export function decodeSaslAuthenticateResponse(
  payload: Buffer,
  version: SaslAuthenticateVersion,
): SaslAuthenticateAnswer {
  const reader = new ByteReader(payload)
  const correlationId = reader.int32()
  const flexible = version >= 2
  if (flexible) reader.skipTaggedFields()
  const errorCode = reader.int16()
  const errorMessage = flexible ? reader.compactNullableString() : reader.nullableString()
  const authBytes = flexible ? reader.compactBytes() : reader.bytes()
  const sessionLifetimeMs = reader.int64()
  if (flexible) reader.skipTaggedFields()
  return { correlationId, errorCode, errorMessage, authBytes, sessionLifetimeMs }
}
