// Broker-address rewriting of Metadata, FindCoordinator and DescribeCluster responses and the ApiVersions
// clamp, on hand-built responses of several versions, flexible and not. Bytes after the parsed part are
// arbitrary on purpose: they must come out unchanged.
import { clampApiVersionsResponse } from '../../../../src/testing/wire/clampApiVersionsResponse.js'
import { rewriteResponse } from '../../../../src/testing/wire/rewriteResponse.js'
import type { EndpointFor } from '../../../../src/testing/wire/spliceEndpoint.js'
import { cat, cstr, i16, i32, i8, str, tags0, tagsOne, uv } from '../../../helpers/emulatorBytes.js'

const TRAILER = Buffer.from('rest-of-response:\x00\x01\x02\xff', 'latin1')
const endpointFor: EndpointFor = (nodeId) =>
  nodeId < 0 ? undefined : { host: `b-${nodeId}.local.abc123.c1.kafka.us-east-1.amazonaws.com`, port: 9098 }
const msk = (id: number): string => `b-${id}.local.abc123.c1.kafka.us-east-1.amazonaws.com`

interface Broker {
  id: number
  host: string
  port: number
  rack: string | null
}
const kafkaBrokers: Broker[] = [
  { id: 1, host: '127.0.0.1', port: 39092, rack: null },
  { id: 2, host: 'kafka-2.internal.example', port: 9093, rack: 'use1-az1' },
]
const advertised = (brokers: Broker[]): Broker[] => brokers.map((b) => ({ ...b, host: msk(b.id), port: 9098 }))

function metadata(version: number, brokers: Broker[]): Buffer {
  const flexible = version >= 9
  const s = flexible ? cstr : str
  const parts = [i32(7)]
  if (flexible) parts.push(tagsOne)
  if (version >= 3) parts.push(i32(0))
  parts.push(flexible ? uv(brokers.length + 1) : i32(brokers.length))
  for (const b of brokers) {
    parts.push(i32(b.id), s(b.host), i32(b.port))
    if (version >= 1) parts.push(s(b.rack))
    if (flexible) parts.push(tagsOne)
  }
  return cat(...parts, TRAILER)
}

describe('Metadata rewriting', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])(
    'v%i: every broker gets the MSK name and listener port',
    (version) => {
      const brokers = version === 0 ? kafkaBrokers.map((b) => ({ ...b, rack: null })) : kafkaBrokers
      expect(rewriteResponse(3, version, metadata(version, brokers), endpointFor)).toEqual(
        metadata(version, advertised(brokers)),
      )
    },
  )

  it('handles an empty broker list', () => {
    expect(rewriteResponse(3, 12, metadata(12, []), endpointFor)).toEqual(metadata(12, []))
  })

  it('throws on a truncated broker list instead of passing Kafka bytes through', () => {
    const truncated = metadata(6, kafkaBrokers).subarray(0, 30)
    expect(() => rewriteResponse(3, 6, truncated, endpointFor)).toThrow(
      expect.objectContaining({ name: 'WireFormatError' }) as Error,
    )
  })
})

function findCoordinatorSingle(version: number, nodeId: number, host: string, port: number): Buffer {
  const flexible = version >= 3
  const s = flexible ? cstr : str
  const parts = [i32(8)]
  if (flexible) parts.push(tags0)
  if (version >= 1) parts.push(i32(0))
  parts.push(i16(0))
  if (version >= 1) parts.push(s(null))
  parts.push(i32(nodeId), s(host), i32(port))
  if (flexible) parts.push(tagsOne)
  return cat(...parts)
}

function findCoordinatorBatched(
  coordinators: { key: string; id: number; host: string; port: number; error: number }[],
): Buffer {
  const parts = [i32(8), tags0, i32(0), uv(coordinators.length + 1)]
  for (const c of coordinators)
    parts.push(
      cstr(c.key),
      i32(c.id),
      cstr(c.host),
      i32(c.port),
      i16(c.error),
      cstr(c.error ? 'not available' : null),
      tags0,
    )
  return cat(...parts, tagsOne)
}

