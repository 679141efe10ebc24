import type { TimerHandle } from '../clock.js'
import { explainFailure } from '../authenticator.js'
import { API_KEY, ERROR_CODE } from '../constants.js'
import { MskIamError } from '../errors.js'
import {
  decodeSaslAuthenticateResponse,
  decodeSaslHandshakeResponse,
  encodeSaslAuthenticate,
  encodeSaslHandshake,
} from '../protocol/saslMessages.js'
import type { SaslToken } from '../saslClient.js'
import type { ReauthContext } from './ReauthContext.js'
import type { ReauthenticationEvent } from './types.js'

/** How a renewal ended. */
export type RenewalEnd =
  | { kind: 'renewed'; authBytes: Buffer; lifetimeMs: number; authenticateSentAt: number }
  /** Signing failed before anything was written: the connection is as it was, a retry is possible. */
  | { kind: 'not-signed'; error: MskIamError }
  /** The broker refused, answered nonsense or did not answer: the connection must close. */
  | { kind: 'failed'; error: MskIamError }

/** What a renewal needs from its connection. */
export interface RenewalConnection {
  readonly host: string
  readonly port: number
  readonly broker: string
  clientId(): string
  nextCorrelationId(): number
  /** Holds kafkajs's writes from now until the renewal ends. */
  hold(): void
  /** Writes one of the renewal's own requests; its answer is handed to {@link Renewal.onAnswer}. */
  send(frame: Buffer, correlationId: number, apiKey: number): void
  /** Whether every request written before this one has been answered. */
  isFirst(correlationId: number): boolean
  /** Milliseconds until the current session expires (0 or less when it has). */
  sessionLeftMs(): number
}

/**
 * One renewal of a connection's session: sign a fresh token (no I/O while credentials are cached), then
 * hold kafkajs's writes and send SaslHandshake and SaslAuthenticate with the connection's own negative
 * correlation ids, and read their answers. The answer timer starts once the broker has answered every
 * request written before the handshake, not when the handshake is written.
 */
export class Renewal {
  readonly startedAt: number
  private token: SaslToken | undefined
  private handshakeId: number | undefined
  private authenticateId: number | undefined
  private authenticateSentAt: number | undefined
  /** From the moment the SASL pair is the oldest request in flight: the broker is working on it. */
  private answerTimer: TimerHandle | undefined
  /** From the handshake's write: bounds the wait behind earlier requests too. */
  private waitLimit: TimerHandle | undefined
  private ended = false

  constructor(
    readonly kind: Exclude<ReauthenticationEvent['kind'], 'initial'>,
    private readonly ctx: ReauthContext,
    private readonly connection: RenewalConnection,
    private readonly onEnd: (end: RenewalEnd) => void,
  ) {
    this.startedAt = ctx.clock.now()
  }

  async start(): Promise<void> {
    const { host } = this.connection
    try {
      this.token = await this.ctx.client.token(host)
    } catch (error) {
      this.end({ kind: 'not-signed', error: this.explain(error) })
      return
    }
    if (this.ended) return
    this.connection.hold()
    this.handshakeId = this.connection.nextCorrelationId()
    const handshake = encodeSaslHandshake(this.handshakeId, this.connection.clientId(), this.ctx.client.mechanism)
    this.connection.send(handshake, this.handshakeId, API_KEY.SASL_HANDSHAKE)
    // Kafka answers a connection's requests in order: the handshake waits behind every request still in
    // flight (a long-poll Fetch, a JoinGroup parked in a rebalance). That wait may last as long as the
    // session does; a broker takes a SaslHandshake even after expiry, so at least maxHoldMs.
    const limitMs = Math.max(this.connection.sessionLeftMs(), this.ctx.maxHoldMs)
    this.waitLimit = this.ctx.clock.setTimeout(() => this.fail(this.notAnswered(limitMs, true)), limitMs)
    this.onEarlierAnswered()
  }

