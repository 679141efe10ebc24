import * as net from 'node:net'
import { MAX_UPSTREAM_FRAME_BYTES, MIN_REQUEST_FRAME_BYTES, MIN_RESPONSE_FRAME_BYTES } from './constants.js'
import { API_KEY } from '../constants.js'
import { OrderedWriter } from './OrderedWriter.js'
import { relayResponse, type InFlight } from './relayResponse.js'
import { ResponseQueue } from './ResponseQueue.js'
import type { GateEnvironment } from './GateAction.js'
import { SaslGate } from './SaslGate.js'
import type { CloseReason } from './types.js'
import { FrameReader } from '../protocol/FrameReader.js'
import { parseRequestHeader, type RequestHeader } from '../protocol/parseRequestHeader.js'
import { readProduceAcks } from '../protocol/readProduceAcks.js'
import { isUnderstoodVersion } from './wire/rewriteResponse.js'
import type { EndpointFor } from './wire/spliceEndpoint.js'

export interface ConnectionContext extends GateEnvironment {
  listener: 'plaintext' | 'tls'
  /** The Kafka listener this connection is relayed to. */
  upstream: { host: string; port: number }
  /** Broker addresses as this connection's clients must see them (its listener's port). */
  endpointFor: EndpointFor
  /**
   * With authorization: authenticates the fresh upstream socket as this connection (Kafka's principal
   * for every check made on it); nothing of the client's is relayed before it resolves.
   */
  upstreamLogin?: (upstream: net.Socket) => Promise<void>
  onClosed(connection: ClientConnection, reason: CloseReason, detail: string | undefined): void
}

/**
 * One client connection and its own upstream connection to Kafka, opened at once. Requests are framed,
 * judged by the {@link SaslGate} and either answered locally or relayed with the client's correlation
 * ids; Kafka's answers come back in order on the single upstream socket and are rewritten so its
 * advertised listeners never reach the client. Every event handler is guarded: bad bytes from either side
 * close this connection, never the process.
 */
export class ClientConnection {
  private readonly upstream: net.Socket
  private readonly gate: SaslGate
  private readonly requests = new FrameReader()
  private readonly responses = new FrameReader()
  private readonly inFlight: InFlight[] = []
  private readonly queue = new ResponseQueue((delivery) => this.writer.push(delivery))
  private readonly writer: OrderedWriter
  private closing = false
  private closed = false
  /** False while the upstream login runs: its bytes are the login's, not Kafka answers to relay. */
  private upstreamReady = true
  /** Resolves when both sockets are fully closed. */
  readonly done: Promise<void>

  constructor(
    private readonly client: net.Socket,
    private readonly ctx: ConnectionContext,
  ) {
    this.gate = new SaslGate(ctx)
    this.upstream = this.openUpstream()
    this.writer = new OrderedWriter(client, this.upstream, ctx.faults, (reason, detail) => this.close(reason, detail))
    this.done = Promise.all([closedPromise(client), closedPromise(this.upstream)]).then(() => undefined)
    client.setNoDelay(true)
    this.upstream.setNoDelay(true)
    client.on('data', (chunk: Buffer) => this.guard(() => this.onClientData(chunk)))
    client.on('error', (err) => this.close('client-error', err.message))
    client.on('end', () => this.close('client-closed'))
    client.on('close', () => this.close('client-closed'))
    this.upstream.on('data', (chunk: Buffer) => this.guard(() => this.onUpstreamData(chunk)))
    this.upstream.on('error', (err) => this.close('upstream-error', err.message))
    this.upstream.on('end', () => this.close('upstream-closed'))
    this.upstream.on('close', () => this.close('upstream-closed'))
    if (ctx.upstreamLogin) this.loginUpstream(ctx.upstreamLogin)
  }

  /**
   * The one place the connection to Kafka is made. Requests written before it connects are buffered by the
   * socket. An upstream SASL exchange (authenticating the emulator itself to Kafka) belongs here, before
   * anything of the client's is relayed.
   */
  private openUpstream(): net.Socket {
    return net.connect({ host: this.ctx.upstream.host, port: this.ctx.upstream.port })
  }

