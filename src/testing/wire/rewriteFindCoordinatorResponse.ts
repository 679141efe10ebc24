import { FIND_COORDINATOR_BATCHED_VERSION } from '../constants.js'
import { API_KEY } from '../../constants.js'
import { ByteReader } from '../../protocol/ByteReader.js'
import { isFlexibleVersion } from '../../protocol/flexibleVersions.js'
import { readResponseHeader } from './responseFrame.js'
import { PayloadSplicer } from './PayloadSplicer.js'
import { spliceEndpoint, type EndpointFor } from './spliceEndpoint.js'

// FindCoordinator response (api key 10), FindCoordinatorResponse.json, v0–v6, flexible from v3
// (response header v1):
//   v0:     int16 error_code, int32 node_id, string host, int32 port
//   v1–v2:  int32 throttle_time_ms, int16 error_code, nullable string error_message,
//           int32 node_id, string host, int32 port
//   v3:     as v1–v2 with compact strings, then tagged fields
//   v4+:    int32 throttle_time_ms, coordinators: compact array of
//             compact string key, int32 node_id, compact string host, int32 port,
//             int16 error_code, compact nullable string error_message, tagged fields
//           then tagged fields

/**
 * Replaces the coordinator's (or, from v4, every coordinator's) host and port in a FindCoordinator
 * response payload (size prefix removed). Throws WireFormatError on a layout mismatch.
 */
export function rewriteFindCoordinatorResponse(payload: Buffer, apiVersion: number, endpointFor: EndpointFor): Buffer {
  const flexible = isFlexibleVersion(API_KEY.FIND_COORDINATOR, apiVersion) === true
  const { bodyOffset } = readResponseHeader(payload, flexible ? 1 : 0)
  const reader = new ByteReader(payload, bodyOffset)
  const splicer = new PayloadSplicer(payload)
  if (apiVersion >= 1) reader.int32()
  if (apiVersion < FIND_COORDINATOR_BATCHED_VERSION) {
    reader.int16()
    if (apiVersion >= 1) reader.skipString(flexible)
    spliceEndpoint(reader, splicer, flexible, endpointFor)
    return splicer.finish()
  }
  const coordinators = reader.compactArrayLength()
  for (let i = 0; i < coordinators; i++) {
    reader.compactString()
    spliceEndpoint(reader, splicer, true, endpointFor)
    reader.int16()
    reader.compactNullableString()
    reader.skipTaggedFields()
  }
  return splicer.finish()
}
