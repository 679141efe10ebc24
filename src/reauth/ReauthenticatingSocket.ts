import { EventEmitter } from 'node:events'
import type { Clock, TimerHandle } from '../clock.js'
import { MskIamError } from '../errors.js'
import { FrameReader } from '../protocol/FrameReader.js'
import {
  API_KEY,
  decodeSaslAuthenticateResponse,
  decodeSaslHandshakeResponse,
  encodeSaslAuthenticate,
  encodeSaslHandshake,
  peekRequest,
} from '../protocol/saslMessages.js'
import type { ReauthSigner, SignedToken } from './signer.js'
import type { KafkaSocket, ReauthenticationEvent, ReauthenticationFailure } from './types.js'

/** Everything one wrapped connection needs; shared by all connections of one factory. */
export interface ReauthContext {
  signer: ReauthSigner
  clock: Clock
  random: () => number
  answerTimeoutMs: number
  onReauthenticated: ((event: ReauthenticationEvent) => void) | undefined
  onReauthenticationFailed: ((failure: ReauthenticationFailure) => void) | undefined
}

interface Session {
  expiresAt: number
  renewAt: number
}

interface Renewal {
  kind: 'scheduled' | 'late'
  startedAt: number
  /** When SaslAuthenticate was written: the broker's session clock starts about then. */
  authenticateSentAt?: number
  handshakeId?: number
  authenticateId?: number
  token?: SignedToken
}

const ANY_FRAME = { min: 0, max: 0x7fffffff }
/** Responses to our own requests are SASL answers: small. */
const RESPONSE_HEADER_BYTES = 8

/**
 * A socket that kafkajs uses like any other, which renews the SASL session before it expires:
 * - it reads kafkajs's own SaslAuthenticate answer, keeps the session lifetime for itself and shows
 *   kafkajs a lifetime of 0 ("never expires"), so that kafkajs's lazy in-band re-authentication never runs;
 * - at a random 85–95 % of the lifetime it signs a fresh token (no I/O while credentials are cached), then
 *   holds kafkajs's writes, sends SaslHandshake and SaslAuthenticate with its own (negative) correlation
 *   ids, hides their answers from kafkajs, and releases the held requests in order after the answer;
 * - a request written after the planned renewal time (timers fired late) is held and the renewal starts
 *   at once, so nothing is ever written on an expired session;
 * - a failed renewal closes the connection: kafkajs reconnects and its fresh authentication surfaces the
 *   typed error. A transient signing failure is retried first while the session lasts.
 * Responses come back in request order on a Kafka connection, so routing by correlation id is exact.
 */
export class ReauthenticatingSocket extends EventEmitter {
  private readonly inbound = new FrameReader()
  private readonly outbound = new FrameReader()
  private readonly kafkajsAuthentications = new Map<number, { apiVersion: number; sentAt: number }>()
  private held: Buffer[] = []
  private holding = false
  private closed = false
  private session: Session | undefined
  private renewal: Renewal | undefined
  private timer: TimerHandle | undefined
  private answerTimer: TimerHandle | undefined
  private clientId = 'kafkajs'
  private nextCorrelationId = -1

  constructor(
    private readonly inner: KafkaSocket,
    private readonly host: string,
    private readonly port: number,
    private readonly ctx: ReauthContext,
  ) {
    super()
    inner.on('data', (chunk: Buffer) => this.onInboundData(chunk))
    inner.on('end', () => this.emit('end'))
    inner.on('error', (error: Error) => this.emit('error', error))
    inner.on('timeout', () => this.emit('timeout'))
    inner.on('close', () => this.shutdown())
  }

  private get broker(): string {
    return `${this.host}:${this.port}`
  }

  write(data: Buffer | string, encoding?: BufferEncoding): boolean {
    if (this.closed) return false
    this.outbound.push(typeof data === 'string' ? Buffer.from(data, encoding ?? 'binary') : data)
    for (;;) {
      const next = this.outbound.next(ANY_FRAME)
      if (next.kind !== 'frame') break
      this.routeOutbound(next.frame)
    }
    return true
  }

  end(): this {
    this.shutdown()
    this.inner.end()
    return this
  }

  destroy(error?: Error): this {
    this.shutdown()
    this.inner.destroy(error)
    return this
  }

  unref(): this {
    this.inner.unref()
    return this
  }

  ref(): this {
    ;(this.inner as unknown as { ref?: () => void }).ref?.()
    return this
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    ;(this.inner as unknown as { setKeepAlive?: (e?: boolean, d?: number) => void }).setKeepAlive?.(enable, delay)
    return this
  }

  setTimeout(ms: number, callback?: () => void): this {
    ;(this.inner as unknown as { setTimeout?: (ms: number, cb?: () => void) => void }).setTimeout?.(ms, callback)
    return this
  }

  setNoDelay(noDelay?: boolean): this {
    ;(this.inner as unknown as { setNoDelay?: (n?: boolean) => void }).setNoDelay?.(noDelay)
    return this
  }

