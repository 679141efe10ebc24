import { ERROR_CODE } from '../../../constants.js'
import type { AuthenticatorDeps } from '../../../authenticator.js'
import { awsMskIamClient } from '../../../awsMskIamClient.js'
import { mapAuthenticationError, splitBrokerMessage } from '../../../brokerErrors.js'
import { isMskIamError, type MskIamErrorCode } from '../../../errors.js'
import { decodeSaslAuthenticateResponse, encodeSaslAuthenticate } from '../../../protocol/saslMessages.js'
import { regionFromHost } from '../../../region.js'
import { parseServerResponse } from '../../../saslFraming.js'
import { ChannelError, type KafkaChannel } from '../net/KafkaChannel.js'
import { DOCTOR_CLIENT_ID } from '../../constants.js'
import type { CheckResult, FailureKind, FindingFacts } from '../types.js'
import { errorMessage } from '../errorMessage.js'
import { formatDuration } from '../formatDuration.js'

/** How each of the package's error codes reads as a doctor finding. */
const KIND_OF: Readonly<Record<MskIamErrorCode, FailureKind>> = {
  ACCESS_DENIED: 'access-denied',
  TOO_MANY_CONNECTS: 'too-many-connects',
  SESSION_TOO_SHORT: 'session-too-short',
  INVALID_PAYLOAD: 'invalid-payload',
  PRINCIPAL_CHANGED: 'authentication-failed',
  MECHANISM_NOT_ENABLED: 'mechanism-not-enabled',
  TLS_REQUIRED: 'wrong-port',
  TLS_NOT_OFFERED: 'wrong-port',
  AUTHENTICATION_FAILED: 'authentication-failed',
  INVALID_BROKER_RESPONSE: 'authentication-failed',
  CONNECTION_LOST: 'connection-lost',
  REGION_UNRESOLVED: 'region-unresolved',
  CREDENTIALS_UNAVAILABLE: 'credentials-unavailable',
  CREDENTIALS_EXPIRED: 'credentials-unavailable',
  INVALID_OPTIONS: 'authentication-failed',
  INVALID_POLICY: 'authentication-failed',
  // Never raised while authenticating (authorization follows it); listed because the table is total.
  AUTHORIZATION_FAILED: 'access-denied',
}

export interface AuthenticationInput {
  channel: KafkaChannel
  deps: AuthenticatorDeps
  host: string
  port: number
  explicitRegion: string | undefined
  timeoutMs: number
}

/** Whether the broker took the signature; `accepted` and `denied` are answers, `error` is anything else. */
export type AuthenticationOutcome = 'accepted' | 'denied' | 'error'

/**
 * One real AWS_MSK_IAM authentication on a handshaken connection: sign with the resolved credentials and
 * region, send SaslAuthenticate v1, read the broker's verdict and explain it with mapAuthenticationError.
 */
export async function checkAuthentication(
  input: AuthenticationInput,
): Promise<{ result: CheckResult; outcome: AuthenticationOutcome }> {
  const { host, port, deps } = input
  const broker = `${host}:${port}`
  const hostRegion = regionFromHost(host)
  const base: FindingFacts = { broker, port, ...(hostRegion ? { hostRegion } : {}) }
  let token
  try {
    token = await awsMskIamClient(deps).token(host)
  } catch (error) {
    const code = isMskIamError(error) ? error.code : 'AUTHENTICATION_FAILED'
    const result: CheckResult = {
      check: 'authentication',
      status: 'fail',
      summary: `could not sign: ${firstSentence(errorMessage(error))}`,
      failure: KIND_OF[code],
      facts: { ...base, message: errorMessage(error) },
    }
    return { result, outcome: 'error' }
  }
  const facts: FindingFacts = {
    ...base,
    region: token.region,
    regionSource: regionSource(input.explicitRegion, hostRegion),
    accessKeyId: token.accessKeyId,
  }
  const signedAs = `key ${token.accessKeyId}, region ${token.region} (${facts.regionSource})`
  const id = input.channel.correlationId()
  let answer
  try {
    answer = decodeSaslAuthenticateResponse(
      await input.channel.request(encodeSaslAuthenticate(id, DOCTOR_CLIENT_ID, token.bytes), id, input.timeoutMs),
      1,
    )
  } catch (error) {
    const timeout = error instanceof ChannelError && error.reason === 'timeout'
    const summary = timeout
      ? `no answer to SaslAuthenticate within ${input.timeoutMs} ms`
      : `the connection ended without an answer to SaslAuthenticate (${errorMessage(error)})`
    return {
      result: {
        check: 'authentication',
        status: 'fail',
        summary,
        failure: timeout ? 'no-answer' : 'connection-lost',
        facts,
      },
      outcome: 'error',
    }
  }
  if (answer.errorCode === ERROR_CODE.NONE) {
    let requestId: string
    try {
      requestId = parseServerResponse(answer.authBytes).requestId
    } catch (error) {
      const summary = `the broker accepted but its answer is malformed: ${firstSentence(errorMessage(error))}`
      return {
        result: { check: 'authentication', status: 'fail', summary, failure: 'authentication-failed', facts },
        outcome: 'error',
      }
    }
    const lifetime = answer.sessionLifetimeMs
    const short = lifetime > 0 && lifetime < 5 * 60_000
    const session =
      lifetime > 0 ? `, session ${formatDuration(lifetime)}${short ? ' (short: the credentials expire soon)' : ''}` : ''
    const result: CheckResult = {
      check: 'authentication',
      status: short ? 'warn' : 'pass',
      summary: `accepted: ${signedAs}, request-id ${requestId}${session}`,
      facts: { ...facts, requestId },
    }
    return { result, outcome: 'accepted' }
  }
  const text = answer.errorMessage ?? `SaslAuthenticate error ${answer.errorCode}`
  const { requestId, reason } = splitBrokerMessage(text)
  const mapped = mapAuthenticationError(
    { name: 'KafkaJSProtocolError', type: 'SASL_AUTHENTICATION_FAILED', message: text },
    { broker, port, region: token.region, accessKeyId: token.accessKeyId, now: deps.clock.now() },
  )
  const summary = `refused: "${reason.slice(0, 160)}"${requestId ? ` (request-id ${requestId})` : ''} for ${signedAs}`
  const denied: FindingFacts = {
    ...facts,
    ...(requestId ? { requestId } : {}),
    message: mapped.message,
    localTime: new Date(deps.clock.now()).toISOString(),
  }
  return {
    result: { check: 'authentication', status: 'fail', summary, failure: KIND_OF[mapped.code], facts: denied },
    outcome: 'denied',
  }
}

function regionSource(explicit: string | undefined, hostRegion: string | undefined): string {
  if (explicit !== undefined) return 'from --region'
  if (hostRegion !== undefined) return 'from the broker name'
  return 'from AWS_REGION or the profile'
}

function firstSentence(text: string): string {
  const end = text.search(/\.\s/)
  return end === -1 ? text.slice(0, 240) : text.slice(0, Math.min(end + 1, 240))
}
