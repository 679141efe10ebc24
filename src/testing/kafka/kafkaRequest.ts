import * as net from 'node:net'
import { ByteReader } from '../../protocol/ByteReader.js'
import { FrameReader } from '../../protocol/FrameReader.js'
import { MAX_PROBE_RESPONSE_BYTES } from './constants.js'
import { requestFrame, type ProbeApi } from './probeMessages.js'

const CORRELATION_ID = 1
const RESPONSE_HEADER_BYTES = 4

/**
 * Sends one request on a new PLAINTEXT connection and resolves to a reader over the response body (past
 * the correlation id). Rejects on connection errors, a timeout, or a response that is not ours.
 */
export function kafkaRequest(
  target: { host: string; port: number },
  api: ProbeApi,
  body: Buffer,
  timeoutMs: number,
): Promise<ByteReader> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port })
    const frames = new FrameReader()
    const timer = setTimeout(
      () => finish(new Error(`no answer from ${target.host}:${target.port} in ${timeoutMs} ms`)),
      timeoutMs,
    )
    timer.unref()
    function finish(error: Error | undefined, reader?: ByteReader): void {
      clearTimeout(timer)
      socket.destroy()
      if (error) reject(error)
      else resolve(reader!)
    }
    socket.once('error', (err) => finish(err))
    socket.once('close', () => finish(new Error(`${target.host}:${target.port} closed the connection`)))
    socket.once('connect', () => socket.write(requestFrame(api, CORRELATION_ID, body)))
    socket.on('data', (chunk: Buffer) => {
      frames.push(chunk)
      const next = frames.next({ min: RESPONSE_HEADER_BYTES, max: MAX_PROBE_RESPONSE_BYTES })
      if (next.kind === 'need-more') return
      if (next.kind === 'invalid') return finish(new Error(`response frame of ${next.size} bytes`))
      const reader = new ByteReader(next.payload)
      if (reader.int32() !== CORRELATION_ID) return finish(new Error('response for another request'))
      finish(undefined, reader)
    })
  })
}
