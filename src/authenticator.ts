import type { Clock } from './clock.js'
import { mapAuthenticationError } from './brokerErrors.js'
import type { CredentialCache } from './credentials/CredentialCache.js'
import { MskIamError, isMskIamError } from './errors.js'
import { describeCause } from './redact.js'
import { decodeSaslResponse, encodeSaslToken } from './saslFraming.js'
import type { SaslClient, SaslToken } from './saslClient.js'
import type { KafkaLogger, SaslAuthenticateArgs } from './kafkajsTypes.js'

/** What signing needs from a mechanism instance: its credential cache, region lookup and clock. */
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
  /** The broker's request-id; OAUTHBEARER answers carry none. */
  requestId: string | undefined
  durationMs: number
}

/**
 * One exchange on a connection kafkajs has already handshaken: take a token from the mechanism's client
 * (one credential snapshot), send it, validate the broker's answer. With credentials cached it does no
 * network I/O before sending, which keeps kafkajs's re-authentication window as short as it can be.
 */
export async function authenticateOnce(
  client: SaslClient,
  clock: Clock,
  args: SaslAuthenticateArgs,
  logger: KafkaLogger,
): Promise<AuthenticationResult> {
  const started = clock.now()
  const broker = `${args.host}:${args.port}`
  let token: SaslToken | undefined
  try {
    const signed = await client.token(args.host)
    token = signed
    const answer = await args.saslAuthenticate<{ requestId: string | undefined }>({
      request: { encode: () => encodeSaslToken(signed.bytes) },
      response: {
        decode: (raw) => decodeSaslResponse(raw, client.mechanism),
        parse: (bytes) => client.readAnswer(bytes),
      },
    })
    if (!answer)
      throw new MskIamError(
        'INVALID_BROKER_RESPONSE',
        `Broker ${broker} sent no answer to ${client.mechanism} authentication.`,
        { broker, retriable: true },
      )
    const result = {
      broker,
      region: signed.region,
      accessKeyId: signed.accessKeyId,
      requestId: answer.requestId,
      durationMs: clock.now() - started,
    }
    logger.debug(`${client.mechanism} authentication succeeded`, { ...result })
    return result
  } catch (error) {
    const mapped = explainFailure(error, {
      host: args.host,
      port: args.port,
      mechanism: client.mechanism,
      token,
      now: clock.now(),
    })
    client.refused(mapped)
    const extra = {
      broker,
      region: token?.region ?? mapped.region,
      accessKeyId: token?.accessKeyId ?? mapped.accessKeyId,
      requestId: mapped.requestId,
      code: mapped.code,
      durationMs: clock.now() - started,
    }
    if (mapped.code === 'PRINCIPAL_CHANGED') logger.warn(mapped.message, extra)
    else logger.debug(`${client.mechanism} authentication failed: ${describeCause(mapped)}`, extra)
    throw mapped
  }
}

/** Where a failure happened: the broker, and the token sent to it if one was. */
export interface FailureContext {
  host: string
  port: number
  /** The mechanism that was authenticating, named in the error texts. */
  mechanism: SaslClient['mechanism']
  token?: SaslToken | undefined
  now?: number
}

/**
 * Whatever an authentication or a renewal threw, as the typed error that names the broker. Errors from
 * credentials or region lookup are raised before a broker is involved; they get its name too.
 */
export function explainFailure(error: unknown, at: FailureContext): MskIamError {
  const broker = `${at.host}:${at.port}`
  const mapped = mapAuthenticationError(error, {
    broker,
    port: at.port,
    mechanism: at.mechanism,
    region: at.token?.region,
    accessKeyId: at.token?.accessKeyId,
    now: at.now,
  })
  if (!isMskIamError(mapped) || mapped.broker !== undefined) return mapped
  return new MskIamError(mapped.code, `${mapped.message} (while authenticating to ${broker})`, {
    broker,
    region: mapped.region,
    accessKeyId: mapped.accessKeyId,
    requestId: mapped.requestId,
    retriable: mapped.retriable,
    cause: mapped.cause,
  })
}

/**
 * After "Session too short" or expired credentials, the cached credentials must not be signed with again.
 * Returns whether they were dropped.
 */
export function forgetCredentialsAfter(error: MskIamError, credentials: CredentialCache): boolean {
  const forget = error.code === 'SESSION_TOO_SHORT' || error.code === 'CREDENTIALS_EXPIRED'
  if (forget) credentials.invalidate()
  return forget
}