  private routeOutbound(frame: Buffer): void {
    if (frame.length < 12) {
      this.inner.write(frame)
      return
    }
    const request = peekRequest(frame)
    if (this.renewal === undefined) this.captureClientId(frame)
    if (!this.holding && this.session && this.ctx.clock.now() >= this.session.renewAt) {
      this.holding = true
      void this.renew('late')
    }
    if (this.holding) {
      this.held.push(frame)
      return
    }
    if (request.apiKey === API_KEY.saslAuthenticate) {
      this.kafkajsAuthentications.set(request.correlationId, {
        apiVersion: request.apiVersion,
        sentAt: this.ctx.clock.now(),
      })
    }
    this.inner.write(frame)
  }

  private onInboundData(chunk: Buffer): void {
    this.inbound.push(chunk)
    for (;;) {
      const next = this.inbound.next(ANY_FRAME)
      if (next.kind === 'need-more') return
      if (next.kind === 'invalid') {
        this.fail(
          new MskIamError(
            'INVALID_BROKER_RESPONSE',
            `Broker ${this.broker} sent a frame with an impossible size (${next.size}); closing the connection.`,
            { broker: this.broker, retriable: true },
          ),
        )
        return
      }
      const { frame } = next
      if (frame.length < RESPONSE_HEADER_BYTES) {
        this.emit('data', frame)
        continue
      }
      const correlationId = frame.readInt32BE(4)
      const renewal = this.renewal
      if (renewal && (correlationId === renewal.handshakeId || correlationId === renewal.authenticateId)) {
        this.onRenewalAnswer(renewal, correlationId, frame.subarray(RESPONSE_HEADER_BYTES))
        continue
      }
      const authentication = this.kafkajsAuthentications.get(correlationId)
      if (authentication) {
        this.kafkajsAuthentications.delete(correlationId)
        this.observeInitialAuthentication(frame, authentication.apiVersion, authentication.sentAt)
      }
      this.emit('data', frame)
    }
  }

  /** kafkajs authenticated (or re-authenticated by itself): take over the session's renewal. */
  private observeInitialAuthentication(frame: Buffer, apiVersion: number, sentAt: number): void {
    if (apiVersion > 1) return // kafkajs 2.x sends v0–v1 only; a newer layout is left untouched
    let answer
    try {
      answer = decodeSaslAuthenticateResponse(frame.subarray(RESPONSE_HEADER_BYTES), apiVersion)
    } catch {
      return // kafkajs will report the malformed answer itself
    }
    if (answer.errorCode !== 0 || answer.sessionLifetimeMs <= 0 || answer.lifetimeOffset === undefined) return
    frame.writeBigInt64BE(0n, RESPONSE_HEADER_BYTES + answer.lifetimeOffset)
    this.startSession(answer.sessionLifetimeMs, sentAt)
    this.report('initial', answer.authBytes, answer.sessionLifetimeMs, sentAt)
  }

  /** `startedAt`: when the SaslAuthenticate request left, so a slow answer cannot push renewal past expiry. */
  private startSession(lifetimeMs: number, startedAt: number): void {
    const now = this.ctx.clock.now()
    // Node keeps a timer list per distinct delay until that delay has passed: a delay drawn freely per
    // connection leaves one behind per connection. Steps of 1 % of the lifetime keep the 85–95 % spread
    // (ten steps) with a bounded set of delays.
    const step = Math.max(100, Math.floor(lifetimeMs / 100))
    const delay = Math.floor((lifetimeMs * (0.85 + 0.1 * this.ctx.random())) / step) * step
    this.session = { expiresAt: startedAt + lifetimeMs, renewAt: startedAt + delay }
    this.schedule(startedAt + delay - now)
  }

  private schedule(delayMs: number): void {
    if (this.timer) this.ctx.clock.clearTimeout(this.timer)
    this.timer = this.ctx.clock.setTimeout(() => {
      this.timer = undefined
      void this.renew('scheduled')
    }, delayMs)
  }

  private async renew(kind: Renewal['kind']): Promise<void> {
    if (this.renewal || this.closed) return
    const renewal: Renewal = { kind, startedAt: this.ctx.clock.now() }
    this.renewal = renewal
    try {
      renewal.token = await this.ctx.signer.sign(this.host, this.port)
    } catch (error) {
      this.onSigningFailure(error)
      return
    }
    if (this.closed) return
    this.holding = true
    renewal.handshakeId = this.correlationId()
    this.answerTimer = this.ctx.clock.setTimeout(() => {
      const error = new MskIamError(
        'CONNECTION_LOST',
        `Broker ${this.broker} did not answer re-authentication within ${this.ctx.answerTimeoutMs} ms.`,
        { broker: this.broker },
      )
      this.fail(error)
    }, this.ctx.answerTimeoutMs)
    this.inner.write(encodeSaslHandshake(renewal.handshakeId, this.clientId, this.ctx.signer.mechanism))
  }

