import { ByteReader } from '../../protocol/ByteReader.js'
import { ByteWriter } from '../../protocol/ByteWriter.js'
import { encodeResponseFrame } from './responseFrame.js'

// SaslHandshake (api key 17), v0–v1, never flexible (request header v1, response header v0).
//   Request:  string mechanism
//   Response: int16 error_code, int32 count, count × string mechanisms
// v0 means "raw SASL tokens follow, unframed"; v1 means "SaslAuthenticate requests follow". The emulator
// only speaks SaslAuthenticate and treats v0 like v1: every client in use today sends v1.

export function decodeSaslHandshakeRequest(body: Buffer): { mechanism: string } {
  return { mechanism: new ByteReader(body).string() }
}

export interface SaslHandshakeResponse {
  errorCode: number
  mechanisms: readonly string[]
}

/** The whole response frame. */
export function encodeSaslHandshakeResponse(correlationId: number, response: SaslHandshakeResponse): Buffer {
  const body = new ByteWriter().int16(response.errorCode).int32(response.mechanisms.length)
  for (const mechanism of response.mechanisms) body.nullableString(mechanism)
  return encodeResponseFrame(correlationId, 0, body.toBuffer())
}
