import { ByteReader } from '../../protocol/ByteReader.js'
import { ByteWriter } from '../../protocol/ByteWriter.js'
import { encodeResponseFrame } from './responseFrame.js'

// SaslAuthenticate (api key 36), v0–v2, flexible from v2.
//   Request v0–v1:  bytes auth_bytes (int32 length)
//   Request v2:     compact bytes auth_bytes, tagged fields
//   Response v0:    int16 error_code, nullable string error_message, bytes auth_bytes
//   Response v1:    v0 + int64 session_lifetime_ms
//   Response v2:    int16 error_code, compact nullable string error_message, compact bytes auth_bytes,
//                   int64 session_lifetime_ms, tagged fields; response header v1 (v0–v1 use header v0)

/** The mechanism's token, a view into `body`. Throws WireFormatError. */
export function decodeSaslAuthenticateRequest(body: Buffer, apiVersion: number): { authBytes: Buffer } {
  const reader = new ByteReader(body)
  const authBytes = apiVersion >= 2 ? reader.compactBytes() : reader.bytes()
  return { authBytes }
}

export interface SaslAuthenticateResponse {
  errorCode: number
  errorMessage: string | null
  authBytes: Uint8Array
  /** Only on the wire from v1; 0 means "no re-authentication required". */
  sessionLifetimeMs: number
}

/** The whole response frame for request version `apiVersion`. */
export function encodeSaslAuthenticateResponse(
  correlationId: number,
  apiVersion: number,
  response: SaslAuthenticateResponse,
): Buffer {
  const flexible = apiVersion >= 2
  const body = new ByteWriter().int16(response.errorCode)
  if (flexible) body.compactNullableString(response.errorMessage).compactBytes(response.authBytes)
  else body.nullableString(response.errorMessage).bytes(response.authBytes)
  if (apiVersion >= 1) body.int64(BigInt(Math.max(0, Math.floor(response.sessionLifetimeMs))))
  if (flexible) body.emptyTaggedFields()
  return encodeResponseFrame(correlationId, flexible ? 1 : 0, body.toBuffer())
}
