import * as net from 'node:net'
import { MIN_RESPONSE_FRAME_BYTES, PROBE_CLIENT_ID } from './constants.js'
import { ByteReader } from '../protocol/ByteReader.js'
import { FrameReader } from '../protocol/FrameReader.js'
import { encodeBrokersMetadataRequest, readMetadataBrokers, type MetadataBroker } from '../protocol/metadataMessages.js'

const PROBE_CORRELATION_ID = 1
const MAX_PROBE_RESPONSE_BYTES = 16 * 1024 * 1024

/** A Kafka broker behind the emulator, as Metadata names it (PLAINTEXT listener). */
export type UpstreamNode = MetadataBroker

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
    socket.on('connect', () => socket.write(encodeBrokersMetadataRequest(PROBE_CORRELATION_ID, PROBE_CLIENT_ID)))
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

/** A Metadata response frame's payload: response header v0 (int32 correlation_id), then the body. */
function readMetadataV4Brokers(payload: Buffer): UpstreamNode[] {
  const reader = new ByteReader(payload)
  reader.int32()
  return readMetadataBrokers(reader)
}
