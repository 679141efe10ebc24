// An in-memory Kafka connection for scheduler tests: a socket-shaped object whose far end decodes request
// frames with the emulator's codec, answers SaslHandshake/SaslAuthenticate (verifying tokens with the
// emulator's independent verifier), answers every other request with an empty body, and records every
// protocol violation a real broker would punish (KIP-368).
import { EventEmitter } from 'node:events'
import { FrameReader } from '../../src/protocol/FrameReader.js'
import { parseRequestHeader } from '../../src/testing/wire/parseRequestHeader.js'
import {
  decodeSaslAuthenticateRequest,
  encodeSaslAuthenticateResponse,
} from '../../src/testing/wire/saslAuthenticate.js'
import { encodeSaslHandshakeResponse } from '../../src/testing/wire/saslHandshake.js'
import { encodeResponseFrame } from '../../src/testing/wire/responseFrame.js'
import type { EmulatorIdentity } from '../../src/testing/verifier/types.js'
import { verifyIamPayload } from '../../src/testing/verifier/verifyIamPayload.js'
import type { Clock } from '../../src/clock.js'

export interface MemoryBrokerOptions {
  clock: Clock
  identities: EmulatorIdentity[]
  region: string
  host: string
  sessionLifetimeMs: number
  /** Overrides the verdict of the n-th SaslAuthenticate (1-based): an error text to answer with. */
  denyAuthentication?: (n: number) => string | undefined
}

export class MemoryBroker {
  readonly received: Array<{ apiKey: number; correlationId: number; at: number }> = []
  readonly violations: string[] = []
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

  handle(frame: Buffer, send: (frame: Buffer) => void): void {
    const header = parseRequestHeader(frame.subarray(4))
    const paused = this.pausedReplies
    const reply = (answer: Buffer) =>
      paused && (header.apiKey === 17 || header.apiKey === 36) ? paused.push(() => send(answer)) : send(answer)
    const now = this.options.clock.now()
    this.received.push({ apiKey: header.apiKey, correlationId: header.correlationId, at: now })
    const body = frame.subarray(4 + header.bodyOffset!)
    if (header.apiKey === 17) {
      if (this.inHandshake) this.violations.push('second SaslHandshake before SaslAuthenticate')
      this.inHandshake = true
      reply(encodeSaslHandshakeResponse(header.correlationId, { errorCode: 0, mechanisms: ['AWS_MSK_IAM'] }))
      return
    }
    if (header.apiKey === 36) {
      if (!this.inHandshake) this.violations.push('SaslAuthenticate without SaslHandshake')
      this.inHandshake = false
      this.authentications++
      const { authBytes } = decodeSaslAuthenticateRequest(body, header.apiVersion)
      const denied = this.options.denyAuthentication?.(this.authentications)
      const verdict = verifyIamPayload(authBytes, {
        expectedHost: this.options.host,
        region: this.options.region,
        nowMs: now,
        maxSkewMs: 300_000,
        lookup: (id) => this.options.identities.find((i) => i.accessKeyId === id),
      })
      if (denied || !verdict.ok) {
        const reason = denied ?? (verdict.ok ? 'Access denied' : verdict.reason)
        reply(
          encodeSaslAuthenticateResponse(header.correlationId, header.apiVersion, {
            errorCode: 58,
            errorMessage: `[rid-${this.authentications}]: ${reason}`,
            authBytes: new Uint8Array(0),
            sessionLifetimeMs: 0,
          }),
        )
        return
      }
      this.sessionExpiresAt = now + this.options.sessionLifetimeMs
      const answer = Buffer.from(JSON.stringify({ version: '2020_10_22', 'request-id': `rid-${this.authentications}` }))
      reply(
        encodeSaslAuthenticateResponse(header.correlationId, header.apiVersion, {
          errorCode: 0,
          errorMessage: null,
          authBytes: answer,
          sessionLifetimeMs: this.options.sessionLifetimeMs,
        }),
      )
      return
    }
    if (this.inHandshake) this.violations.push(`api ${header.apiKey} between SaslHandshake and SaslAuthenticate`)
    if (this.sessionExpiresAt === undefined) this.violations.push(`api ${header.apiKey} before authentication`)
    else if (now >= this.sessionExpiresAt) this.violations.push(`api ${header.apiKey} on an expired session`)
    reply(encodeResponseFrame(header.correlationId, 0, Buffer.alloc(0)))
  }
}

export class MemorySocket extends EventEmitter {
  readonly frames = new FrameReader()
  destroyed = false
  ended = false

  constructor(private readonly broker: MemoryBroker) {
    super()
  }

  write(data: Buffer): boolean {
    if (this.destroyed) throw new Error('write after destroy')
    this.frames.push(data)
    for (;;) {
      const next = this.frames.next({ min: 8, max: 1 << 20 })
      if (next.kind !== 'frame') break
      this.broker.handle(next.frame, (answer) => queueMicrotask(() => !this.destroyed && this.emit('data', answer)))
    }
    return true
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
