// kafkajs 2.2.4 ships types for its public API only. Tests and benchmarks drive a few of its internal
// modules directly (its Connection, request encoders, errors, retrier), so that what they exercise is
// kafkajs's real code and not a copy. These are the shapes they use, read from node_modules/kafkajs/src.
// Only what a test calls is declared; a new use adds its member here.

declare module 'kafkajs/src/loggers' {
  import type { Logger, logCreator } from 'kafkajs'
  export const LEVELS: { NOTHING: 0; ERROR: 1; WARN: 2; INFO: 4; DEBUG: 5 }
  export function createLogger(options: { level: number; logCreator: logCreator }): Logger
}

declare module 'kafkajs/src/protocol/encoder' {
  class Encoder {
    buffer: Buffer
    writeInt32(value: number): Encoder
  }
  export = Encoder
}

declare module 'kafkajs/src/network/connection' {
  import type { Logger } from 'kafkajs'

  namespace Connection {
    /** A request as kafkajs's protocol modules build them: the bytes to send and how to read the answer. */
    interface ProtocolRequest<R = unknown> {
      request: {
        apiKey: number
        apiVersion: number
        apiName: string
        expectResponse?: () => boolean
        encode(): unknown
      }
      // parse() gets what decode() resolved to; a method, so that a parse of any argument type fits.
      response: { decode(data: Buffer): Promise<unknown>; parse(data: never): R }
      requestTimeout?: number | null
      logResponseError?: boolean
    }
  }

  class Connection {
    constructor(options: {
      host: string
      port: number
      logger: Logger
      socketFactory: unknown
      sasl?: unknown
      clientId?: string
      connectionTimeout?: number
      requestTimeout?: number
      maxInFlightRequests?: number | null
    })
    /** A Long (kafkajs's int64): the session lifetime the broker granted, 0 until authenticated. */
    sessionLifetime: { toString(): string; toNumber(): number }
    connect(): Promise<true>
    disconnect(): Promise<true>
    authenticate(): Promise<void>
    isConnected(): boolean
    setVersions(versions: Record<number, { minVersion: number; maxVersion: number }>): void
    setSupportAuthenticationProtocol(isSupported: boolean): void
    /** Resolves to what the request's `response.parse` returns. */
    send<R>(protocolRequest: Connection.ProtocolRequest<R>): Promise<Awaited<R>>
    rejectRequests(error: Error): void
  }
  export = Connection
}

declare module 'kafkajs/src/protocol/requests/saslAuthenticate/v1/request' {
  const request: (args: { authBytes: unknown }) => { encode(): Promise<{ buffer: Buffer }> }
  export = request
}

declare module 'kafkajs/src/protocol/requests/saslAuthenticate/v1/response' {
  /** SaslAuthenticate v1's decoded answer. */
  interface SaslAuthenticateResponse {
    errorCode: number
    errorMessage: string | null
    authBytes: Buffer
    sessionLifetimeMs: string
  }
  export function decode(data: Buffer): Promise<SaslAuthenticateResponse>
  export function parse(data: SaslAuthenticateResponse): Promise<SaslAuthenticateResponse>
}

declare module 'kafkajs/src/protocol/sasl/oauthBearer/request' {
  const request: (
    options: { authorizationIdentity?: string | null },
    token: { value: string; extensions?: Record<string, string> },
  ) => Promise<{ encode(): Promise<Buffer> }>
  export = request
}

declare module 'kafkajs/src/protocol/requests/produce' {
  import type { ProtocolRequest } from 'kafkajs/src/network/connection'
  export const protocol: (options: {
    version: number
  }) => (request: { acks: number; timeout: number; topicData: unknown[] }) => ProtocolRequest
}

declare module 'kafkajs/src/protocol/error' {
  /** The KafkaJSProtocolError for a Kafka error code, as kafkajs makes it from a response. */
  export function createErrorFromCode(code: number): Error & { type: string; code: number; retriable: boolean }
}

declare module 'kafkajs/src/errors' {
  export class KafkaJSError extends Error {
    constructor(e: unknown, options?: { retriable?: boolean; cause?: unknown })
    retriable: boolean
    cause?: unknown
  }
  export class KafkaJSNonRetriableError extends KafkaJSError {
    constructor(e: unknown, options?: { cause?: unknown })
  }
  export class KafkaJSProtocolError extends KafkaJSError {
    constructor(e: unknown, options?: { retriable?: boolean })
    type: string
    code: number
  }
  export class KafkaJSNumberOfRetriesExceeded extends KafkaJSNonRetriableError {
    constructor(e: unknown, options: { retryCount: number; retryTime: number })
  }
  export class KafkaJSConnectionError extends KafkaJSError {
    constructor(e: unknown, options?: { broker?: string; code?: string })
  }
  export class KafkaJSConnectionClosedError extends KafkaJSConnectionError {
    constructor(e: unknown, options?: { host?: string; port?: number })
  }
  export class KafkaJSSASLAuthenticationError extends KafkaJSNonRetriableError {
    constructor(e: unknown)
  }
  export class KafkaJSDeleteGroupsError extends KafkaJSError {
    constructor(e: unknown, groups?: unknown[])
    groups: unknown[]
  }
}

/** A request's v0 response module: `parse` throws the protocol error a decoded response carries. */
interface KafkaResponseModule {
  decode: (rawData: Buffer) => Promise<Record<string, unknown>>
  parse: (data: unknown) => Promise<unknown>
}

declare module 'kafkajs/src/protocol/requests/deleteGroups/v0/response' {
  const response: KafkaResponseModule
  export = response
}

declare module 'kafkajs/src/retry' {
  import type { RetryOptions } from 'kafkajs'
  const createRetry: (
    options?: RetryOptions,
  ) => <T>(fn: (bail: (error: unknown) => never, retryCount: number, retryTime: number) => Promise<T>) => Promise<T>
  export = createRetry
}

declare module 'kafkajs/src/cluster/brokerPool' {
  import type { Logger, RetryOptions } from 'kafkajs'
  /** What connectBroker() reads of a broker. */
  interface PoolBroker {
    connectionPool: { host: string; port: number; rack: string | undefined }
    isConnected(): boolean
    connect(): Promise<unknown>
    disconnect(): Promise<unknown>
  }
  class BrokerPool {
    constructor(options: { connectionPoolBuilder: { build(): Promise<unknown> }; logger: Logger; retry: RetryOptions })
    connectBroker(broker: PoolBroker): Promise<void>
  }
  export = BrokerPool
}