describe('FindCoordinator rewriting', () => {
  it.each([0, 1, 2, 3])('v%i (single coordinator)', (version) => {
    expect(rewriteResponse(10, version, findCoordinatorSingle(version, 1, '127.0.0.1', 39092), endpointFor)).toEqual(
      findCoordinatorSingle(version, 1, msk(1), 9098),
    )
  })

  it('leaves the "no coordinator" placeholder (node -1) alone', () => {
    const payload = findCoordinatorSingle(2, -1, '', -1)
    expect(rewriteResponse(10, 2, payload, endpointFor)).toEqual(payload)
  })

  it.each([4, 5, 6])('v%i (batched coordinators)', (version) => {
    const kafka = [
      { key: 'group-a', id: 1, host: '127.0.0.1', port: 39092, error: 0 },
      { key: 'group-b', id: -1, host: '', port: -1, error: 15 },
      { key: 'group-c', id: 2, host: 'kafka-2', port: 9093, error: 0 },
    ]
    const expected = kafka.map((c) => (c.id < 0 ? c : { ...c, host: msk(c.id), port: 9098 }))
    expect(rewriteResponse(10, version, findCoordinatorBatched(kafka), endpointFor)).toEqual(
      findCoordinatorBatched(expected),
    )
  })
})

function describeCluster(version: number, brokers: Broker[]): Buffer {
  const parts = [i32(9), tags0, i32(0), i16(0), cstr(null)]
  if (version >= 1) parts.push(i8(1))
  parts.push(cstr('cluster-id-xyz'), i32(1), uv(brokers.length + 1))
  for (const b of brokers) {
    parts.push(i32(b.id), cstr(b.host), i32(b.port), cstr(b.rack))
    if (version >= 2) parts.push(i8(0))
    parts.push(tagsOne)
  }
  return cat(...parts, TRAILER)
}

describe('DescribeCluster rewriting', () => {
  it.each([0, 1, 2])('v%i', (version) => {
    expect(rewriteResponse(60, version, describeCluster(version, kafkaBrokers), endpointFor)).toEqual(
      describeCluster(version, advertised(kafkaBrokers)),
    )
  })
})

function apiVersions(version: number, entries: [number, number, number][], errorCode = 0): Buffer {
  const flexible = version >= 3
  const parts = [i32(1), i16(errorCode), flexible ? uv(entries.length + 1) : i32(entries.length)]
  for (const [key, min, max] of entries) parts.push(i16(key), i16(min), i16(max), flexible ? tags0 : Buffer.alloc(0))
  if (version >= 1) parts.push(i32(0))
  return cat(...parts, flexible ? tagsOne : Buffer.alloc(0))
}

describe('ApiVersions clamp', () => {
  const kafka: [number, number, number][] = [
    [0, 3, 13],
    [1, 4, 18],
    [2, 1, 10],
    [3, 0, 14],
    [10, 0, 7],
    [17, 0, 1],
    [36, 0, 3],
    [55, 0, 2],
    [60, 0, 2],
  ]
  const clamped: [number, number, number][] = [
    [0, 3, 9],
    [1, 4, 15],
    [2, 1, 10],
    [3, 0, 13],
    [10, 0, 6],
    [17, 0, 1],
    [36, 0, 2],
    [55, 0, 1],
    [60, 0, 2],
  ]
  it.each([0, 1, 2, 3, 4])('v%i lowers only the versions the emulator cannot rewrite', (version) => {
    expect(clampApiVersionsResponse(apiVersions(version, kafka), version)).toEqual(apiVersions(version, clamped))
  })
  it('leaves error answers (v0 layout, KIP-511) and unknown versions alone', () => {
    const error = apiVersions(0, kafka, 35)
    expect(clampApiVersionsResponse(error, 3)).toBe(error)
    const future = apiVersions(3, kafka)
    expect(clampApiVersionsResponse(future, 5)).toBe(future)
  })
})

