// Shared pieces of the emulator's integration tests: the real broker's address, a kafkajs socket factory
// that resolves MSK-shaped names to the emulator on 127.0.0.1, a kafkajs AWS_MSK_IAM mechanism built on the
// test-only signer, and a raw Kafka client for protocol-level checks.
import net from 'node:net'
import tls from 'node:tls'
import type { Mechanism } from 'kafkajs'
import { FrameReader } from '../../src/protocol/FrameReader.js'
import type { EmulatorIdentity } from '../../src/testing/verifier/types.js'
import { signIamPayload } from './emulatorTestSigner.js'

export function kafkaUpstream(): { host: string; port: number } {
  const bootstrap = process.env.KAFKA_BOOTSTRAP?.split(',')[0]
  if (!bootstrap) throw new Error('KAFKA_BOOTSTRAP is not set: the integration globalSetup did not run')
  const at = bootstrap.lastIndexOf(':')
  return { host: bootstrap.slice(0, at), port: Number(bootstrap.slice(at + 1)) }
}

/** net/tls `lookup` that sends every name to 127.0.0.1 (Node 20 may ask with `{ all: true }`). */
export const loopbackLookup: net.LookupFunction = (_hostname, options, callback) => {
  const cb = callback
  if (typeof options === 'object' && options !== null && (options as { all?: boolean }).all)
    cb(null, [{ address: '127.0.0.1', family: 4 }])
  else cb(null, '127.0.0.1', 4)
}

/** The arguments kafkajs passes a socketFactory (`ssl` typed loosely so wrappers of other shapes fit too). */
export interface SocketFactoryArgs {
  host: string
  port: number
  ssl?: unknown
  onConnect?: () => void
}

/** kafkajs socketFactory connecting to MSK-shaped names on 127.0.0.1, with SNI; records every (host, port). */
export function mskSocketFactory(
  connections: { host: string; port: number }[] = [],
): (args: SocketFactoryArgs) => net.Socket {
  return ({ host, port, ssl, onConnect }) => {
    connections.push({ host, port })
    const socket = ssl
      ? tls.connect(
          {
            ...(typeof ssl === 'object' ? ssl : {}),
            host,
            port,
            servername: host,
            lookup: loopbackLookup,
          },
          onConnect,
        )
      : net.connect({ host, port, lookup: loopbackLookup }, onConnect)
    socket.setKeepAlive(true, 60_000)
    return socket
  }
}

/** The int32 length prefix kafkajs expects around SASL tokens. */
const withLength = (bytes: Buffer): Buffer => {
  const prefix = Buffer.alloc(4)
  prefix.writeInt32BE(bytes.length)
  return Buffer.concat([prefix, bytes])
}

/**
 * kafkajs custom SASL mechanism AWS_MSK_IAM signing with the test signer for the host kafkajs connects to.
 * `identity()` is read on every (re-)authentication, so a test can switch credentials mid-run.
 */
export function testIamMechanism(identity: () => EmulatorIdentity, region: string, answers: unknown[] = []): Mechanism {
  return {
    mechanism: 'AWS_MSK_IAM',
    authenticationProvider: ({ host, saslAuthenticate }) => ({
      authenticate: async () => {
        const payload = signIamPayload({ host, region, ...identity(), now: Date.now() })
        const answer = await saslAuthenticate<unknown>({
          request: { encode: () => withLength(payload) },
          response: {
            decode: (raw: Buffer) => raw.subarray(4),
            parse: (data: Buffer) => JSON.parse(data.toString('utf8')) as unknown,
          },
        })
        answers.push(answer)
      },
    }),
  }
}

export interface RawResponse {
  /** The whole payload after the size prefix (correlation id first). */
  payload: Buffer
  correlationId: number
}

/** A bare Kafka connection for protocol checks: write hand-built frames, read frames back in order. */
export class RawClient {
  readonly responses: RawResponse[] = []
  readonly closed: Promise<void>
  private readonly frames = new FrameReader()
  private waiters: (() => void)[] = []

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.frames.push(chunk)
      for (
        let next = this.frames.next({ min: 4, max: 1 << 30 });
        next.kind === 'frame';
        next = this.frames.next({ min: 4, max: 1 << 30 })
      ) {
        this.responses.push({ payload: Buffer.from(next.payload), correlationId: next.payload.readInt32BE(0) })
      }
      this.wake()
    })
    socket.on('error', () => undefined)
    this.closed = new Promise((resolve) => socket.once('close', () => (this.wake(), resolve())))
  }

  static connect(port: number, opts: { tls?: { ca: string; servername?: string } } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = opts.tls
        ? tls.connect({
            host: '127.0.0.1',
            port,
            ca: opts.tls.ca,
            servername: opts.tls.servername,
            lookup: loopbackLookup,
          })
        : net.connect({ host: '127.0.0.1', port })
      socket.once(opts.tls ? 'secureConnect' : 'connect', () => resolve(new RawClient(socket)))
      socket.once('error', reject)
    })
  }

  /** Writes a request payload (size prefix added). */
  send(payload: Buffer): void {
    const prefix = Buffer.alloc(4)
    prefix.writeInt32BE(payload.length)
    this.socket.write(Buffer.concat([prefix, payload]))
  }

  /** Resolves once `count` responses arrived, or rejects when the socket closes first or after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<RawResponse[]> {
    const deadline = Date.now() + timeoutMs
    while (this.responses.length < count) {
      if (this.socket.destroyed) throw new Error(`closed after ${this.responses.length} of ${count} responses`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`timed out after ${this.responses.length} of ${count} responses`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => (clearTimeout(timer), resolve()))
      })
    }
    return this.responses.slice(0, count)
  }

  close(): void {
    this.socket.destroy()
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w()
  }
}
