import type * as net from 'node:net'
import type * as tls from 'node:tls'
import type { MskIamError } from '../errors.js'
import type { SaslClient } from '../saslClient.js'

/**
 * What {@link proactiveReauthentication} needs of a kafkajs `sasl` object: its `saslClient`, which signs the
 * renewals with the same credential cache. The objects returned by `awsMskIam()` and
 * `mskIamOAuthBearer().kafkajs()` have it; a copy (`{ ...sasl }`) or a wrapper must keep that property.
 */
export interface RenewableSasl {
  /** The mechanism name kafkajs authenticates with; renewals must use the same (checked when present). */
  readonly mechanism?: string
  readonly saslClient: SaslClient
}

/** One (re-)authentication of one connection, as reported to {@link ProactiveReauthenticationOptions} hooks. */
export interface ReauthenticationEvent {
  /** `host:port` */
  broker: string
  /** `initial`: kafkajs's own authentication of a new connection; `scheduled`: a proactive renewal at
   * 85–95 % of the session; `late`: a renewal forced by a request sent after the planned renewal time
   * (timers fired late, e.g. a frozen Lambda). */
  kind: 'initial' | 'scheduled' | 'late'
  requestId: string | undefined
  /** The new session's lifetime as the broker granted it. */
  sessionLifetimeMs: number
  /** From the start of the renewal (signing) to the broker's answer; requests were held for part of it. */
  durationMs: number
}

export interface ReauthenticationFailure {
  broker: string
  error: MskIamError
  /** Whether the connection was closed (kafkajs reconnects) or a retry is scheduled before expiry. */
  action: 'closed' | 'retrying'
}

/** Options of {@link proactiveReauthentication}. */
export interface ProactiveReauthenticationOptions {
  /** Called after each successful authentication and re-authentication. Must not throw. */
  onReauthenticated?: (event: ReauthenticationEvent) => void
  /** Called when a renewal fails. Must not throw. */
  onReauthenticationFailed?: (failure: ReauthenticationFailure) => void
  /** The socket factory to wrap (any kafkajs socket factory fits); default: kafkajs's own (net / tls
   * with keep-alive). */
  socketFactory?: (args: SocketFactoryArgs) => KafkaSocket
  /** Give up on a renewal whose broker does not answer within this long, ms (default 10 000). */
  answerTimeoutMs?: number
  /**
   * Longest time a kafkajs request may be held while a renewal signs and waits for the broker, ms (default
   * 25 000). Keep it below kafkajs's `requestTimeout` (default 30 000): when it passes, the connection is
   * closed with a retriable `CONNECTION_LOST` and the held requests are never written, so that none is
   * sent after kafkajs gave up on it (which could duplicate a non-idempotent Produce).
   */
  maxHoldMs?: number
}

/** What kafkajs passes to a socket factory (kafkajs 2.x `ISocketFactoryArgs`). */
export interface SocketFactoryArgs {
  host: string
  port: number
  /** kafkajs's `ssl` option as given: TLS options, or `true`; absent (or falsy) for plaintext. */
  ssl: tls.ConnectionOptions
  onConnect: () => void
}

/** kafkajs's `socketFactory` option, structurally identical to kafkajs 2.x `ISocketFactory`. */
export type SocketFactory = (args: SocketFactoryArgs) => net.Socket

/** What kafkajs uses of a socket: all a wrapped socket has to provide. */
export interface KafkaSocket {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- net.Socket's on() overloads take listeners of each event's arguments; only any[] admits them all
  on(event: string, listener: (...args: any[]) => void): unknown
  write(data: Buffer | string, encoding?: BufferEncoding): boolean
  end(): unknown
  unref(): unknown
  destroy(error?: Error): unknown
}
