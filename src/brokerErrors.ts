import { accessDeniedText } from './accessDenied.js'
import { BROKER_TEXT, COLD_START_RETRY_TEXT, MECHANISM_NAME } from './constants.js'
import { portOf } from './errorChain.js'
import { MskIamError, isMskIamError } from './errors.js'
import { mechanismNotOffered, type ListenerFacts } from './listenerErrors.js'
import { requestIdTag } from './rebuildMskIamError.js'
import { describeCause } from './redact.js'
import type { SaslClient } from './saslClient.js'
import { stringPropertyOf, textOf } from './thrownValue.js'

/** What was being attempted when the broker answered; all of it goes into the error text. */
export interface AuthenticationContext {
  /** `host:port` */
  broker: string
  /** The host the payload was signed for; default: `broker` without its port. */
  host?: string
  port?: number
  region?: string
  accessKeyId?: string
  /** Epoch ms, to show the local clock in "Access denied" (a skewed clock is one of its causes). */
  now?: number
  /** The mechanism that was refused, named in the texts; default AWS_MSK_IAM. */
  mechanism?: SaslClient['mechanism']
}

const REQUEST_ID_PREFIX = /^\[([^\]]{1,128})\]:\s*(.*)$/s
const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
])

/** Splits MSK's `"[<request-id>]: <reason>"` error text. Texts from Kafka itself carry no request-id. */
export function splitBrokerMessage(message: string): { requestId: string | undefined; reason: string } {
  const match = REQUEST_ID_PREFIX.exec(message)
  return match
    ? { requestId: match[1], reason: (match[2] ?? '').trim() }
    : { requestId: undefined, reason: message.trim() }
}

/**
 * Turns whatever `saslAuthenticate` threw (kafkajs's protocol or connection errors carrying the broker's
 * text, or anything else) into an {@link MskIamError} that names the cause and the fix. Never throws.
 */
export function mapAuthenticationError(error: unknown, ctx: AuthenticationContext): MskIamError {
  if (isMskIamError(error)) return error
  const name = stringPropertyOf(error, 'name')
  const type = stringPropertyOf(error, 'type')
  const mechanism = ctx.mechanism ?? MECHANISM_NAME
  const base = { broker: ctx.broker, region: ctx.region, accessKeyId: ctx.accessKeyId, cause: error }
  if (type === 'UNSUPPORTED_SASL_MECHANISM') return mechanismNotOffered(listenerOf(ctx), mechanism, error)
  if (name !== undefined && CONNECTION_ERRORS.has(name)) {
    return new MskIamError(
      'CONNECTION_LOST',
      `The connection to broker ${ctx.broker} was lost during ${mechanism} authentication (${describeCause(error)}). ` +
        'kafkajs will reconnect; if this repeats, check security groups, TLS (ssl: true) and the port (9098 private, 9198 public).',
      base,
    )
  }
  const { requestId, reason } = splitBrokerMessage(stringPropertyOf(error, 'message') ?? textOf(error))
  const details = { ...base, requestId }
  const tag = requestIdTag(requestId)
  if (reason.startsWith(BROKER_TEXT.accessDenied)) {
    const host = ctx.host ?? hostOf(ctx.broker)
    return new MskIamError(
      'ACCESS_DENIED',
      accessDeniedText({ ...ctx, host, region: ctx.region, accessKeyId: ctx.accessKeyId, now: ctx.now }, tag),
      details,
    )
  }
  if (reason.startsWith(BROKER_TEXT.tooManyConnects)) {
    return new MskIamError(
      'TOO_MANY_CONNECTS',
      `Broker ${ctx.broker} refused the connection: Too many connects${tag}. MSK IAM listeners accept about 20 new ` +
        'connections per second per broker (4 on kafka.t3.small; MSK Serverless 100 per second). Reuse one client per ' +
        `process (module scope in Lambda), cap concurrency, and let kafkajs retry more, soon and jittered (${COLD_START_RETRY_TEXT}).`,
      details,
    )
  }
  if (reason.startsWith(BROKER_TEXT.sessionTooShort)) {
    return new MskIamError(
      'SESSION_TOO_SHORT',
      `Broker ${ctx.broker} rejected the authentication: Session too short${tag}. The credentials of access key ` +
        `${ctx.accessKeyId ?? '(unknown)'} are about to expire; they will be reloaded. If this repeats, the credential ` +
        'source hands out short-lived credentials: lengthen the role session or lower refreshBeforeExpiryMs.',
      details,
    )
  }
  if (reason.startsWith(BROKER_TEXT.invalidPayload)) {
    return new MskIamError(
      'INVALID_PAYLOAD',
      `Broker ${ctx.broker} could not read the authentication payload: Invalid authentication payload${tag}. ` +
        'Something between client and broker altered it, or this is a bug: report it with the request-id.',
      details,
    )
  }
  if (reason.startsWith(BROKER_TEXT.principalChange)) {
    return new MskIamError(
      'PRINCIPAL_CHANGED',
      `Broker ${ctx.broker} refused re-authentication because the IAM principal changed (${reason.slice(0, 400)}). ` +
        'Kafka pins a connection to one principal; the client reconnects. Keep the principal stable: use a fixed ' +
        'roleSessionName (the default is constant) and do not switch roles or users while connected.',
      details,
    )
  }
  return new MskIamError(
    'AUTHENTICATION_FAILED',
    `Broker ${ctx.broker} rejected ${mechanism} authentication: ${reason.slice(0, 400) || describeCause(error)}${tag}.`,
    { ...details, retriable: type === 'ILLEGAL_SASL_STATE' },
  )
}

function listenerOf(ctx: AuthenticationContext): ListenerFacts {
  return { broker: ctx.broker, port: ctx.port ?? portOf(ctx.broker) }
}

function hostOf(broker: string): string {
  const at = broker.lastIndexOf(':')
  return at > 0 && portOf(broker) !== undefined ? broker.slice(0, at) : broker
}