  private onRenewalAnswer(renewal: Renewal, correlationId: number, body: Buffer): void {
    try {
      if (correlationId === renewal.handshakeId) {
        const { errorCode, mechanisms } = decodeSaslHandshakeResponse(body)
        if (errorCode !== 0) {
          const type = errorCode === 33 ? 'UNSUPPORTED_SASL_MECHANISM' : 'ILLEGAL_SASL_STATE'
          throw this.ctx.signer.explain(
            { type, message: `SaslHandshake error ${errorCode} (broker offers ${mechanisms.join(', ') || 'nothing'})` },
            { broker: this.broker, port: this.port },
          )
        }
        renewal.authenticateId = this.correlationId()
        renewal.authenticateSentAt = this.ctx.clock.now()
        this.inner.write(encodeSaslAuthenticate(renewal.authenticateId, this.clientId, renewal.token!.token))
        return
      }
      const answer = decodeSaslAuthenticateResponse(body, 1)
      if (answer.errorCode !== 0) {
        const message = answer.errorMessage ?? `SaslAuthenticate error ${answer.errorCode}`
        throw this.ctx.signer.explain(
          { name: 'KafkaJSProtocolError', type: 'SASL_AUTHENTICATION_FAILED', message },
          {
            broker: this.broker,
            port: this.port,
            region: renewal.token?.region,
            accessKeyId: renewal.token?.accessKeyId,
            now: this.ctx.clock.now(),
          },
        )
      }
      this.finishRenewal(renewal, answer.authBytes, answer.sessionLifetimeMs)
    } catch (error) {
      this.fail(
        error instanceof MskIamError ? error : this.ctx.signer.explain(error, { broker: this.broker, port: this.port }),
      )
    }
  }

  private finishRenewal(renewal: Renewal, authBytes: Buffer, lifetimeMs: number): void {
    this.report(renewal.kind, authBytes, lifetimeMs, renewal.startedAt)
    this.clearAnswerTimer()
    this.renewal = undefined
    this.holding = false
    if (lifetimeMs > 0) this.startSession(lifetimeMs, renewal.authenticateSentAt ?? renewal.startedAt)
    else this.session = undefined
    const held = this.held
    this.held = []
    for (const frame of held) this.routeOutbound(frame)
  }

  private onSigningFailure(error: unknown): void {
    if (this.closed) return // the connection went while signing: nothing to retry, nobody to tell
    const mapped =
      error instanceof MskIamError ? error : this.ctx.signer.explain(error, { broker: this.broker, port: this.port })
    const now = this.ctx.clock.now()
    const left = this.session ? this.session.expiresAt - now : 0
    if (mapped.retriable && left > 2000 && !this.holding) {
      this.renewal = undefined
      this.notifyFailure(mapped, 'retrying')
      this.schedule(Math.min(1000, left / 4))
      return
    }
    this.fail(mapped)
  }

  private fail(error: MskIamError): void {
    if (this.closed) return
    this.ctx.signer.refused?.(error)
    this.notifyFailure(error, 'closed')
    this.shutdown()
    this.emit('error', error)
    this.inner.destroy()
  }

  private report(kind: ReauthenticationEvent['kind'], authBytes: Buffer, lifetimeMs: number, startedAt: number): void {
    let requestId: string | undefined
    try {
      requestId = this.ctx.signer.parseAnswer(authBytes).requestId
    } catch {
      requestId = undefined
    }
    const event = {
      broker: this.broker,
      kind,
      requestId,
      sessionLifetimeMs: lifetimeMs,
      durationMs: this.ctx.clock.now() - startedAt,
    }
    try {
      this.ctx.onReauthenticated?.(event)
    } catch {
      // A throwing hook must not break the connection.
    }
  }

  private notifyFailure(error: MskIamError, action: ReauthenticationFailure['action']): void {
    try {
      this.ctx.onReauthenticationFailed?.({ broker: this.broker, error, action })
    } catch {
      // A throwing hook must not break the connection.
    }
  }

  private captureClientId(frame: Buffer): void {
    const length = frame.readInt16BE(12)
    if (length >= 0 && frame.length >= 14 + length) this.clientId = frame.toString('utf8', 14, 14 + length)
  }

  private correlationId(): number {
    const id = this.nextCorrelationId
    this.nextCorrelationId = id <= -0x7fffffff ? -1 : id - 1
    return id
  }

  private clearAnswerTimer(): void {
    if (this.answerTimer) this.ctx.clock.clearTimeout(this.answerTimer)
    this.answerTimer = undefined
  }

  /** Stops all timers and drops held frames; kafkajs fails the matching requests on disconnect. */
  private shutdown(): void {
    if (this.closed) return
    this.closed = true
    if (this.timer) this.ctx.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.clearAnswerTimer()
    this.held = []
    this.renewal = undefined
    this.inbound.clear()
    this.outbound.clear()
    this.kafkajsAuthentications.clear()
  }
}
