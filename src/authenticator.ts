import type { AwsCredentialIdentity } from '@smithy/types'
import type { Clock } from './clock.js'
import { mapAuthenticationError } from './brokerErrors.js'
import type { CredentialCache } from './credentials/credentialCache.js'
import { MskIamError, isMskIamError } from './errors.js'
import { createPayload } from './payload.js'
import { describeCause } from './redact.js'
import { decodeSaslResponse, encodeSaslToken, parseServerResponse, type ServerResponse } from './saslFraming.js'
import type { KafkaLogger, SaslAuthenticateArgs } from './kafkajsTypes.js'
import type { SignedToken } from './reauth/signer.js'

/** What one AWS_MSK_IAM authentication needs from its mechanism instance. */
export interface AuthenticatorDeps {
  credentials: CredentialCache
  resolveRegion: (host: string) => Promise<string>
  userAgent: string
  clock: Clock
}

/** Facts about one successful (re-)authentication. */
export interface AuthenticationResult {
  broker: string
  region: string
  accessKeyId: string
  requestId: string
  durationMs: number
}

/**
 * One AWS_MSK_IAM exchange on a connection kafkajs has already handshaken: sign with one credential
 * snapshot, send, validate the broker's answer. With credentials cached it does no network I/O before
 * sending, which keeps kafkajs's re-authentication window as short as it can be.
 */
export async function authenticateOnce(deps: AuthenticatorDeps, args: SaslAuthenticateArgs, logger: KafkaLogger): Promise<AuthenticationResult> {
  const { clock } = deps
  const started = clock.now()
  const broker = `${args.host}:${args.port}`
  let region: string | undefined
  let identity: AwsCredentialIdentity | undefined
  try {
    region = await deps.resolveRegion(args.host)
    identity = await deps.credentials.get()
    const payload = await createPayload({ host: args.host, region, credentials: identity, now: clock.now(), userAgent: deps.userAgent })
    const answer = await args.saslAuthenticate<ServerResponse>({
      request: { encode: () => encodeSaslToken(payload) },
      response: { decode: decodeSaslResponse, parse: parseServerResponse },
    })
    if (!answer) throw new MskIamError('INVALID_BROKER_RESPONSE', `Broker ${broker} sent no answer to AWS_MSK_IAM authentication.`, { broker, retriable: true })
    const result = { broker, region, accessKeyId: identity.accessKeyId, requestId: answer.requestId, durationMs: clock.now() - started }
    logger.debug('AWS_MSK_IAM authentication succeeded', { ...result })
    return result
  } catch (error) {
    const mapped = withBroker(mapAuthenticationError(error, { broker, port: args.port, region, accessKeyId: identity?.accessKeyId, now: clock.now() }), broker)
    forgetCredentialsAfter(mapped, deps.credentials)
    const extra = { broker, region, accessKeyId: identity?.accessKeyId, requestId: mapped.requestId, code: mapped.code, durationMs: clock.now() - started }
    if (mapped.code === 'PRINCIPAL_CHANGED') logger.warn(mapped.message, extra)
    else logger.debug(`AWS_MSK_IAM authentication failed: ${describeCause(mapped)}`, extra)
    throw mapped
  }
}

/**
 * The signing half of {@link authenticateOnce}, for the re-authentication scheduler: one token for one
 * broker, from the same credential cache and region lookup.
 */
export async function signToken(deps: AuthenticatorDeps, host: string, port: number): Promise<SignedToken> {
  try {
    const region = await deps.resolveRegion(host)
    const identity = await deps.credentials.get()
    const payload = await createPayload({ host, region, credentials: identity, now: deps.clock.now(), userAgent: deps.userAgent })
    return { token: Buffer.from(payload, 'utf8'), accessKeyId: identity.accessKeyId, region }
  } catch (error) {
    throw withBroker(mapAuthenticationError(error, { broker: `${host}:${port}`, port }), `${host}:${port}`)
  }
}

/** After "Session too short" or expired credentials, the cached credentials must not be signed with again. */
export function forgetCredentialsAfter(error: MskIamError, credentials: CredentialCache): void {
  if (error.code === 'SESSION_TOO_SHORT' || error.code === 'CREDENTIALS_EXPIRED') credentials.invalidate()
}

// Errors from credentials or region lookup are raised before a broker is involved; name it anyway.
function withBroker(error: MskIamError, broker: string): MskIamError {
  if (!isMskIamError(error) || error.broker !== undefined) return error
  return new MskIamError(error.code, `${error.message} (while authenticating to ${broker})`, {
    broker,
    region: error.region,
    accessKeyId: error.accessKeyId,
    requestId: error.requestId,
    retriable: error.retriable,
    cause: error.cause,
  })
}
