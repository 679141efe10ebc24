import type { Clock } from './clock.js'
import { mapAuthenticationError } from './brokerErrors.js'
import type { CredentialCache } from './credentials/CredentialCache.js'
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
export async function authenticateOnce(
  deps: AuthenticatorDeps,
  args: SaslAuthenticateArgs,
  logger: KafkaLogger,
): Promise<AuthenticationResult> {
  const { clock } = deps
  const started = clock.now()
  const broker = `${args.host}:${args.port}`
  const signing: SigningProgress = {}
  try {
    const payload = await signPayload(deps, args.host, signing)
    const answer = await args.saslAuthenticate<ServerResponse>({
      request: { encode: () => encodeSaslToken(payload) },
      response: { decode: decodeSaslResponse, parse: parseServerResponse },
    })
    if (!answer)
      throw new MskIamError(
        'INVALID_BROKER_RESPONSE',
        `Broker ${broker} sent no answer to AWS_MSK_IAM authentication.`,
        { broker, retriable: true },
      )
    const result = {
      broker,
      region: signing.region!,
      accessKeyId: signing.accessKeyId!,
      requestId: answer.requestId,
      durationMs: clock.now() - started,
    }
    logger.debug('AWS_MSK_IAM authentication succeeded', { ...result })
    return result
  } catch (error) {
    const { region, accessKeyId } = signing
    const mapped = withBroker(
      mapAuthenticationError(error, { broker, port: args.port, region, accessKeyId, now: clock.now() }),
      broker,
    )
    forgetCredentialsAfter(mapped, deps.credentials)
    const extra = {
      broker,
      region,
      accessKeyId,
      requestId: mapped.requestId,
      code: mapped.code,
      durationMs: clock.now() - started,
    }
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
  const signing: SigningProgress = {}
  try {
    const payload = await signPayload(deps, host, signing)
    return { token: Buffer.from(payload, 'utf8'), accessKeyId: signing.accessKeyId!, region: signing.region! }
  } catch (error) {
    throw withBroker(mapAuthenticationError(error, { broker: `${host}:${port}`, port }), `${host}:${port}`)
  }
}

/** What signing learned before it finished or failed: both go into results, errors and log lines. */
interface SigningProgress {
  region?: string
  accessKeyId?: string
}

/** Region, one credential snapshot, one payload for `host`; records what it learns in `progress`. */
async function signPayload(deps: AuthenticatorDeps, host: string, progress: SigningProgress): Promise<string> {
  const region = await deps.resolveRegion(host)
  progress.region = region
  const credentials = await deps.credentials.get()
  progress.accessKeyId = credentials.accessKeyId
  return createPayload({ host, region, credentials, now: deps.clock.now(), userAgent: deps.userAgent })
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
