import { randomUUID } from 'node:crypto'
import {
  IAM_RESPONSE_VERSION,
  MECHANISM,
  MSK_DENIAL,
  mechanismChangeMessage,
  principalChangeMessage,
} from './constants.js'
import { peekAccessKeyId } from './peekAccessKeyId.js'
import { sessionEndsAt, type SessionLifetime } from './sessionLifetime.js'
import type { ConnectVerdict } from './authorization/EmulatorAuthorization.js'
import type { DenialReason, EmulatorLogEntry } from './types.js'
import type { EmulatorIdentity, Verdict, VerifyContext } from './verifier/types.js'
import { verifyIamPayload } from './verifier/verifyIamPayload.js'
import { verifyOauthBearer } from './verifier/verifyOauthBearer.js'

export interface AuthenticationAttempt {
  mechanism: string
  /** The SASL token from SaslAuthenticate (no length prefix). */
  authBytes: Uint8Array
  /** Host the client must have signed for; undefined accepts any. */
  expectedHost: string | undefined
  /** The session being renewed, on re-authentication. */
  previous?: { principalArn: string; mechanism: string }
}

export interface AuthenticationPolicy {
  region: string
  nowMs: number
  maxSkewMs: number
  minSessionMs: number
  /** Default 'credential-expiry'. */
  sessionLifetime?: SessionLifetime
  /** A cap on top of `sessionLifetime`; Infinity for none. */
  maxSessionMs: number
  lookup(accessKeyId: string): EmulatorIdentity | undefined
  /**
   * Connection limits (and injected bursts) for first authentications: true admits and uses a permit;
   * false, or a text saying which limit, refuses with `Too many connects`.
   */
  admit(): boolean | string
  /**
   * With authorization: `kafka-cluster:Connect` on the cluster ARN for the identity whose signature
   * verified (MSK answers a denial with `Access denied`, like a bad signature).
   */
  authorizeConnect?(identity: EmulatorIdentity): ConnectVerdict
}

export type AuthenticationDecision =
  | { ok: true; requestId: string; identity: EmulatorIdentity; sessionLifetimeMs: number; responseAuthBytes: Buffer }
  | {
      ok: false
      requestId: string
      denial: DenialReason
      /** SaslAuthenticate error_message, exactly as sent. */
      errorMessage: string
      detail: string
      accessKeyId: string | undefined
      principal: string | undefined
      /** A denied Connect: the authorization fields of the log entry. */
      authorization?: Partial<Omit<EmulatorLogEntry, 'time'>>
    }

/**
 * Judges one SaslAuthenticate the way MSK (and the Kafka broker under it) does, in this order: mechanism
 * unchanged on re-authentication (Kafka), connection rate (MSK reports it here, not at TCP connect), the
 * IAM signature (verifier), `kafka-cluster:Connect` (with authorization on), `Session too short`,
 * principal unchanged (Kafka checks it after the SASL exchange completes). Pure apart from the request
 * id and the permit `admit` consumes.
 */
export function decideAuthentication(
  attempt: AuthenticationAttempt,
  policy: AuthenticationPolicy,
): AuthenticationDecision {
  const requestId = randomUUID()
  const accessKeyId = peekAccessKeyId(attempt.mechanism, attempt.authBytes)
  const deny = (
    denial: DenialReason,
    errorMessage: string,
    detail: string,
    principal?: string,
    authorization?: Partial<Omit<EmulatorLogEntry, 'time'>>,
  ): AuthenticationDecision => ({
    ok: false,
    requestId,
    denial,
    errorMessage,
    detail,
    accessKeyId,
    principal,
    ...(authorization === undefined ? {} : { authorization }),
  })
  const msk = (text: string): string => `[${requestId}]: ${text}`

  const { previous } = attempt
  if (previous !== undefined && previous.mechanism !== attempt.mechanism) {
    const text = mechanismChangeMessage(attempt.mechanism, previous.mechanism)
    return deny('Mechanism changed', text, text)
  }
  const admitted = previous === undefined ? policy.admit() : true
  if (admitted !== true) {
    const detail = admitted === false ? 'connection limit reached' : admitted
    return deny(MSK_DENIAL.TOO_MANY_CONNECTS, msk(MSK_DENIAL.TOO_MANY_CONNECTS), detail)
  }

  const verdict = verify(attempt, policy)
  if (!verdict.ok) return deny(verdict.reason, msk(verdict.reason), verdict.detail)

  const { identity } = verdict
  const connect = policy.authorizeConnect?.(identity)
  if (connect !== undefined && !connect.allowed) {
    const text = MSK_DENIAL.ACCESS_DENIED
    return deny(text, msk(text), connect.detail, identity.principalArn, connect.log)
  }
  const end = sessionEndsAt({
    nowMs: policy.nowMs,
    signatureExpiresAt: verdict.signatureExpiresAt,
    credentialExpiresAt: identity.expiresAt,
    rule: policy.sessionLifetime ?? 'credential-expiry',
    maxSessionMs: policy.maxSessionMs,
  })
  const sessionLifetimeMs = Math.floor(end - policy.nowMs)
  if (sessionLifetimeMs < policy.minSessionMs) {
    const detail = `session would last ${sessionLifetimeMs} ms, less than ${policy.minSessionMs} ms`
    return deny(MSK_DENIAL.SESSION_TOO_SHORT, msk(MSK_DENIAL.SESSION_TOO_SHORT), detail, identity.principalArn)
  }
  if (previous !== undefined && previous.principalArn !== identity.principalArn) {
    const text = principalChangeMessage(previous.principalArn, identity.principalArn)
    return deny('Principal changed', text, text, identity.principalArn)
  }
  const responseAuthBytes =
    attempt.mechanism === MECHANISM.AWS_MSK_IAM
      ? Buffer.from(JSON.stringify({ version: IAM_RESPONSE_VERSION, 'request-id': requestId }), 'utf8')
      : Buffer.alloc(0)
  return { ok: true, requestId, identity, sessionLifetimeMs, responseAuthBytes }
}

function verify(attempt: AuthenticationAttempt, policy: AuthenticationPolicy): Verdict {
  const ctx: VerifyContext = {
    expectedHost: attempt.expectedHost,
    region: policy.region,
    nowMs: policy.nowMs,
    maxSkewMs: policy.maxSkewMs,
    lookup: (accessKeyId) => policy.lookup(accessKeyId),
  }
  try {
    if (attempt.mechanism === MECHANISM.AWS_MSK_IAM) return verifyIamPayload(attempt.authBytes, ctx)
    if (attempt.mechanism === MECHANISM.OAUTHBEARER) return verifyOauthBearer(attempt.authBytes, ctx)
    return { ok: false, reason: MSK_DENIAL.INVALID_PAYLOAD, detail: `no verifier for mechanism ${attempt.mechanism}` }
  } catch (err) {
    // The verifiers promise not to throw; if one does, the client still gets MSK's answer, not a hang.
    return {
      ok: false,
      reason: MSK_DENIAL.INVALID_PAYLOAD,
      detail: `verifier failed: ${err instanceof Error ? err.message : String(err)}`,
    }
  }
}
