// An in-memory Kafka connection for scheduler tests: a socket-shaped object whose far end decodes request
// frames with the emulator's codec, answers SaslHandshake/SaslAuthenticate (verifying tokens with the
// emulator's independent verifier), answers every other request with an empty body, and records every
// protocol violation a real broker would punish (KIP-368). Like Kafka, it reads a connection's next request
// only after answering the previous one, so a slow answer (a long-poll Fetch) delays everything behind it.
import { EventEmitter } from 'node:events'
import { FrameReader } from '../../src/protocol/FrameReader.js'
import { parseRequestHeader } from '../../src/protocol/parseRequestHeader.js'
import { readProduceAcks } from '../../src/protocol/readProduceAcks.js'
import {
  decodeSaslAuthenticateRequest,
  encodeSaslAuthenticateResponse,
} from '../../src/testing/wire/saslAuthenticate.js'
import { decodeSaslHandshakeRequest, encodeSaslHandshakeResponse } from '../../src/testing/wire/saslHandshake.js'
import { encodeResponseFrame } from '../../src/testing/wire/responseFrame.js'
import type { EmulatorIdentity } from '../../src/testing/verifier/types.js'
import { verifyIamPayload } from '../../src/testing/verifier/verifyIamPayload.js'
import { verifyOauthBearer } from '../../src/testing/verifier/verifyOauthBearer.js'
import type { Clock } from '../../src/clock.js'

export interface MemoryBrokerOptions {
  clock: Clock
  identities: EmulatorIdentity[]
  region: string
  host: string
  sessionLifetimeMs: number
  /** Overrides the verdict of the n-th SaslAuthenticate (1-based): an error text to answer with. */
  denyAuthentication?: (n: number) => string | undefined
  /** The one SASL mechanism the listener enables (default AWS_MSK_IAM). */
  mechanism?: 'AWS_MSK_IAM' | 'OAUTHBEARER'
  /** How long the broker takes to answer a request of this api key, ms on `clock` (default 0). */
  answerDelayMs?: (apiKey: number) => number
}

/** What the broker does with one request: the answer (none for Produce with acks = 0), and when it is sent. */
export interface BrokerReply {
  answer: Buffer | undefined
  /** `paused`: a SASL answer held back until {@link MemoryBroker.resumeSasl}. */
  wait: { delayMs: number } | 'paused'
}

export class MemoryBroker {
  readonly received: Array<{ apiKey: number; correlationId: number; at: number }> = []
  readonly violations: string[] = []
  /** The mechanism each SaslHandshake asked for, in order. */
  readonly handshakes: string[] = []
  authentications = 0
  private sessionExpiresAt: number | undefined
  private inHandshake = false

  constructor(private readonly options: MemoryBrokerOptions) {}

  /** A new connection to this broker, as the socket a base socket factory would return. */
  connect(): MemorySocket {
    return new MemorySocket(this)
  }

  /** While paused, answers to SASL requests wait for {@link resumeSasl}. */
  private pausedReplies: Array<() => void> | undefined

  pauseSasl(): void {
    this.pausedReplies ??= []
  }

  resumeSasl(): void {
    const replies = this.pausedReplies ?? []
    this.pausedReplies = undefined
    for (const reply of replies) reply()
  }

  /** Called by a connection whose answer waits for {@link resumeSasl}. */
  onResume(send: () => void): void {
    if (this.pausedReplies) this.pausedReplies.push(send)
    else send()
  }

  get clock(): Clock {
    return this.options.clock
  }

