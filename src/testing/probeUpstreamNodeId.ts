import net from 'node:net'
import { API_KEY, MIN_RESPONSE_FRAME_BYTES, PROBE_CLIENT_ID } from './constants.js'
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

/**
 * Asks the upstream broker for its Metadata and returns the node id of the broker that answers at
 * `upstream.port` (the only one, with the single-broker upstream the emulator is meant for), or
 * undefined if Kafka does not answer within `timeoutMs`. Never rejects.
 */
export function probeUpstreamNodeId(
  upstream: { host: string; port: number },
  timeoutMs: number,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: upstream.host, port: upstream.port })
    const frames = new FrameReader()
    const finish = (nodeId: number | undefined): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(nodeId)
    }
    const timer = setTimeout(() => finish(undefined), timeoutMs)
    timer.unref()
    socket.on('error', () => finish(undefined))
    socket.on('close', () => finish(undefined))
    socket.on('connect', () => socket.write(encodeProbeMetadataRequest()))
    socket.on('data', (chunk: Buffer) => {
      frames.push(chunk)
      const next = frames.next({ min: MIN_RESPONSE_FRAME_BYTES, max: MAX_PROBE_RESPONSE_BYTES })
      if (next.kind === 'need-more') return
      if (next.kind === 'invalid') return finish(undefined)
      let brokers: Broker[]
      try {
        brokers = readMetadataV4Brokers(next.payload)
      } catch {
        return finish(undefined)
      }
      // Several brokers: the emulator relays to one of them only, the one advertising the upstream port.
      finish((brokers.find((b) => b.port === upstream.port) ?? brokers[0])?.nodeId)
    })
  })
}

interface Broker {
  nodeId: number
  port: number
}

// Metadata v4 response: response header v0 (int32 correlation_id), int32 throttle_time_ms,
// brokers: int32 count, each int32 node_id, string host, int32 port, nullable string rack; then the rest.
function readMetadataV4Brokers(payload: Buffer): Broker[] {
  const reader = new ByteReader(payload)
  reader.int32()
  reader.int32()
  const brokers: Broker[] = []
  const count = reader.arrayLength()
  for (let i = 0; i < count; i++) {
    const nodeId = reader.int32()
    reader.string()
    const port = reader.int32()
    reader.nullableString()
    brokers.push({ nodeId, port })
  }
  return brokers
}
