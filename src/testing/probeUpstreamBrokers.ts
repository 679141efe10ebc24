import * as net from 'node:net'
import { MIN_RESPONSE_FRAME_BYTES, PROBE_CLIENT_ID } from './constants.js'
import { API_KEY } from '../constants.js'
import { ByteReader } from '../protocol/ByteReader.js'
import { ByteWriter } from '../protocol/ByteWriter.js'
import { FrameReader } from '../protocol/FrameReader.js'

const PROBE_METADATA_VERSION = 4
const PROBE_CORRELATION_ID = 1
const MAX_PROBE_RESPONSE_BYTES = 16 * 1024 * 1024

// Metadata request v4 (never flexible below v9), request header v1:
//   int16 api_key = 3, int16 api_version = 4, int32 correlation_id, string client_id,
//   topics: int32 count (0 = no topics; -1 would mean all), bool allow_auto_topic_creation
// v4 is the oldest version Kafka 4 still accepts (KIP-896) and is understood by every 2.x+ broker.

/** The Metadata request frame the probe sends. */
export function encodeProbeMetadataRequest(): Buffer {
  const payload = new ByteWriter()
    .int16(API_KEY.METADATA)
    .int16(PROBE_METADATA_VERSION)
    .int32(PROBE_CORRELATION_ID)
    .nullableString(PROBE_CLIENT_ID)
    .int32(0)
    .int8(0)
    .toBuffer()
  return new ByteWriter().int32(payload.length).raw(payload).toBuffer()
}

/** A Kafka broker behind the emulator, as Metadata names it (PLAINTEXT listener). */
export interface UpstreamNode {
  nodeId: number
  host: string
  port: number
}

/**
 * Asks Kafka at `address` for its Metadata and returns every broker it lists, or undefined if it does not
 * answer within `timeoutMs` (the reason in `failure`). Never rejects.
 */
export function probeUpstreamBrokers(
  address: { host: string; port: number },
  timeoutMs: number,
): Promise<{ nodes: UpstreamNode[] } | { nodes: undefined; failure: string }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address.host, port: address.port })
    const frames = new FrameReader()
    let settled = false
    const finish = (result: { nodes: UpstreamNode[] } | { nodes: undefined; failure: string }): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(() => finish({ nodes: undefined, failure: `no answer within ${timeoutMs} ms` }), timeoutMs)
    timer.unref()
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ nodes: undefined, failure: err.code ?? err.message }))
    socket.on('close', () => finish({ nodes: undefined, failure: 'connection closed without an answer' }))
    socket.on('connect', () => socket.write(encodeProbeMetadataRequest()))
    socket.on('data', (chunk: Buffer) => {
      frames.push(chunk)
      const next = frames.next({ min: MIN_RESPONSE_FRAME_BYTES, max: MAX_PROBE_RESPONSE_BYTES })
      if (next.kind === 'need-more') return
      if (next.kind === 'invalid') return finish({ nodes: undefined, failure: 'not a Kafka answer' })
      try {
        finish({ nodes: readMetadataV4Brokers(next.payload) })
      } catch {
        finish({ nodes: undefined, failure: 'not a Metadata answer' })
      }
    })
  })
}

// Metadata v4 response: response header v0 (int32 correlation_id), int32 throttle_time_ms,
// brokers: int32 count, each int32 node_id, string host, int32 port, nullable string rack; then the rest.
function readMetadataV4Brokers(payload: Buffer): UpstreamNode[] {
  const reader = new ByteReader(payload)
  reader.int32()
  reader.int32()
  const brokers: UpstreamNode[] = []
  const count = reader.arrayLength()
  for (let i = 0; i < count; i++) {
    const nodeId = reader.int32()
    const host = reader.string()
    const port = reader.int32()
    reader.nullableString()
    brokers.push({ nodeId, host, port })
  }
  return brokers
}
