import { FAILED_AUTHENTICATION_CLOSE_DELAY_MS, MAX_UNDERSTOOD_VERSION } from './constants.js'
import { API_KEY, ERROR_CODE } from '../constants.js'
import { decideAuthentication } from './decideAuthentication.js'
import { denialHint } from './denialHint.js'
import { closeFor, respondThenDropOn, type GateAction, type GateEnvironment, type Session } from './GateAction.js'
import type { RequestHeader } from '../protocol/parseRequestHeader.js'
import { decodeSaslAuthenticateRequest, encodeSaslAuthenticateResponse } from './wire/saslAuthenticate.js'

/** The answer to a SaslAuthenticate, and the session it opens (none: the connection is closing). */
export interface AuthenticateStep {
  action: GateAction
  session: Session | undefined
}

/**
 * Answers a SaslAuthenticate (first authentication when `previous` is undefined, else re-authentication):
 * decides, counts, logs, and encodes MSK's answer in the request's version. A refusal is followed by
 * Kafka's delayed close. Throws WireFormatError.
 */
export function answerAuthenticate(
  env: GateEnvironment,
  header: RequestHeader,
  body: Buffer,
  mechanism: string,
  previous: Session | undefined,
): AuthenticateStep {
  if (header.apiVersion > (MAX_UNDERSTOOD_VERSION.get(API_KEY.SASL_AUTHENTICATE) ?? 0)) {
    return {
      action: closeFor(header, 'in a version the emulator does not know', 'unsupported-version'),
      session: undefined,
    }
  }
  const { authBytes } = decodeSaslAuthenticateRequest(body, header.apiVersion)
  const policy = env.policy()
  const expectedHost = env.expectedHost
  const decision = decideAuthentication({ mechanism, authBytes, expectedHost, previous }, policy)
  const event = previous === undefined ? 'authenticate' : 'reauthenticate'
  const logBase = { event, mechanism, requestId: decision.requestId, connectionId: env.connectionId } as const
  const answer = (
    errorCode: number,
    errorMessage: string | null,
    authBytes: Uint8Array,
    sessionLifetimeMs: number,
  ): Buffer =>
    encodeSaslAuthenticateResponse(header.correlationId, header.apiVersion, {
      errorCode,
      errorMessage,
      authBytes,
      sessionLifetimeMs,
    })

  if (!decision.ok) {
    env.stats.denied(decision.denial)
    env.log({
      ...logBase,
      outcome: 'denied',
      reason: decision.denial,
      detail: decision.detail,
      hint: denialHint(decision.denial, decision.detail),
      principal: decision.principal,
      accessKeyId: decision.accessKeyId,
      ...decision.authorization,
    })
    const bytes = answer(ERROR_CODE.SASL_AUTHENTICATION_FAILED, decision.errorMessage, new Uint8Array(0), 0)
    const after = {
      kind: 'close',
      reason: 'authentication-failed',
      delayMs: FAILED_AUTHENTICATION_CLOSE_DELAY_MS,
    } as const
    return { action: { kind: 'respond', bytes, after }, session: undefined }
  }
  const { identity, sessionLifetimeMs } = decision
  // Before the answer goes out: the client's next request may reach Kafka's authorizer right after it.
  env.onAuthenticated?.(identity)
  env.stats.authenticated(previous !== undefined)
  env.log({
    ...logBase,
    outcome: 'accepted',
    principal: identity.principalArn,
    accessKeyId: identity.accessKeyId,
    sessionLifetimeMs,
  })
  const session: Session = {
    principalArn: identity.principalArn,
    mechanism,
    // Kafka: sessionExpirationTimeNanos = authenticationEndNanos + lifetime.
    expiresAt: policy.nowMs + sessionLifetimeMs,
    lastReauthStartAt: previous?.lastReauthStartAt,
  }
  const bytes = answer(ERROR_CODE.NONE, null, decision.responseAuthBytes, sessionLifetimeMs)
  return { action: respondThenDropOn('dropAfterAuthenticate', bytes, env.faults), session }
}