describe('other responses', () => {
  it('are returned as the same object', () => {
    const payload = cat(i32(1), TRAILER)
    expect(rewriteResponse(1, 12, payload, endpointFor)).toBe(payload)
  })
})

// ShareFetch (78) and ShareAcknowledge (79) responses, v1–v2 (KIP-932; always flexible, response header v1),
// end with NodeEndpoints: the leaders named in partitions that answered NOT_LEADER_OR_FOLLOWER.
const NOT_LEADER_OR_FOLLOWER = 6
const uuid = Buffer.from('00112233445566778899aabbccddeeff', 'hex')

/** v1 and v2 share one layout. */
function shareFetch(endpoints: Broker[]): Buffer {
  const records = Buffer.from('record-batch-bytes')
  const partition = cat(
    i32(0),
    i16(NOT_LEADER_OR_FOLLOWER),
    cstr('moved'),
    i16(0),
    cstr(null),
    i32(2), // current leader id
    i32(5), // leader epoch
    tagsOne,
    cat(uv(records.length + 1), records),
    uv(2),
    cat(Buffer.alloc(8, 1), Buffer.alloc(8, 2), i16(1), tags0),
    tagsOne,
  )
  const nullRecords = cat(i32(1), i16(0), cstr(null), i16(0), cstr(null), i32(1), i32(5), tags0, uv(0), uv(1), tags0)
  const topic = cat(uuid, uv(3), partition, nullRecords, tagsOne)
  return cat(i32(42), tags0, i32(0), i16(0), cstr(null), i32(30_000), uv(2), topic, nodeEndpoints(endpoints), tagsOne)
}

function shareAcknowledge(version: number, endpoints: Broker[]): Buffer {
  const partition = cat(i32(3), i16(NOT_LEADER_OR_FOLLOWER), cstr(null), i32(2), i32(9), tags0, tagsOne)
  const topic = cat(uuid, uv(2), partition, tags0)
  return cat(
    i32(43),
    tags0,
    i32(0),
    i16(0),
    cstr(null),
    version >= 2 ? i32(30_000) : Buffer.alloc(0),
    uv(2),
    topic,
    nodeEndpoints(endpoints),
    tags0,
  )
}

function nodeEndpoints(brokers: Broker[]): Buffer {
  const parts = [uv(brokers.length + 1)]
  for (const b of brokers) parts.push(i32(b.id), cstr(b.host), i32(b.port), cstr(b.rack), tagsOne)
  return cat(...parts)
}

describe('share-group responses (KIP-932) rewriting', () => {
  it.each([1, 2])('ShareFetch v%i: every NodeEndpoint gets the MSK name and listener port', (version) => {
    expect(rewriteResponse(78, version, shareFetch(kafkaBrokers), endpointFor)).toEqual(
      shareFetch(advertised(kafkaBrokers)),
    )
  })
  it.each([1, 2])('ShareAcknowledge v%i: every NodeEndpoint gets the MSK name and listener port', (version) => {
    expect(rewriteResponse(79, version, shareAcknowledge(version, kafkaBrokers), endpointFor)).toEqual(
      shareAcknowledge(version, advertised(kafkaBrokers)),
    )
  })
  it('leaves an answer without endpoints byte for byte', () => {
    const payload = shareAcknowledge(2, [])
    expect(rewriteResponse(79, 2, payload, endpointFor)).toEqual(payload)
  })
  it('refuses v0 (early access, another layout) rather than guess', () => {
    expect(() => rewriteResponse(78, 0, shareFetch(kafkaBrokers), endpointFor)).toThrow(
      expect.objectContaining({ name: 'WireFormatError' }) as Error,
    )
  })
  it('throws on a truncated answer instead of passing Kafka addresses through', () => {
    const truncated = shareFetch(kafkaBrokers).subarray(0, 60)
    expect(() => rewriteResponse(78, 1, truncated, endpointFor)).toThrow(
      expect.objectContaining({ name: 'WireFormatError' }) as Error,
    )
  })
})
