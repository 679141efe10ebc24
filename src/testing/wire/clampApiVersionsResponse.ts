import { MAX_UNDERSTOOD_VERSION } from '../constants.js'
import { ERROR_CODE } from '../../constants.js'
import { ByteReader } from '../../protocol/ByteReader.js'
import { readResponseHeader } from './responseFrame.js'

// ApiVersions response (api key 18), ApiVersionsResponse.json, v0–v4, flexible from v3, but always with
// response header v0 (so that any client can read it):
//   int16 error_code,
//   api_keys: array (compact in v3+) of int16 api_key, int16 min_version, int16 max_version,
//             v3+: tagged fields
//   v1+: int32 throttle_time_ms; v3+: tagged fields (supported/finalized features) — copied verbatim.
// With error_code UNSUPPORTED_VERSION the broker answers in the v0 layout whatever was asked (KIP-511).

const HIGHEST_KNOWN_VERSION = 4

/**
 * Lowers each max_version the emulator cannot follow (see MAX_UNDERSTOOD_VERSION) so clients negotiate
 * only versions whose responses it can rewrite. Sizes do not change: the copy is patched in place.
 * Error answers and unknown future versions are returned unchanged. Throws WireFormatError.
 */
export function clampApiVersionsResponse(payload: Buffer, apiVersion: number): Buffer {
  if (apiVersion > HIGHEST_KNOWN_VERSION) return payload
  const { bodyOffset } = readResponseHeader(payload, 0)
  const reader = new ByteReader(payload, bodyOffset)
  if (reader.int16() !== ERROR_CODE.NONE) return payload
  const flexible = apiVersion >= 3
  const count = flexible ? reader.compactArrayLength() : reader.arrayLength()
  const out = Buffer.from(payload)
  for (let i = 0; i < count; i++) {
    const apiKey = reader.int16()
    reader.int16()
    const maxOffset = reader.offset
    const maxVersion = reader.int16()
    if (flexible) reader.skipTaggedFields()
    const limit = MAX_UNDERSTOOD_VERSION.get(apiKey)
    if (limit !== undefined && maxVersion > limit) out.writeInt16BE(limit, maxOffset)
  }
  return out
}
