import { API_KEY, MAX_RENEWAL_RETRY_DELAY_MS, MIN_SESSION_LEFT_FOR_RETRY_MS } from '../constants.js'
import { MskIamError } from '../errors.js'
import { FrameReader } from '../protocol/FrameReader.js'
import { expectsResponse, REQUEST_PEEK_BYTES, peekRequest, readClientId } from '../protocol/requestFrame.js'
import { OutstandingRequests } from './OutstandingRequests.js'
import type { ReauthContext } from './ReauthContext.js'
import { Renewal, type RenewalConnection, type RenewalEnd } from './Renewal.js'
import { SessionTimer } from './SessionTimer.js'
import { RESPONSE_HEADER_BYTES, takeOverSession } from './takeOverSession.js'
import type { KafkaSocket } from './types.js'
import { WrappedSocket } from './WrappedSocket.js'
import { WriteHold } from './WriteHold.js'

const ANY_FRAME = { min: 0, max: 0x7fffffff }

/**
 * A socket that kafkajs uses like any other, which renews the SASL session before it expires:
 * - it takes over kafkajs's own authentication (see takeOverSession.ts), so kafkajs never re-authenticates;
 * - at a random 85–95 % of the lifetime a {@link Renewal} signs a fresh token, holds kafkajs's writes, sends
 *   the SASL pair with negative correlation ids and hides its answers; the held requests follow, in order;
 * - a request written after the planned renewal time (timers fired late) is held and the renewal starts at
 *   once, so nothing is ever written on an expired session;
 * - a failed renewal closes the connection: kafkajs reconnects and its fresh authentication surfaces the
 *   typed error. A transient signing failure is retried first while the session lasts.
 * Answers come back in request order on a Kafka connection ({@link OutstandingRequests}), which routes each
 * to kafkajs or to the renewal.
 */
export class ReauthenticatingSocket extends WrappedSocket implements RenewalConnection {
  readonly broker: string
  private readonly inbound = new FrameReader()
  private readonly outbound = new FrameReader()
  private readonly outstanding = new OutstandingRequests()
  private readonly writes: WriteHold
  private readonly session: SessionTimer
  private renewal: Renewal | undefined
  private closed = false
  private kafkajsClientId = 'kafkajs'
  private correlationIds = -1

  constructor(
    inner: KafkaSocket,
    readonly host: string,
    readonly port: number,
    private readonly ctx: ReauthContext,
  ) {
    super(inner)
    this.broker = `${host}:${port}`
    this.session = new SessionTimer(ctx.clock, ctx.random, () => this.renew('scheduled'))
    this.writes = new WriteHold(ctx.clock, ctx.maxHoldMs, (count) => this.fail(this.heldTooLong(count)))
  }

  write(data: Buffer | string, encoding?: BufferEncoding): boolean {
    if (this.closed) return false
    this.outbound.push(typeof data === 'string' ? Buffer.from(data, encoding ?? 'binary') : data)
    for (;;) {
      const next = this.outbound.next(ANY_FRAME)
      if (next.kind !== 'frame') break
      this.writeKafkajsFrame(next.frame)
    }
    return true
  }

  // What a renewal uses of its connection (RenewalConnection).

  clientId(): string {
    return this.kafkajsClientId
  }

  nextCorrelationId(): number {
    const id = this.correlationIds
    this.correlationIds = id <= -0x7fffffff ? -1 : id - 1
    return id
  }

  hold(): void {
    this.writes.start()
  }

  send(frame: Buffer, correlationId: number, apiKey: number): void {
    this.outstanding.add({ correlationId, apiKey, apiVersion: 1, owner: 'renewal', sentAt: this.ctx.clock.now() })
    this.inner.write(frame)
  }

  isFirst(correlationId: number): boolean {
    return this.outstanding.isFirst(correlationId)
  }

  sessionLeftMs(): number {
    return this.session.remainingMs()
  }

  // Frames from kafkajs, and answers to them.

