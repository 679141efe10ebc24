// The three requests the readiness probe sends, encoded and decoded by hand so that the launcher needs
// no Kafka client (kafkajs is an optional peer). Versions are the oldest Kafka 4 still serves that carry
// what the probe reads; none is flexible, so every request has header v1 and every response header v0:
//   request header v1:  int16 api_key, int16 api_version, int32 correlation_id, nullable string client_id
//   response header v0: int32 correlation_id
import { ByteReader } from '../../protocol/ByteReader.js'
import { ByteWriter } from '../../protocol/ByteWriter.js'
import { metadataRequestBody, readMetadataBrokers } from '../../protocol/metadataMessages.js'
import { encodeRequestFrame } from '../../protocol/requestFrame.js'
import { PROBE_API, PROBE_CLIENT_ID } from './constants.js'

export type ProbeApi = (typeof PROBE_API)[keyof typeof PROBE_API]

/** A whole request frame: int32 size, header v1, body. */
export function requestFrame(api: ProbeApi, correlationId: number, body: Buffer): Buffer {
  return encodeRequestFrame(api.key, api.version, correlationId, PROBE_CLIENT_ID, body)
}

// Metadata v4 for every topic (src/protocol/metadataMessages.ts).
export const metadataRequest = (): Buffer => metadataRequestBody('all')

export interface PartitionState {
  topic: string
  partition: number
  errorCode: number
  leader: number
  replicas: number[]
  isr: number[]
}

export interface MetadataState {
  brokers: number[]
  controllerId: number
  partitions: PartitionState[]
}

const int32Array = (reader: ByteReader): number[] => {
  const count = reader.arrayLength()
  return Array.from({ length: Math.max(count, 0) }, () => reader.int32())
}

// Metadata v4 response: int32 throttle_time_ms; brokers [int32 node_id, string host, int32 port,
// nullable string rack]; nullable string cluster_id; int32 controller_id; topics [int16 error_code,
// string name, bool is_internal, partitions [int16 error_code, int32 partition_index, int32 leader_id,
// replica_nodes [int32], isr_nodes [int32]]].
export function readMetadataResponse(reader: ByteReader): MetadataState {
  const brokers = readMetadataBrokers(reader).map((b) => b.nodeId)
  reader.nullableString()
  const controllerId = reader.int32()
  const partitions: PartitionState[] = []
  for (let t = reader.arrayLength(); t > 0; t--) {
    reader.int16()
    const topic = reader.string()
    reader.int8()
    for (let p = reader.arrayLength(); p > 0; p--) {
      const errorCode = reader.int16()
      const partition = reader.int32()
      const leader = reader.int32()
      partitions.push({ topic, partition, errorCode, leader, replicas: int32Array(reader), isr: int32Array(reader) })
    }
  }
  return { brokers: brokers.sort((a, b) => a - b), controllerId, partitions }
}

// FindCoordinator v1 request: string key, int8 key_type (0 = group).
export const findCoordinatorRequest = (groupId: string): Buffer =>
  new ByteWriter().nullableString(groupId).int8(0).toBuffer()

// FindCoordinator v1 response: int32 throttle_time_ms, int16 error_code, nullable string error_message,
// int32 node_id, string host, int32 port.
export function readFindCoordinatorResponse(reader: ByteReader): { errorCode: number; nodeId: number } {
  reader.int32()
  const errorCode = reader.int16()
  reader.nullableString()
  return { errorCode, nodeId: reader.int32() }
}

// DescribeGroups v1 request: groups [string].
export const describeGroupsRequest = (groupId: string): Buffer =>
  new ByteWriter().int32(1).nullableString(groupId).toBuffer()

// DescribeGroups v1 response: int32 throttle_time_ms, groups [int16 error_code, string group_id, …]: only
// the first group's error code is read (COORDINATOR_LOAD_IN_PROGRESS while its partition loads).
export function readDescribeGroupsErrorCode(reader: ByteReader): number {
  reader.int32()
  if (reader.arrayLength() < 1) return -1
  return reader.int16()
}

/**
 * Java's String.hashCode for the group ids the probe makes up (ASCII), which is what Kafka's group
 * coordinator hashes: partitionFor(group) = abs(hashCode) % partitions, with abs(MIN_VALUE) = 0.
 */
export function offsetsPartitionFor(groupId: string, partitions: number): number {
  let hash = 0
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(hash, 31) + groupId.charCodeAt(i)) | 0
  const abs = hash === -2147483648 ? 0 : Math.abs(hash)
  return abs % partitions
}
