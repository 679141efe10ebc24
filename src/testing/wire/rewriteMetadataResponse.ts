import { API_KEY } from '../../constants.js'
import { ByteReader } from '../../protocol/ByteReader.js'
import { isFlexibleVersion } from '../../protocol/flexibleVersions.js'
import { readResponseHeader } from './responseFrame.js'
import { PayloadSplicer } from './PayloadSplicer.js'
import { spliceEndpoint, type EndpointFor } from './spliceEndpoint.js'

// Metadata response (api key 3), MetadataResponse.json, v0–v13, flexible from v9 (response header v1):
//   v3+:  int32 throttle_time_ms
//   brokers: array (compact in v9+) of
//         int32 node_id, string host, int32 port,
//         v1+: nullable string rack,
//         v9+: tagged fields
//   … cluster_id, controller_id, topics, … — copied verbatim; only the broker list is rewritten.

/**
 * Replaces every broker's host and port in a Metadata response payload (size prefix removed).
 * Throws WireFormatError when the payload does not match the layout of `apiVersion`.
 */
export function rewriteMetadataResponse(payload: Buffer, apiVersion: number, endpointFor: EndpointFor): Buffer {
  const flexible = isFlexibleVersion(API_KEY.METADATA, apiVersion) === true
  const { bodyOffset } = readResponseHeader(payload, flexible ? 1 : 0)
  const reader = new ByteReader(payload, bodyOffset)
  const splicer = new PayloadSplicer(payload)
  if (apiVersion >= 3) reader.int32()
  const brokers = flexible ? reader.compactArrayLength() : reader.arrayLength()
  for (let i = 0; i < brokers; i++) {
    spliceEndpoint(reader, splicer, flexible, endpointFor)
    if (apiVersion >= 1) reader.skipString(flexible)
    if (flexible) reader.skipTaggedFields()
  }
  return splicer.finish()
}
