import { FAILED_AUTHENTICATION_CLOSE_DELAY_MS, MAX_UNDERSTOOD_VERSION } from './constants.js'
import { API_KEY, ERROR_CODE } from '../constants.js'
import { closeFor, respondThenDropOn, type GateAction, type GateEnvironment } from './GateAction.js'
import type { RequestHeader } from '../protocol/parseRequestHeader.js'
import { decodeSaslHandshakeRequest, encodeSaslHandshakeResponse } from './wire/saslHandshake.js'

/** The answer to a SaslHandshake, and the mechanism the connection continues with (none: it is closing). */
export interface HandshakeStep {
  action: GateAction
  mechanism: string | undefined
}

/**
 * Answers a SaslHandshake as Kafka's SaslServerAuthenticator.handleHandshakeRequest does: error 0 and the
 * enabled mechanisms when the requested one is enabled, else UNSUPPORTED_SASL_MECHANISM with the same
 * list followed by a close. On re-authentication a different (enabled) mechanism is accepted here and
 * refused at SaslAuthenticate, as Kafka does (state REAUTH_BAD_MECHANISM). Throws WireFormatError.
 */
export function answerHandshake(
  env: GateEnvironment,
  header: RequestHeader,
  body: Buffer,
  reauthenticating: boolean,
): HandshakeStep {
  if (header.apiVersion > (MAX_UNDERSTOOD_VERSION.get(API_KEY.SASL_HANDSHAKE) ?? 0)) {
    return {
      action: closeFor(header, 'in a version the emulator does not know', 'unsupported-version'),
      mechanism: undefined,
    }
  }
  const { mechanism } = decodeSaslHandshakeRequest(body)
  const mechanisms = env.mechanisms()
  const logBase = { event: 'handshake', mechanism, connectionId: env.connectionId } as const
  if (!mechanisms.includes(mechanism)) {
    env.log({
      ...logBase,
      outcome: 'denied',
      reason: 'UNSUPPORTED_SASL_MECHANISM',
      detail: `enabled: ${mechanisms.join(', ')}`,
    })
    const bytes = encodeSaslHandshakeResponse(header.correlationId, {
      errorCode: ERROR_CODE.UNSUPPORTED_SASL_MECHANISM,
      mechanisms,
    })
    const after = {
      kind: 'close',
      reason: 'unsupported-mechanism',
      delayMs: FAILED_AUTHENTICATION_CLOSE_DELAY_MS,
    } as const
    return { action: { kind: 'respond', bytes, after }, mechanism: undefined }
  }
  env.log({ ...logBase, outcome: 'accepted', detail: reauthenticating ? 're-authentication' : 'authentication' })
  const bytes = encodeSaslHandshakeResponse(header.correlationId, { errorCode: ERROR_CODE.NONE, mechanisms })
  return { action: respondThenDropOn('dropAfterHandshake', bytes, env.faults), mechanism }
}

/**
 * The refusal of a re-authentication handshake: ILLEGAL_SASL_STATE with no mechanisms (KafkaApis
 * .handleSaslHandshakeRequest, reached when KafkaChannel.maybeBeginServerReauthentication declines),
 * then a close.
 */
export function refuseReauthentication(
  env: GateEnvironment,
  header: RequestHeader,
  why: 'too-soon' | 'fault',
): GateAction {
  const detail = why === 'fault' ? 'refuseReauthOnce' : 're-authentication less than 1 s after the previous one'
  env.log({
    event: 'handshake',
    outcome: 'denied',
    reason: 'ILLEGAL_SASL_STATE',
    detail,
    connectionId: env.connectionId,
  })
  const bytes = encodeSaslHandshakeResponse(header.correlationId, {
    errorCode: ERROR_CODE.ILLEGAL_SASL_STATE,
    mechanisms: [],
  })
  const reason = why === 'fault' ? 'fault' : 'illegal-sasl-state'
  return {
    kind: 'respond',
    bytes,
    after: {
      kind: 'close',
      reason,
      delayMs: FAILED_AUTHENTICATION_CLOSE_DELAY_MS,
      detail: why === 'fault' ? detail : undefined,
    },
  }
}
