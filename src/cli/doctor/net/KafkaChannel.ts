import type { Socket } from 'node:net'
import { FrameReader } from '../../../protocol/FrameReader.js'

/** Why a request got no answer. `tls-reply`: the broker answered with a TLS record (a TLS port reached without TLS). */
export type ChannelFailure = 'closed' | 'timeout' | 'tls-reply' | 'invalid-frame'

export class ChannelError extends Error {
  override readonly name = 'ChannelError'
  constructor(
    readonly reason: ChannelFailure,
    message: string,
  ) {
    super(message)
  }
}

/** Responses before authentication are small; anything bigger is not a Kafka answer to our requests. */
const MAX_RESPONSE_BYTES = 1 << 20
/** First bytes of a TLS alert or handshake record (content type 21 or 22, major version 3). */
const TLS_RECORD = /^[\x15\x16]\x03/

/**
 * One request at a time over a connected socket: write a frame, wait for the frame that answers it.
 * Just enough Kafka client for SaslHandshake and SaslAuthenticate.
 */
export class KafkaChannel {
  private readonly frames = new FrameReader()
  private pending:
    { resolve: (body: Buffer) => void; reject: (error: ChannelError) => void; correlationId: number } | undefined
  private ended: ChannelError | undefined
  private nextCorrelationId = 1
  private sawData = false

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', () => undefined)
    socket.once('close', () =>
      this.end(new ChannelError('closed', 'the broker closed the connection without an answer')),
    )
  }

  correlationId(): number {
    return this.nextCorrelationId++
  }

  /** Sends `frame` (built with `correlationId`) and resolves with the response body after the correlation id. */
  request(frame: Buffer, correlationId: number, timeoutMs: number): Promise<Buffer> {
    if (this.ended) return Promise.reject(this.ended)
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined
        reject(new ChannelError('timeout', `no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending = {
        correlationId,
        resolve: (body) => (clearTimeout(timer), resolve(body)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      }
      this.socket.write(frame)
    })
  }

  close(): void {
    this.socket.destroy()
  }

  private onData(chunk: Buffer): void {
    if (!this.sawData && TLS_RECORD.test(chunk.subarray(0, 2).toString('latin1'))) {
      this.end(new ChannelError('tls-reply', 'the broker answered with TLS'))
      this.close()
      return
    }
    this.sawData = true
    this.frames.push(chunk)
    for (;;) {
      const next = this.frames.next({ min: 4, max: MAX_RESPONSE_BYTES })
      if (next.kind === 'need-more') return
      if (next.kind === 'invalid') {
        this.end(new ChannelError('invalid-frame', `the answer is not a Kafka frame (size ${next.size})`))
        this.close()
        return
      }
      const pending = this.pending
      if (pending && next.payload.readInt32BE(0) === pending.correlationId) {
        this.pending = undefined
        pending.resolve(next.payload.subarray(4))
      }
    }
  }

  private end(error: ChannelError): void {
    this.ended ??= error
    const pending = this.pending
    this.pending = undefined
    pending?.reject(this.ended)
  }
}
