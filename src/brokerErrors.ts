import { BROKER_TEXT, IAM_PORTS, NON_IAM_PORTS } from './constants.js'
import { MskIamError, isMskIamError, mskIamErrorForCause } from './errors.js'
import { describeCause } from './redact.js'

/** What was being attempted when the broker answered; all of it goes into the error text. */
export interface AuthenticationContext {
  /** `host:port` */
  broker: string
  port?: number
  region?: string
  accessKeyId?: string
  /** Epoch ms, to show the local clock in "Access denied" (a skewed clock is one of its causes). */
  now?: number
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
 * text) into an {@link MskIamError} that names the cause and the fix.
 */
export function mapAuthenticationError(error: unknown, ctx: AuthenticationContext): MskIamError {
  if (isMskIamError(error)) return error
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string
    type?: string
    message?: string
  }
  const base = { broker: ctx.broker, region: ctx.region, accessKeyId: ctx.accessKeyId, cause: error }
  if (e.type === 'UNSUPPORTED_SASL_MECHANISM') return mechanismNotEnabled(ctx, error)
  if (e.name !== undefined && CONNECTION_ERRORS.has(e.name)) {
    return new MskIamError(
      'CONNECTION_LOST',
      `The connection to broker ${ctx.broker} was lost during AWS_MSK_IAM authentication (${describeCause(error)}). ` +
        'kafkajs will reconnect; if this repeats, check security groups, TLS (ssl: true) and the port (9098 private, 9198 public).',
      base,
    )
  }
  const { requestId, reason } = splitBrokerMessage(typeof e.message === 'string' ? e.message : String(error))
  const details = { ...base, requestId }
  const tag = requestId ? ` (request-id ${requestId})` : ''
  if (reason.startsWith(BROKER_TEXT.accessDenied)) {
    return new MskIamError('ACCESS_DENIED', accessDeniedText(ctx, tag), details)
  }
  if (reason.startsWith(BROKER_TEXT.tooManyConnects)) {
    return new MskIamError(
      'TOO_MANY_CONNECTS',
      `Broker ${ctx.broker} refused the connection: Too many connects${tag}. MSK IAM listeners accept about 20 new ` +
        'connections per second per broker (4 on kafka.t3.small; MSK Serverless 100 per second). Reuse one client per ' +
        'process (module scope in Lambda), cap concurrency, and give kafkajs a longer retry back-off (retry.initialRetryTime).',
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
    `Broker ${ctx.broker} rejected AWS_MSK_IAM authentication: ${reason.slice(0, 400) || describeCause(error)}${tag}.`,
    { ...details, retriable: e.type === 'ILLEGAL_SASL_STATE' },
  )
}

function accessDeniedText(ctx: AuthenticationContext, tag: string): string {
  const clock = ctx.now === undefined ? '' : ` (this machine's clock reads ${new Date(ctx.now).toISOString()})`
  return (
    `Broker ${ctx.broker} denied access${tag} to access key ${ctx.accessKeyId ?? '(unknown)'} signing for region ` +
    `${ctx.region ?? '(unknown)'}. Likely causes: the IAM policy lacks kafka-cluster:Connect; the policy's resource ARN ` +
    `names another cluster, account or region (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>); ${ctx.region ?? 'the signing region'} ` +
    `is not the cluster's region (set the region option); the clock is more than 5 minutes off${clock}; ` +
    'or the credentials were revoked or have expired.'
  )
}

function mechanismNotEnabled(ctx: AuthenticationContext, cause: unknown): MskIamError {
  const listener = ctx.port === undefined ? undefined : NON_IAM_PORTS[ctx.port]
  return new MskIamError(
    'MECHANISM_NOT_ENABLED',
    `Broker ${ctx.broker} does not offer AWS_MSK_IAM` +
      (listener ? `: port ${ctx.port} is MSK's ${listener} listener` : '') +
      `. Use the IAM bootstrap brokers (port ${IAM_PORTS.private} in the VPC, ${IAM_PORTS.public} for public access) ` +
      'and make sure IAM access control is enabled on the cluster.',
    { broker: ctx.broker, cause, retriable: false },
  )
}

/**
 * Explains errors kafkajs raises itself before this mechanism runs (SaslHandshake with an unsupported
 * mechanism, a broker without SASL) and unwraps retry wrappers. Anything else is returned unchanged.
 * Use it in crash handlers and logs: `consumer.on('consumer.crash', e => log(explainError(e.payload.error)))`.
 */
export function explainError(error: unknown, broker?: { host: string; port: number }): unknown {
  let current: unknown = error
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (isMskIamError(current)) return current
    const own = mskIamErrorForCause(current)
    if (own) return own
    const e = current as Error & { type?: string; originalError?: unknown; cause?: unknown }
    const ctx: AuthenticationContext = broker
      ? { broker: `${broker.host}:${broker.port}`, port: broker.port }
      : { broker: 'the broker' }
    if (e.type === 'UNSUPPORTED_SASL_MECHANISM' || /SASL AWS_MSK_IAM mechanism is not supported/.test(e.message)) {
      return mechanismNotEnabled(ctx, error)
    }
    if (e.type === 'ILLEGAL_SASL_STATE') {
      if (broker && NON_IAM_PORTS[broker.port]) return mechanismNotEnabled(ctx, error)
      return new MskIamError(
        'AUTHENTICATION_FAILED',
        `${ctx.broker} refused a SASL step (ILLEGAL_SASL_STATE): on an authenticated connection this is a re-authentication ` +
          "started less than a second after the previous one, which kafkajs's lazy re-authentication does with short sessions. " +
          'Use proactiveReauthentication(sasl) as socketFactory, or a smaller reauthenticationThreshold.',
        { broker: broker ? ctx.broker : undefined, cause: error, retriable: true },
      )
    }
    current = e.originalError ?? e.cause
  }
  return error
}