  /** Reads one request (at the time the connection gets to it) and decides its answer. */
  handle(frame: Buffer): BrokerReply {
    const header = parseRequestHeader(frame.subarray(4))
    const reply = (answer: Buffer): BrokerReply => ({
      answer,
      wait:
        this.pausedReplies && (header.apiKey === 17 || header.apiKey === 36)
          ? 'paused'
          : { delayMs: this.options.answerDelayMs?.(header.apiKey) ?? 0 },
    })
    const now = this.options.clock.now()
    this.received.push({ apiKey: header.apiKey, correlationId: header.correlationId, at: now })
    const body = frame.subarray(4 + header.bodyOffset!)
    if (header.apiKey === 17) {
      if (this.inHandshake) this.violations.push('second SaslHandshake before SaslAuthenticate')
      this.inHandshake = true
      const { mechanism } = decodeSaslHandshakeRequest(body)
      this.handshakes.push(mechanism)
      const enabled = this.options.mechanism ?? 'AWS_MSK_IAM'
      const errorCode = mechanism === enabled ? 0 : 33
      return reply(encodeSaslHandshakeResponse(header.correlationId, { errorCode, mechanisms: [enabled] }))
    }
    if (header.apiKey === 36) {
      if (!this.inHandshake) this.violations.push('SaslAuthenticate without SaslHandshake')
      this.inHandshake = false
      this.authentications++
      const { authBytes } = decodeSaslAuthenticateRequest(body, header.apiVersion)
      const denied = this.options.denyAuthentication?.(this.authentications)
      const oauth = this.options.mechanism === 'OAUTHBEARER'
      const verify = oauth ? verifyOauthBearer : verifyIamPayload
      const verdict = verify(authBytes, {
        expectedHost: this.options.host,
        region: this.options.region,
        nowMs: now,
        maxSkewMs: 300_000,
        lookup: (id) => this.options.identities.find((i) => i.accessKeyId === id),
      })
      if (denied || !verdict.ok) {
        const reason = denied ?? (verdict.ok ? 'Access denied' : verdict.reason)
        return reply(
          encodeSaslAuthenticateResponse(header.correlationId, header.apiVersion, {
            errorCode: 58,
            errorMessage: `[rid-${this.authentications}]: ${reason}`,
            authBytes: new Uint8Array(0),
            sessionLifetimeMs: 0,
          }),
        )
      }
      this.sessionExpiresAt = now + this.options.sessionLifetimeMs
      const answer = oauth
        ? Buffer.alloc(0) // OAUTHBEARER: an accepted token gets empty auth bytes
        : Buffer.from(JSON.stringify({ version: '2020_10_22', 'request-id': `rid-${this.authentications}` }))
      return reply(
        encodeSaslAuthenticateResponse(header.correlationId, header.apiVersion, {
          errorCode: 0,
          errorMessage: null,
          authBytes: answer,
          sessionLifetimeMs: this.options.sessionLifetimeMs,
        }),
      )
    }
    if (this.inHandshake) this.violations.push(`api ${header.apiKey} between SaslHandshake and SaslAuthenticate`)
    if (this.sessionExpiresAt === undefined) this.violations.push(`api ${header.apiKey} before authentication`)
    else if (now >= this.sessionExpiresAt) this.violations.push(`api ${header.apiKey} on an expired session`)
    if (header.apiKey === 0 && readProduceAcks(body, header.apiVersion) === 0)
      return { answer: undefined, wait: { delayMs: 0 } }
    return reply(encodeResponseFrame(header.correlationId, 0, Buffer.alloc(0)))
  }
}

export class MemorySocket extends EventEmitter {
  readonly frames = new FrameReader()
  destroyed = false
  ended = false
  /** Requests written but not yet read by the broker, which reads the next one after answering. */
  private readonly unread: Buffer[] = []
  private answering = false

  constructor(private readonly broker: MemoryBroker) {
    super()
  }

  write(data: Buffer): boolean {
    if (this.destroyed) throw new Error('write after destroy')
    this.frames.push(data)
    for (;;) {
      const next = this.frames.next({ min: 8, max: 1 << 20 })
      if (next.kind !== 'frame') break
      this.unread.push(next.frame)
    }
    this.readNext()
    return true
  }

  private readNext(): void {
    while (!this.answering && !this.destroyed) {
      const frame = this.unread.shift()
      if (!frame) return
      const { answer, wait } = this.broker.handle(frame)
      const send = () => {
        this.answering = false
        if (answer) queueMicrotask(() => !this.destroyed && this.emit('data', answer))
        this.readNext()
      }
      this.answering = true
      if (wait === 'paused') this.broker.onResume(send)
      else if (wait.delayMs > 0) this.broker.clock.setTimeout(() => !this.destroyed && send(), wait.delayMs)
      else send()
    }
  }

  end(): void {
    this.ended = true
    this.destroy()
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    queueMicrotask(() => this.emit('close'))
  }

  unref(): void {}
}