  private writeKafkajsFrame(frame: Buffer): void {
    if (frame.length < REQUEST_PEEK_BYTES) {
      this.inner.write(frame)
      return
    }
    if (this.renewal === undefined) this.kafkajsClientId = readClientId(frame) ?? this.kafkajsClientId
    if (!this.writes.holding && this.session.isDue()) {
      this.writes.start()
      this.renew('late')
    }
    if (this.writes.holding) {
      this.writes.push(frame)
      return
    }
    if (expectsResponse(frame)) {
      const { correlationId, apiKey, apiVersion } = peekRequest(frame)
      this.outstanding.add({ correlationId, apiKey, apiVersion, owner: 'kafkajs', sentAt: this.ctx.clock.now() })
    }
    this.inner.write(frame)
  }

  protected onInnerData(chunk: Buffer): void {
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
      const request = frame.length < RESPONSE_HEADER_BYTES ? undefined : this.outstanding.answered(frame.readInt32BE(4))
      if (request?.owner === 'renewal') {
        this.renewal?.onAnswer(request.correlationId, frame.subarray(RESPONSE_HEADER_BYTES))
        continue
      }
      if (request?.apiKey === API_KEY.SASL_AUTHENTICATE)
        this.observeAuthentication(frame, request.apiVersion, request.sentAt)
      this.emit('data', frame)
      if (request) this.renewal?.onEarlierAnswered()
    }
  }

  /** kafkajs authenticated (or re-authenticated by itself): take over the session's renewal. */
  private observeAuthentication(frame: Buffer, apiVersion: number, sentAt: number): void {
    const session = takeOverSession(frame, apiVersion)
    if (!session) return
    this.session.start(session.lifetimeMs, sentAt)
    this.ctx.hooks.succeeded(this.broker, 'initial', session.authBytes, session.lifetimeMs, sentAt)
  }

  // Renewals.

  private renew(kind: Renewal['kind']): void {
    if (this.renewal || this.closed) return
    const renewal = new Renewal(kind, this.ctx, this, (end) => this.onRenewalEnd(renewal, end))
    this.renewal = renewal
    void renewal.start()
  }

  private onRenewalEnd(renewal: Renewal, end: RenewalEnd): void {
    if (this.closed || renewal !== this.renewal) return
    if (end.kind === 'failed') return this.fail(end.error)
    if (end.kind === 'not-signed') return this.onSigningFailure(end.error)
    this.ctx.hooks.succeeded(this.broker, renewal.kind, end.authBytes, end.lifetimeMs, renewal.startedAt)
    this.renewal = undefined
    this.session.start(end.lifetimeMs, end.authenticateSentAt)
    for (const frame of this.writes.release()) this.writeKafkajsFrame(frame)
  }

  private onSigningFailure(error: MskIamError): void {
    const left = this.session.remainingMs()
    if (error.retriable && left > MIN_SESSION_LEFT_FOR_RETRY_MS && !this.writes.holding) {
      this.renewal = undefined
      this.ctx.hooks.failed(this.broker, error, 'retrying')
      this.session.retryIn(Math.min(MAX_RENEWAL_RETRY_DELAY_MS, left / 4))
      return
    }
    this.fail(error)
  }

  // Closing.

  private heldTooLong(count: number): MskIamError {
    const requests = count === 1 ? '1 held request' : `${count} held requests`
    return new MskIamError(
      'CONNECTION_LOST',
      `Re-authentication with broker ${this.broker} did not finish within ${this.ctx.maxHoldMs} ms (maxHoldMs); ` +
        `closing the connection instead of writing ${requests} that kafkajs may have timed out already ` +
        '(a late write could duplicate a Produce). kafkajs retries them on a new connection.',
      { broker: this.broker, retriable: true },
    )
  }

  private fail(error: MskIamError): void {
    if (this.closed) return
    this.ctx.client.refused(error)
    this.ctx.hooks.failed(this.broker, error, 'closed')
    this.onClosing()
    this.emit('error', error)
    this.inner.destroy()
  }

  /** Stops all timers and drops held frames; kafkajs fails the matching requests on disconnect. */
  protected onClosing(): void {
    if (this.closed) return
    this.closed = true
    this.session.cancel()
    this.renewal?.cancel()
    this.renewal = undefined
    this.writes.clear()
    this.inbound.clear()
    this.outbound.clear()
    this.outstanding.clear()
  }
}
