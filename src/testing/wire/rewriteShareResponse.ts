import { API_KEY } from '../../constants.js'
import { ByteReader, WireFormatError } from '../../protocol/ByteReader.js'
import { readResponseHeader } from './responseFrame.js'
import { PayloadSplicer } from './PayloadSplicer.js'
import { spliceEndpoint, type EndpointFor } from './spliceEndpoint.js'

// ShareFetch (api key 78) and ShareAcknowledge (79) responses, v1–v2 (KIP-932), always flexible
// (response header v1); from Kafka 4.3's ShareFetchResponse.json / ShareAcknowledgeResponse.json:
//   int32 throttle_time_ms, int16 error_code, compact nullable string error_message,
//   ShareFetch v1+ / ShareAcknowledge v2+: int32 acquisition_lock_timeout_ms,
//   responses: compact array of
//         uuid topic_id (16 bytes),
//         partitions: compact array of
//               int32 partition_index, int16 error_code, compact nullable string error_message,
//               ShareFetch only: int16 acknowledge_error_code, compact nullable string acknowledge_error_message,
//               current_leader: int32 leader_id, int32 leader_epoch, tagged fields,
//               ShareFetch only: compact nullable records (uvarint length + 1, 0 = null),
//                                acquired_records: compact array of int64, int64, int16, tagged fields,
//               tagged fields
//         tagged fields
//   node_endpoints: compact array of int32 node_id, compact string host, int32 port,
//         compact nullable string rack, tagged fields
//   tagged fields — copied verbatim.
// Kafka fills node_endpoints for the partitions that answered NOT_LEADER_OR_FOLLOWER, so that the client
// can go to the new leader at once: left alone, they would send it to Kafka's own listener.

/** v0 was KIP-932's early access (Kafka 4.0) with a layout of its own, removed in 4.1. */
const FIRST_STABLE_VERSION = 1
const UUID_BYTES = 16
const ACQUIRED_RECORDS_ENTRY_BYTES = 8 + 8 + 2

/**
 * Replaces every NodeEndpoint's host and port in a ShareFetch or ShareAcknowledge response payload (size
 * prefix removed). Throws WireFormatError when the payload does not match the layout of `apiVersion`.
 */
export function rewriteShareResponse(
  apiKey: number,
  payload: Buffer,
  apiVersion: number,
  endpointFor: EndpointFor,
): Buffer {
  const fetch = apiKey === API_KEY.SHARE_FETCH
  if (apiVersion < FIRST_STABLE_VERSION)
    throw new WireFormatError(`share-group API ${apiKey} v${apiVersion} (early access)`)
  const { bodyOffset } = readResponseHeader(payload, 1)
  const reader = new ByteReader(payload, bodyOffset)
  const splicer = new PayloadSplicer(payload)
  reader.int32()
  reader.int16()
  reader.compactNullableString()
  if (fetch || apiVersion >= 2) reader.int32()
  const topics = reader.compactArrayLength()
  for (let t = 0; t < topics; t++) {
    reader.skip(UUID_BYTES)
    const partitions = reader.compactArrayLength()
    for (let p = 0; p < partitions; p++) {
      reader.int32()
      reader.int16()
      reader.compactNullableString()
      if (fetch) {
        reader.int16()
        reader.compactNullableString()
      }
      reader.int32()
      reader.int32()
      reader.skipTaggedFields()
      if (fetch) {
        skipCompactNullableBytes(reader)
        const acquired = reader.compactArrayLength()
        for (let a = 0; a < acquired; a++) {
          reader.skip(ACQUIRED_RECORDS_ENTRY_BYTES)
          reader.skipTaggedFields()
        }
      }
      reader.skipTaggedFields()
    }
    reader.skipTaggedFields()
  }
  const endpoints = reader.compactArrayLength()
  for (let i = 0; i < endpoints; i++) {
    spliceEndpoint(reader, splicer, true, endpointFor)
    reader.compactNullableString()
    reader.skipTaggedFields()
  }
  return splicer.finish()
}

function skipCompactNullableBytes(reader: ByteReader): void {
  const lengthPlusOne = reader.uvarint()
  if (lengthPlusOne > 0) reader.skip(lengthPlusOne - 1)
}
