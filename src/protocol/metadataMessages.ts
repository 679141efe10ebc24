import { API_KEY } from '../constants.js'
import type { ByteReader } from './ByteReader.js'
import { ByteWriter } from './ByteWriter.js'
import { encodeRequestFrame } from './requestFrame.js'

// Metadata v4: the oldest version Kafka 4 still accepts (KIP-896), understood by every 2.x+ broker, never
// flexible (that starts at v9), so request header v1 and response header v0.
//   request body:  topics: int32 count (-1 = all topics, 0 = none) × string name | bool allow_auto_topic_creation
//   response body: int32 throttle_time_ms | brokers: int32 count × (int32 node_id, string host, int32 port,
//                  nullable string rack) | nullable string cluster_id | int32 controller_id | topics …

export const METADATA_VERSION = 4

/** A broker as Metadata names it: the address clients are told to connect to. */
export interface MetadataBroker {
  nodeId: number
  host: string
  port: number
}

/** The Metadata v4 request body for every topic, or for none (brokers only, nothing to authorize). */
export function metadataRequestBody(topics: 'all' | 'none'): Buffer {
  return new ByteWriter()
    .int32(topics === 'all' ? -1 : 0)
    .int8(0)
    .toBuffer()
}

/** A whole Metadata v4 request frame that asks for the brokers only. */
export function encodeBrokersMetadataRequest(correlationId: number, clientId: string): Buffer {
  return encodeRequestFrame(API_KEY.METADATA, METADATA_VERSION, correlationId, clientId, metadataRequestBody('none'))
}

/**
 * Reads a Metadata v4 response body up to its broker list (the reader stands after it, at cluster_id).
 * Throws WireFormatError on a truncated body.
 */
export function readMetadataBrokers(reader: ByteReader): MetadataBroker[] {
  reader.int32() // throttle_time_ms
  const brokers: MetadataBroker[] = []
  for (let i = reader.arrayLength(); i > 0; i--) {
    const nodeId = reader.int32()
    const host = reader.string()
    const port = reader.int32()
    reader.nullableString() // rack
    brokers.push({ nodeId, host, port })
  }
  return brokers
}
