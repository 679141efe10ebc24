import { IAM_PORTS, NON_IAM_PORTS } from './constants.js'
import type { ChainFacts } from './errorChain.js'
import { MskIamError } from './errors.js'
import {
  isTlsNotSpoken,
  mechanismNotOffered,
  saslNotEnabled,
  tlsNotOffered,
  tlsRequired,
  type ListenerFacts,
} from './listenerErrors.js'

// Failures kafkajs raises before the mechanism runs, told apart by what kafkajs's errors keep and what the
// caller says about TLS:
// - SaslHandshake without the mechanism: kafkajs throws "SASL <M> mechanism is not supported by the server";
// - SaslHandshake answered with ILLEGAL_SASL_STATE: on a new connection, a listener without SASL (Kafka
//   answers so on PLAINTEXT and SSL listeners); on an authenticated one, a re-authentication less than a
//   second after the previous one (kafkajs's lazy re-authentication with short sessions). Retries that ran
//   out in BrokerPool.connectBroker mean new connections, each refused;
// - TLS against a plaintext port: Node fails the handshake ("disconnected before secure TLS connection was
//   established" when the broker closes on reading the hello, "wrong version number" when it answers);
// - plaintext against a TLS port: the broker closes the connection ("Closed connection"), after sending a
//   TLS alert that kafkajs reads as the start of a frame.

const NOT_SUPPORTED = /SASL (\S{1,40}) mechanism is not supported by the server/

/** The explanation of a failure before authentication, or undefined when these rules do not apply. */
export function diagnoseListener(facts: ChainFacts, at: ListenerFacts, cause: unknown): MskIamError | undefined {
  const notSupported = facts.messages.map((m) => NOT_SUPPORTED.exec(m)?.[1]).find((m) => m !== undefined)
  if (facts.types.has('UNSUPPORTED_SASL_MECHANISM') || notSupported !== undefined) {
    return mechanismNotOffered(at, notSupported ?? 'AWS_MSK_IAM', cause)
  }
  if (at.tls !== false && isTlsNotSpoken(facts.messages, facts.codes)) return tlsNotOffered(at, cause)
  if (facts.types.has('ILLEGAL_SASL_STATE')) return illegalSaslState(facts, at, cause)
  const closed = facts.names.has('KafkaJSConnectionClosedError')
  const exhausted = facts.names.has('KafkaJSNumberOfRetriesExceeded')
  const iamPort = at.port === IAM_PORTS.private || at.port === IAM_PORTS.public
  // Closed on every new connection (kafkajs's retries ran out), by a listener that speaks TLS when the client
  // did not: without TLS for certain, or on MSK's IAM ports, which speak nothing else.
  if (closed && (at.tls === false ? exhausted || iamPort : at.tls === undefined && exhausted && iamPort)) {
    return tlsRequired(at, cause)
  }
  return undefined
}

function illegalSaslState(facts: ChainFacts, at: ListenerFacts, cause: unknown): MskIamError {
  const listener = at.port === undefined ? undefined : NON_IAM_PORTS[at.port]
  const newConnections = facts.rewrappedIllegalSaslState && facts.names.has('KafkaJSNumberOfRetriesExceeded')
  // MSK IAM is TLS only: a client without TLS never reached a listener with SASL, so no re-authentication.
  if (at.tls === false || listener !== undefined || newConnections) return saslNotEnabled(at, cause)
  return new MskIamError(
    'AUTHENTICATION_FAILED',
    `${at.broker ?? 'The broker'} refused a SASL step (ILLEGAL_SASL_STATE). On a connection that was authenticated, ` +
      "this is a re-authentication started less than a second after the previous one, which kafkajs's lazy " +
      're-authentication does with short sessions: use proactiveReauthentication(sasl) as socketFactory, or a smaller ' +
      'reauthenticationThreshold. If it happened at connect(), the listener does no SASL at all: use an MSK IAM ' +
      `listener (TLS, port ${IAM_PORTS.private}, or ${IAM_PORTS.public} for public access) with ssl: true.`,
    { broker: at.broker, cause, retriable: true },
  )
}
