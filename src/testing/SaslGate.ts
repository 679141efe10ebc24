import {
  AUTHENTICATE_AFTER_AUTHENTICATION_MESSAGE,
  MAX_AUTHENTICATED_FRAME_BYTES,
  MAX_UNAUTHENTICATED_FRAME_BYTES,
  MIN_REAUTHENTICATION_INTERVAL_MS,
} from './constants.js'
import { API_KEY, ERROR_CODE } from '../constants.js'
import { answerAuthenticate } from './answerAuthenticate.js'
import { answerHandshake, refuseReauthentication } from './answerHandshake.js'
import { closeFor, type GateAction, type GateEnvironment, type Session } from './GateAction.js'
import type { RequestHeader } from '../protocol/parseRequestHeader.js'
import { encodeSaslAuthenticateResponse } from './wire/saslAuthenticate.js'

type State =
  | { name: 'start' }
  | { name: 'handshaken'; mechanism: string }
  | { name: 'authenticated'; session: Session }
  | { name: 'reauthenticating'; mechanism: string; session: Session }
  | { name: 'failed' }

/**
 * One connection's SASL state machine, mirroring Kafka's SaslServerAuthenticator and the KIP-368 checks in
 * its SocketServer: before authentication only ApiVersions and SaslHandshake then SaslAuthenticate are
 * allowed, afterwards everything is forwarded until the session expires, and a SaslHandshake starts a
 * re-authentication. Works on parsed headers; never touches sockets.
 */
export class SaslGate {
  private state: State = { name: 'start' }

  constructor(private readonly env: GateEnvironment) {}

  get authenticated(): boolean {
    return this.state.name === 'authenticated'
  }

  /** Kafka reads SASL frames with sasl.server.max.receive.size, requests with socket.request.max.bytes. */
  maxFrameBytes(): number {
    return this.authenticated ? MAX_AUTHENTICATED_FRAME_BYTES : MAX_UNAUTHENTICATED_FRAME_BYTES
  }

  /** Decides one request; `body` is the request body (after the header). Throws WireFormatError. */
  handle(header: RequestHeader, body: Buffer): GateAction {
    const { apiKey } = header
    const state = this.state
    switch (state.name) {
      case 'failed':
        return { kind: 'ignore' }
      case 'start':
        // Kafka accepts ApiVersions before the handshake; it is relayed so clients see Kafka's versions.
        // Repeats are relayed too: clients retry with a lower version after UNSUPPORTED_VERSION.
        if (apiKey === API_KEY.API_VERSIONS) return { kind: 'forward' }
        if (apiKey === API_KEY.SASL_HANDSHAKE) return this.handshake(header, body, undefined)
        return closeFor(header, 'before authentication', 'unexpected-request')
      case 'handshaken':
        if (apiKey === API_KEY.SASL_AUTHENTICATE) return this.authenticate(header, body, state.mechanism, undefined)
        return closeFor(header, 'between SaslHandshake and SaslAuthenticate', 'unexpected-request')
      case 'reauthenticating':
        // Kafka answers the stray request with ILLEGAL_SASL_STATE and closes (SaslServerAuthenticator
        // .handleSaslToken: "Unexpected Kafka request of type … during SASL authentication"). The emulator
        // closes without that answer: building an error response for any API would need every schema,
        // and the client sees the same thing, a dead connection.
        if (apiKey === API_KEY.SASL_AUTHENTICATE) return this.authenticate(header, body, state.mechanism, state.session)
        return closeFor(header, 'during re-authentication', 'illegal-sasl-state')
      case 'authenticated':
        return this.authenticatedRequest(header, body, state.session)
    }
  }

  private authenticatedRequest(header: RequestHeader, body: Buffer, session: Session): GateAction {
    const now = this.env.policy().nowMs
    const expired = now > session.expiresAt
    if (header.apiKey === API_KEY.SASL_HANDSHAKE) {
      // KafkaChannel.maybeBeginServerReauthentication: at most one re-authentication a second, even after
      // expiry. Otherwise KafkaApis answers the handshake with ILLEGAL_SASL_STATE (an expired session is
      // closed instead); the emulator then closes, as the project's notes require.
      const tooSoon =
        session.lastReauthStartAt !== undefined && now - session.lastReauthStartAt < MIN_REAUTHENTICATION_INTERVAL_MS
      if (tooSoon && expired)
        return {
          kind: 'close',
          reason: 'session-expired',
          detail: 'SaslHandshake after expiry, within 1 s of the last re-authentication',
        }
      if (tooSoon || this.env.faults.takeRefuseReauth()) {
        this.state = { name: 'failed' }
        return refuseReauthentication(this.env, header, tooSoon ? 'too-soon' : 'fault')
      }
      session.lastReauthStartAt = now
      return this.handshake(header, body, session)
    }
    if (expired)
      return { kind: 'close', reason: 'session-expired', detail: `api key ${header.apiKey} after the session expired` }
    if (header.apiKey === API_KEY.SASL_AUTHENTICATE) {
      // KafkaApis.handleSaslAuthenticateRequest answers this and keeps the connection.
      const bytes = encodeSaslAuthenticateResponse(header.correlationId, header.apiVersion, {
        errorCode: ERROR_CODE.ILLEGAL_SASL_STATE,
        errorMessage: AUTHENTICATE_AFTER_AUTHENTICATION_MESSAGE,
        authBytes: new Uint8Array(0),
        sessionLifetimeMs: 0,
      })
      return { kind: 'respond', bytes }
    }
    return { kind: 'forward' }
  }

  private handshake(header: RequestHeader, body: Buffer, session: Session | undefined): GateAction {
    const step = answerHandshake(this.env, header, body, session !== undefined)
    if (step.mechanism === undefined) this.state = { name: 'failed' }
    else if (session === undefined) this.state = { name: 'handshaken', mechanism: step.mechanism }
    else this.state = { name: 'reauthenticating', mechanism: step.mechanism, session }
    return step.action
  }

  private authenticate(
    header: RequestHeader,
    body: Buffer,
    mechanism: string,
    previous: Session | undefined,
  ): GateAction {
    const step = answerAuthenticate(this.env, header, body, mechanism, previous)
    this.state = step.session === undefined ? { name: 'failed' } : { name: 'authenticated', session: step.session }
    return step.action
  }
}
