import { API_KEY, PRODUCE_FIRST_FLEXIBLE_VERSION } from '../constants.js'
import { ByteReader } from './ByteReader.js'

// What a client reads of the request frames it writes. Request header v1 (v2 adds tagged fields at the end):
//   int32 size | int16 api_key | int16 api_version | int32 correlation_id | nullable string client_id
// Produce body, up to acks (acks = 0: the broker sends no response at all):
//   v0–v2: int16 acks | …
//   v3–v8: nullable string transactional_id | int16 acks | …
//   v9+:   (header v2) compact nullable string transactional_id | int16 acks | …

/** The smallest frame with a whole request header up to the correlation id. */
export const MIN_REQUEST_FRAME_BYTES = 12

/** Api key, version and correlation id of a request frame of at least {@link MIN_REQUEST_FRAME_BYTES}. */
export function peekRequest(frame: Buffer): { apiKey: number; apiVersion: number; correlationId: number } {
  return { apiKey: frame.readInt16BE(4), apiVersion: frame.readInt16BE(6), correlationId: frame.readInt32BE(8) }
}

/** The client id of a request frame; undefined when it is null or cut short. */
export function readClientId(frame: Buffer): string | undefined {
  try {
    return new ByteReader(frame, MIN_REQUEST_FRAME_BYTES).nullableString() ?? undefined
  } catch {
    return undefined
  }
}

/**
 * Whether the broker answers this request: every request does, except Produce with acks = 0. A frame that
 * cannot be read is assumed to be answered, the safe guess for whoever waits for answers in order.
 */
export function expectsResponse(frame: Buffer): boolean {
  const { apiKey, apiVersion } = peekRequest(frame)
  if (apiKey !== API_KEY.PRODUCE) return true
  try {
    const reader = new ByteReader(frame, MIN_REQUEST_FRAME_BYTES)
    reader.nullableString() // client_id
    if (apiVersion >= PRODUCE_FIRST_FLEXIBLE_VERSION) {
      reader.skipTaggedFields()
      reader.compactNullableString()
    } else if (apiVersion >= 3) {
      reader.nullableString()
    }
    return reader.int16() !== 0
  } catch {
    return true
  }
}
