import { ByteReader } from './ByteReader.js'
import { isFlexibleVersion } from './flexibleVersions.js'

/** The fields of a request header the emulator acts on. */
export interface RequestHeader {
  apiKey: number
  apiVersion: number
  correlationId: number
  clientId: string | null
  /** Where the body starts; undefined when the API's flexibility is unknown (the body is never read then). */
  bodyOffset: number | undefined
}

// Request header v1:  int16 api_key, int16 api_version, int32 correlation_id,
//                     nullable string client_id (int16 length, -1 = null)
// Request header v2:  the same, then tagged fields. client_id keeps the int16 length even in v2 so that any
//                     broker can read an ApiVersions header (RequestHeader.json, "flexibleVersions": "none").
// Header v0 (no client_id) is only used by ControlledShutdown v0, a broker-to-broker request: not accepted.

/**
 * Parses the request header at the start of a frame's payload (size prefix already removed).
 * Throws WireFormatError on truncated input.
 */
export function parseRequestHeader(payload: Buffer): RequestHeader {
  const reader = new ByteReader(payload)
  const apiKey = reader.int16()
  const apiVersion = reader.int16()
  const correlationId = reader.int32()
  const clientId = reader.nullableString()
  const flexible = isFlexibleVersion(apiKey, apiVersion)
  let bodyOffset: number | undefined
  if (flexible !== undefined) {
    if (flexible) reader.skipTaggedFields()
    bodyOffset = reader.offset
  }
  return { apiKey, apiVersion, correlationId, clientId, bodyOffset }
}
