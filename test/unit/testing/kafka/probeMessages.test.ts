// The readiness probe's hand-written Kafka messages. Expected partitions come from Kafka itself
// (jshell over kafka-clients 4.3.1: Utils.abs(s.hashCode()) % n, which GroupCoordinatorService.partitionFor
// computes); the byte layouts from the message schemas in kafka-clients (common/message/*.json).
import { ByteReader } from '../../../../src/protocol/ByteReader.js'
import { ByteWriter } from '../../../../src/protocol/ByteWriter.js'
import { probeGroups } from '../../../../src/testing/kafka/clusterReadiness.js'
import { PROBE_API } from '../../../../src/testing/kafka/constants.js'
import {
  describeGroupsRequest,
  findCoordinatorRequest,
  metadataRequest,
  offsetsPartitionFor,
  readDescribeGroupsErrorCode,
  readFindCoordinatorResponse,
  readMetadataResponse,
  requestFrame,
} from '../../../../src/testing/kafka/probeMessages.js'

describe('offsetsPartitionFor (Kafka: abs(String.hashCode) % partitions)', () => {
  it.each([
    ['hello', 3, 1],
    ['hello', 50, 22],
    ['polygenelubricants', 3, 0], // hashCode is Integer.MIN_VALUE: Kafka's Utils.abs makes it 0
    ['kafkajs-msk-iam-launcher-probe-0', 3, 2],
    ['kafkajs-msk-iam-launcher-probe-1', 50, 9],
    ['kafkajs-msk-iam-launcher-probe-7', 50, 15],
    ['group-é', 50, 33],
  ])('%j over %i partitions → %i', (group, partitions, expected) => {
    expect(offsetsPartitionFor(group, partitions)).toBe(expected)
  })

  it('probeGroups gives one group per partition, each mapping to its own', () => {
    for (const n of [1, 3, 5, 50]) {
      const groups = probeGroups(n)
      expect(groups).toHaveLength(n)
      expect(groups.map((g) => offsetsPartitionFor(g, n))).toEqual([...Array(n).keys()])
    }
  })
})

describe('requests', () => {
  it('a Metadata v4 request for all topics, framed with header v1', () => {
    const frame = requestFrame(PROBE_API.METADATA, 7, metadataRequest())
    const r = new ByteReader(frame)
    expect(r.int32()).toBe(frame.length - 4)
    expect([r.int16(), r.int16(), r.int32(), r.string()]).toEqual([3, 4, 7, 'kafkajs-msk-iam-launcher'])
    expect([r.int32(), r.int8(), r.remaining]).toEqual([-1, 0, 0]) // null topics = all; no auto-creation
  })
  it('FindCoordinator v1 (key, key type group) and DescribeGroups v1 (one group)', () => {
    const fc = new ByteReader(findCoordinatorRequest('g1'))
    expect([fc.string(), fc.int8(), fc.remaining]).toEqual(['g1', 0, 0])
    const dg = new ByteReader(describeGroupsRequest('g1'))
    expect([dg.int32(), dg.string(), dg.remaining]).toEqual([1, 'g1', 0])
  })
})

describe('responses', () => {
  it('Metadata v4: sorted broker ids, controller, partitions with replicas and ISR', () => {
    const w = new ByteWriter().int32(0) // throttle
    w.int32(2)
    for (const [id, port] of [
      [3, 9003],
      [1, 9001],
    ] as const)
      w.int32(id).nullableString('127.0.0.1').int32(port).nullableString(null)
    w.nullableString('cluster-id').int32(1)
    w.int32(1).int16(0).nullableString('t').int8(0)
    w.int32(1).int16(0).int32(0).int32(3)
    w.int32(2).int32(3).int32(1) // replicas
    w.int32(1).int32(3) // isr
    expect(readMetadataResponse(new ByteReader(w.toBuffer()))).toEqual({
      brokers: [1, 3],
      controllerId: 1,
      partitions: [{ topic: 't', partition: 0, errorCode: 0, leader: 3, replicas: [3, 1], isr: [3] }],
    })
  })
  it('FindCoordinator v1 and DescribeGroups v1', () => {
    const fc = new ByteWriter()
      .int32(0)
      .int16(15)
      .nullableString('not available')
      .int32(-1)
      .nullableString('')
      .int32(-1)
    expect(readFindCoordinatorResponse(new ByteReader(fc.toBuffer()))).toEqual({ errorCode: 15, nodeId: -1 })
    const dg = new ByteWriter().int32(0).int32(1).int16(14).nullableString('g')
    expect(readDescribeGroupsErrorCode(new ByteReader(dg.toBuffer()))).toBe(14)
    expect(readDescribeGroupsErrorCode(new ByteReader(new ByteWriter().int32(0).int32(0).toBuffer()))).toBe(-1)
  })
  it('a truncated answer throws (WireFormatError), never reads garbage', () => {
    expect(() => readMetadataResponse(new ByteReader(Buffer.from([0, 0, 0, 0, 0, 0, 0, 5])))).toThrow(/need/)
  })
})