  /**
   * The client is not read until the upstream login is done, so that nothing of its own (not even
   * ApiVersions) reaches Kafka on an unauthenticated upstream connection; a failed login closes both.
   */
  private loginUpstream(login: (upstream: net.Socket) => Promise<void>): void {
    this.upstreamReady = false
    this.client.pause()
    login(this.upstream).then(
      () => {
        if (this.closed) return
        this.upstreamReady = true
        this.client.resume()
      },
      (err: unknown) => this.close('upstream-authentication-failed', err instanceof Error ? err.message : String(err)),
    )
  }

  /** Destroys both sockets; the first reason given is the one recorded. */
  close(reason: CloseReason, detail?: string): void {
    if (this.closed) return
    this.closed = true
    this.requests.clear()
    this.responses.clear()
    this.writer.stop()
    this.client.destroy()
    this.upstream.destroy()
    this.ctx.onClosed(this, this.writer.closingReason ?? reason, detail)
  }

  private guard(handler: () => void): void {
    try {
      handler()
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.close(
        err instanceof Error && err.name === 'WireFormatError' ? 'malformed-request' : 'internal-error',
        message,
      )
    }
  }

  private onClientData(chunk: Buffer): void {
    if (this.closed || this.closing) return
    this.requests.push(chunk)
    while (!this.closed && !this.closing) {
      const next = this.requests.next({ min: MIN_REQUEST_FRAME_BYTES, max: this.gate.maxFrameBytes() })
      if (next.kind === 'need-more') return
      if (next.kind === 'invalid') return this.close('invalid-frame', `request size ${next.size} is ${next.reason}`)
      this.onRequest(next.frame, next.payload)
    }
  }

  private onRequest(frame: Buffer, payload: Buffer): void {
    const header = parseRequestHeader(payload)
    const body = header.bodyOffset === undefined ? Buffer.alloc(0) : payload.subarray(header.bodyOffset)
    const action = this.gate.handle(header, body)
    switch (action.kind) {
      case 'ignore':
        return
      case 'close':
        return this.close(action.reason, action.detail)
      case 'respond':
        // After a failure answer the connection only waits for its delayed close: read nothing more.
        if (action.after !== undefined) this.closing = true
        return this.queue.fill(this.queue.reserve(false), action.bytes, action.after)
      case 'forward':
        return this.forward(header, frame, body)
    }
  }

  private forward(header: RequestHeader, frame: Buffer, body: Buffer): void {
    if (!isUnderstoodVersion(header.apiKey, header.apiVersion)) {
      return this.close(
        'unsupported-version',
        `api key ${header.apiKey} v${header.apiVersion} is newer than the emulator knows`,
      )
    }
    const noResponse = header.apiKey === API_KEY.PRODUCE && readProduceAcks(body, header.apiVersion) === 0
    if (!noResponse) {
      const { correlationId, apiKey, apiVersion } = header
      this.inFlight.push({ correlationId, apiKey, apiVersion, slot: this.queue.reserve(true) })
    }
    this.ctx.stats.forwarded()
    this.writer.toUpstream(frame)
  }

  private onUpstreamData(chunk: Buffer): void {
    if (this.closed || !this.upstreamReady) return
    this.responses.push(chunk)
    while (!this.closed) {
      const next = this.responses.next({ min: MIN_RESPONSE_FRAME_BYTES, max: MAX_UPSTREAM_FRAME_BYTES })
      if (next.kind === 'need-more') return
      if (next.kind === 'invalid')
        return this.close('upstream-protocol-error', `response size ${next.size} is ${next.reason}`)
      this.onResponse(next.frame, next.payload)
    }
  }

  private onResponse(frame: Buffer, payload: Buffer): void {
    const request = this.inFlight.shift()
    const relayed = relayResponse(request, frame, payload, this.ctx.endpointFor)
    if (!relayed.ok || request === undefined)
      return this.close('upstream-protocol-error', relayed.ok ? undefined : relayed.detail)
    this.queue.fill(request.slot, relayed.bytes)
  }
}

function closedPromise(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed && socket.closed) resolve()
    else socket.once('close', () => resolve())
  })
}