  /**
   * Told after each answer to a request written before this renewal's: once none is left, the broker is
   * working on the SASL pair, which must then be answered within `answerTimeoutMs`.
   */
  onEarlierAnswered(): void {
    if (this.ended || this.answerTimer || this.handshakeId === undefined) return
    if (!this.connection.isFirst(this.handshakeId)) return
    const { answerTimeoutMs } = this.ctx
    this.answerTimer = this.ctx.clock.setTimeout(() => this.fail(this.notAnswered(answerTimeoutMs)), answerTimeoutMs)
  }

  /** The answer to one of this renewal's requests (`body`: after the response header). */
  onAnswer(correlationId: number, body: Buffer): void {
    if (this.ended) return
    try {
      if (correlationId === this.handshakeId) this.onHandshakeAnswer(body)
      else if (correlationId === this.authenticateId) this.onAuthenticateAnswer(body)
    } catch (error) {
      this.end({ kind: 'failed', error: error instanceof MskIamError ? error : this.explain(error) })
    }
  }

  /** Stops the renewal's timers; it reports nothing more. */
  cancel(): void {
    this.ended = true
    for (const timer of [this.answerTimer, this.waitLimit]) if (timer) this.ctx.clock.clearTimeout(timer)
    this.answerTimer = undefined
    this.waitLimit = undefined
  }

  private onHandshakeAnswer(body: Buffer): void {
    const { errorCode, mechanisms } = decodeSaslHandshakeResponse(body)
    if (errorCode !== ERROR_CODE.NONE) {
      const type =
        errorCode === ERROR_CODE.UNSUPPORTED_SASL_MECHANISM ? 'UNSUPPORTED_SASL_MECHANISM' : 'ILLEGAL_SASL_STATE'
      const offered = mechanisms.join(', ') || 'nothing'
      throw this.explain({ type, message: `SaslHandshake error ${errorCode} (broker offers ${offered})` })
    }
    this.authenticateId = this.connection.nextCorrelationId()
    this.authenticateSentAt = this.ctx.clock.now()
    const authenticate = encodeSaslAuthenticate(this.authenticateId, this.connection.clientId(), this.token!.bytes)
    this.connection.send(authenticate, this.authenticateId, API_KEY.SASL_AUTHENTICATE)
  }

  private onAuthenticateAnswer(body: Buffer): void {
    const answer = decodeSaslAuthenticateResponse(body, 1)
    if (answer.errorCode !== ERROR_CODE.NONE) {
      const message = answer.errorMessage ?? `SaslAuthenticate error ${answer.errorCode}`
      throw this.explain({ name: 'KafkaJSProtocolError', type: 'SASL_AUTHENTICATION_FAILED', message })
    }
    this.end({
      kind: 'renewed',
      authBytes: answer.authBytes,
      lifetimeMs: answer.sessionLifetimeMs,
      authenticateSentAt: this.authenticateSentAt ?? this.startedAt,
    })
  }

  /**
   * A failure as a typed error: a broker refusal is shaped as kafkajs reports it, so that it maps exactly
   * as in a first authentication.
   */
  private explain(failure: unknown): MskIamError {
    const { host, port } = this.connection
    const { mechanism } = this.ctx.client
    return explainFailure(failure, { host, port, mechanism, token: this.token, now: this.ctx.clock.now() })
  }

  private notAnswered(withinMs: number, whole = false): MskIamError {
    const { broker } = this.connection
    const behind = whole && this.answerTimer === undefined ? ', nor the requests written before it' : ''
    return new MskIamError(
      'CONNECTION_LOST',
      `Broker ${broker} did not answer re-authentication${behind} within ${withinMs} ms.`,
      { broker },
    )
  }

  private fail(error: MskIamError): void {
    this.end({ kind: 'failed', error })
  }

  private end(end: RenewalEnd): void {
    if (this.ended) return
    this.cancel()
    this.onEnd(end)
  }
}
