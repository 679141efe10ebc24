import { ByteReader } from '../../protocol/ByteReader.js'
import { readResponseHeader } from './responseFrame.js'
import { PayloadSplicer } from './PayloadSplicer.js'
import { spliceEndpoint, type EndpointFor } from './spliceEndpoint.js'

// DescribeCluster response (api key 60), DescribeClusterResponse.json, v0–v2, always flexible
// (response header v1):
//   int32 throttle_time_ms, int16 error_code, compact nullable string error_message,
//   v1+: int8 endpoint_type,
//   compact string cluster_id, int32 controller_id,
//   brokers: compact array of
//         int32 broker_id, compact string host, int32 port, compact nullable string rack,
//         v2+: bool is_fenced,
//         tagged fields
//   int32 cluster_authorized_operations, tagged fields — copied verbatim.

/**
 * Replaces every broker's host and port in a DescribeCluster response payload (size prefix removed).
 * Throws WireFormatError when the payload does not match the layout of `apiVersion`.
 */
export function rewriteDescribeClusterResponse(payload: Buffer, apiVersion: number, endpointFor: EndpointFor): Buffer {
  const { bodyOffset } = readResponseHeader(payload, 1)
  const reader = new ByteReader(payload, bodyOffset)
  const splicer = new PayloadSplicer(payload)
  reader.int32()
  reader.int16()
  reader.compactNullableString()
  if (apiVersion >= 1) reader.int8()
  reader.compactString()
  reader.int32()
  const brokers = reader.compactArrayLength()
  for (let i = 0; i < brokers; i++) {
    spliceEndpoint(reader, splicer, true, endpointFor)
    reader.compactNullableString()
    if (apiVersion >= 2) reader.int8()
    reader.skipTaggedFields()
  }
  return splicer.finish()
}
