import { chainFacts, errorChain, portOf } from './errorChain.js'
import { diagnoseListener } from './diagnoseListener.js'
import { explainAuthorization } from './explainAuthorization.js'
import { MskIamError, isMskIamError, mskIamErrorForCause, unregisterCause } from './errors.js'
import type { ListenerFacts } from './listenerErrors.js'
import { rebuildMskIamError } from './rebuildMskIamError.js'
import { propertyOf, stringPropertyOf } from './thrownValue.js'

/**
 * What {@link explainError} may know about the connection: `{ host, port, ssl }`, or kafkajs's whole config
 * (`new Kafka(config)`), whose `ssl` tells whether the client spoke TLS.
 */
export interface ExplainErrorContext {
  /** The broker the error is about, when the caller knows it. */
  host?: string
  port?: number
  /** kafkajs's `ssl` option: `true` or TLS options for TLS; absent or `false` for plaintext. */
  ssl?: unknown
  /** kafkajs's `brokers` option; its presence marks the context as a kafkajs config (no `ssl`: plaintext). */
  brokers?: unknown
  sasl?: unknown
  /** The topic, consumer group and transactional id of the failed step: named in an authorization failure's ARN. */
  topic?: string
  groupId?: string
  transactionalId?: string
}

/**
 * Explains what went wrong in plain words, for crash handlers and logs. Finds the {@link MskIamError} behind
 * kafkajs's wrappers (also when kafkajs kept only a copy of its message and code), and explains failures
 * that happen before this mechanism runs: a broker without AWS_MSK_IAM or without SASL, TLS against a
 * plaintext port and plaintext against a TLS port. Returns `error` itself when it has nothing better.
 * Never throws.
 *
 * Pass kafkajs's config as `context` so that TLS mistakes are recognised:
 * `consumer.on('consumer.crash', (e) => log(explainError(e.payload.error, config)))`.
 *
 * MSK's authorization denials (kafkajs's TOPIC_/GROUP_/CLUSTER_/TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
 * become an `AUTHORIZATION_FAILED` error naming the IAM actions the failed step needs and the resource ARN
 * (region and cluster name from the broker's name); add `topic`, `groupId` and `transactionalId` to the
 * context to have them named in it: `explainError(error, { ...config, topic: 'orders' })`.
 */
export function explainError<T>(error: T, context?: ExplainErrorContext): T | MskIamError {
  const links = errorChain(error)
  for (const link of links) {
    if (isMskIamError(link)) return link
    const own = mskIamErrorForCause(link)
    if (own) return own
  }
  const facts = chainFacts(links)
  const at = listenerFromContext(facts.broker, context)
  for (const link of links) {
    if (stringPropertyOf(link, 'name') !== 'KafkaJSProtocolError') continue
    const rebuilt = rebuildMskIamError(link, at.broker)
    if (rebuilt) return rebuilt
  }
  const host = at.broker ?? firstBroker(context)
  const denied = explainAuthorization(links, resourcesOf(context), host, at.broker)
  if (denied) {
    unregisterCause(denied)
    return denied
  }
  const diagnosis = diagnoseListener(facts, at, error)
  if (!diagnosis) return error
  // Made from this context: another call with another context must be free to say something else.
  unregisterCause(diagnosis)
  return diagnosis
}

// The broker the error names wins over the caller's, then over a config's only bootstrap broker (errors
// without a broker come from connecting to it); kafkajs's config without `ssl` means plaintext.
function listenerFromContext(broker: string | undefined, context: ExplainErrorContext | undefined): ListenerFacts {
  const host = propertyOf(context, 'host')
  const port = propertyOf(context, 'port')
  const brokers = propertyOf(context, 'brokers')
  const bootstrap =
    Array.isArray(brokers) && brokers.length === 1 && typeof brokers[0] === 'string' ? brokers[0] : undefined
  const chosen =
    broker ?? (typeof host === 'string' && typeof port === 'number' ? `${host}:${port}` : undefined) ?? bootstrap
  const ssl = propertyOf(context, 'ssl')
  const isKafkajsConfig = brokers !== undefined || propertyOf(context, 'sasl') !== undefined
  const tls = ssl !== undefined ? ssl !== false && ssl !== null : isKafkajsConfig ? false : undefined
  return { broker: chosen, port: portOf(chosen), tls }
}

function firstBroker(context: ExplainErrorContext | undefined): string | undefined {
  const brokers = propertyOf(context, 'brokers')
  const first: unknown = Array.isArray(brokers) ? brokers[0] : undefined
  return typeof first === 'string' ? first : undefined
}

function resourcesOf(context: ExplainErrorContext | undefined): {
  topic?: string
  groupId?: string
  transactionalId?: string
} {
  const read = (key: string): string | undefined => stringPropertyOf(context, key)
  return { topic: read('topic'), groupId: read('groupId'), transactionalId: read('transactionalId') }
}
