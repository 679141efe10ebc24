import type { Socket } from 'node:net'
import { MskIamError } from '../../errors.js'
import { FrameReader } from '../../protocol/FrameReader.js'
import { WireFormatError } from '../../protocol/ByteReader.js'
import { MIN_RESPONSE_FRAME_BYTES } from '../constants.js'
import { ERROR_CODE } from '../../constants.js'
import { UPSTREAM_CLIENT_ID, UPSTREAM_MECHANISM } from './constants.js'
import { mintUnsecuredJwt, oauthBearerInitialResponse } from './unsecuredJwt.js'
import {
  decodeSaslAuthenticateResponse,
  decodeSaslHandshakeResponse,
  encodeSaslAuthenticate,
  encodeSaslHandshake,
  type SaslAuthenticateVersion,
} from '../../protocol/saslMessages.js'

export interface AuthenticateUpstreamOptions {
  /** SaslAuthenticate version, default 2 (Kafka 4 serves 0–2). */
  version?: SaslAuthenticateVersion
  /** Whole exchange, default 10 s. */
  timeoutMs?: number
  /** Issue time of the token, default Date.now(). */
  nowMs?: number
}

export interface UpstreamSession {
  /** Kafka's session_lifetime_ms: the token's remaining lifetime (Kafka closes the connection after it). */
  sessionLifetimeMs: number
}

const MAX_SASL_RESPONSE_BYTES = 1024 * 1024
// After a failed OAUTHBEARER validation Kafka sends an error challenge ({"status":"invalid_token"}) and
// waits for the client's %x01 before it reports the failure (RFC 7628 §3.2.3).
const ERROR_CHALLENGE_ACK = Buffer.from([0x01])

/**
 * Authenticates a fresh upstream connection as `sub` with OAUTHBEARER and an unsecured JWT: SaslHandshake
 * v1, then SaslAuthenticate. Resolves when Kafka accepted it; rejects with a typed MskIamError otherwise.
 * Reads only the bytes of the exchange and removes its listeners, so the caller can relay Kafka traffic on
 * the same socket afterwards (nothing else may be written to it before this settles).
 */
export function authenticateUpstream(
  socket: Socket,
  sub: string,
  options: AuthenticateUpstreamOptions = {},
): Promise<UpstreamSession> {
  const version = options.version ?? 2
  const timeoutMs = options.timeoutMs ?? 10_000
  const token = mintUnsecuredJwt({ sub, issuedAtMs: options.nowMs ?? Date.now() })
  const frames = new FrameReader()
  let step: 'handshake' | 'authenticate' | 'error-ack' = 'handshake'
  let challenge = ''
  let settled = false

  return new Promise<UpstreamSession>((resolve, reject) => {
    const finish = (error: MskIamError | undefined, session?: UpstreamSession): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('error', onError)
      socket.off('close', onClose)
      if (error) reject(error)
      else resolve(session ?? { sessionLifetimeMs: 0 })
    }
    const fail = (
      code: 'AUTHENTICATION_FAILED' | 'MECHANISM_NOT_ENABLED' | 'INVALID_BROKER_RESPONSE' | 'CONNECTION_LOST',
      message: string,
      cause?: unknown,
    ): void => finish(new MskIamError(code, `upstream OAUTHBEARER authentication: ${message}`, { cause }))

    // `payload`: a response frame without its size prefix; at least a correlation id (the frame limits).
    const onFrame = (payload: Buffer): void => {
      const correlationId = payload.readInt32BE(0)
      const body = payload.subarray(4)
      if (step === 'handshake') {
        const answer = decodeSaslHandshakeResponse(body)
        if (correlationId !== 1) return fail('INVALID_BROKER_RESPONSE', `unexpected correlation id ${correlationId}`)
        if (answer.errorCode !== ERROR_CODE.NONE) {
          return fail(
            'MECHANISM_NOT_ENABLED',
            `Kafka refused ${UPSTREAM_MECHANISM} (error ${answer.errorCode}); this listener offers ${answer.mechanisms.join(', ') || 'nothing'}`,
          )
        }
        step = 'authenticate'
        socket.write(encodeSaslAuthenticate(2, UPSTREAM_CLIENT_ID, oauthBearerInitialResponse(token), version))
        return
      }
      const answer = decodeSaslAuthenticateResponse(body, version)
      const expected = step === 'authenticate' ? 2 : 3
      if (correlationId !== expected)
        return fail('INVALID_BROKER_RESPONSE', `unexpected correlation id ${correlationId}`)
      if (answer.errorCode !== ERROR_CODE.NONE) {
        const why = [answer.errorMessage, challenge].filter(Boolean).join('; ')
        return fail(
          'AUTHENTICATION_FAILED',
          `Kafka refused the token (error ${answer.errorCode}${why ? `: ${why}` : ''})`,
        )
      }
      if (step === 'authenticate' && answer.authBytes.length > 0) {
        challenge = answer.authBytes.toString('utf8')
        step = 'error-ack'
        socket.write(encodeSaslAuthenticate(3, UPSTREAM_CLIENT_ID, ERROR_CHALLENGE_ACK, version))
        return
      }
      if (step === 'error-ack') return fail('AUTHENTICATION_FAILED', `Kafka refused the token: ${challenge}`)
      finish(undefined, { sessionLifetimeMs: answer.sessionLifetimeMs })
    }

    const onData = (chunk: Buffer): void => {
      frames.push(chunk)
      try {
        while (!settled) {
          const next = frames.next({ min: MIN_RESPONSE_FRAME_BYTES, max: MAX_SASL_RESPONSE_BYTES })
          if (next.kind === 'need-more') return
          if (next.kind === 'invalid') return fail('INVALID_BROKER_RESPONSE', `response frame of ${next.size} bytes`)
          onFrame(next.payload)
        }
      } catch (err) {
        if (err instanceof WireFormatError) return fail('INVALID_BROKER_RESPONSE', err.message, err)
        throw err
      }
    }
    const onError = (err: Error): void => fail('CONNECTION_LOST', err.message, err)
    const onClose = (): void => fail('CONNECTION_LOST', `Kafka closed the connection during ${step}`)
    const timer = setTimeout(() => fail('CONNECTION_LOST', `no answer within ${timeoutMs} ms (${step})`), timeoutMs)

    socket.on('data', onData)
    socket.on('error', onError)
    socket.on('close', onClose)
    socket.write(encodeSaslHandshake(1, UPSTREAM_CLIENT_ID, UPSTREAM_MECHANISM))
  })
}
