import { IAM_PORTS, NON_IAM_PORTS } from './constants.js'
import { MskIamError } from './errors.js'

// The wrong listener: a port without SASL or without AWS_MSK_IAM, TLS against a plaintext port, plaintext
// against a TLS port. All of them are configuration mistakes that no retry fixes, so none is retriable.

/** Where the client was connecting, as far as the error and the caller's context tell. */
export interface ListenerFacts {
  /** `host:port`, if known. */
  broker?: string
  port?: number
  /** Whether the client spoke TLS; undefined when nothing says. */
  tls?: boolean
}

const IAM_LISTENERS = `MSK IAM listeners speak TLS only (port ${IAM_PORTS.private} in the VPC, ${IAM_PORTS.public} for public access)`

/** "Broker h:p" or "The broker", to start a sentence. */
function broker(at: ListenerFacts): string {
  return at.broker ? `Broker ${at.broker}` : 'The broker'
}

function knownListener(at: ListenerFacts): string {
  const listener = at.port === undefined ? undefined : NON_IAM_PORTS[at.port]
  return listener ? ` (port ${at.port} is MSK's ${listener} listener)` : ''
}

/** The handshake named a mechanism the broker does not enable. */
export function mechanismNotOffered(at: ListenerFacts, mechanism: string, cause: unknown): MskIamError {
  return new MskIamError(
    'MECHANISM_NOT_ENABLED',
    `${broker(at)} does not offer ${mechanism}${knownListener(at)}. Use the IAM bootstrap brokers ` +
      `(port ${IAM_PORTS.private} in the VPC, ${IAM_PORTS.public} for public access) and make sure IAM access control is enabled on the cluster.`,
    { broker: at.broker, cause, retriable: false },
  )
}

/** SaslHandshake on a new connection was answered with ILLEGAL_SASL_STATE: the listener does no SASL at all. */
export function saslNotEnabled(at: ListenerFacts, cause: unknown): MskIamError {
  return new MskIamError(
    'MECHANISM_NOT_ENABLED',
    `${broker(at)} refused SaslHandshake (ILLEGAL_SASL_STATE) on a new connection: its listener does no SASL ` +
      `authentication at all${knownListener(at)}${at.tls === false ? ', and this client connects without TLS' : ''}. ` +
      `${IAM_LISTENERS}: use one of them with ssl: true. A local Kafka's plaintext port takes no sasl option ` +
      '(leave it out there, or put the MSK IAM emulator in front of it).' +
      (at.tls === false
        ? " (The emulator's own plaintext listener is the exception: it takes SASL without TLS, and there this " +
          'answer means a re-authentication less than a second after the previous one.)'
        : ''),
    { broker: at.broker, cause, retriable: false },
  )
}

/** The client spoke plaintext and the broker closed the connection: it expects TLS. */
export function tlsRequired(at: ListenerFacts, cause: unknown): MskIamError {
  const iamPort = at.port === IAM_PORTS.private || at.port === IAM_PORTS.public
  return new MskIamError(
    'TLS_REQUIRED',
    `${broker(at)} closed the connection as soon as the client spoke to it without TLS` +
      (iamPort ? `: port ${at.port} is an MSK IAM listener, which speaks TLS only. ` : `. ${IAM_LISTENERS}. `) +
      "Set kafkajs's ssl option: new Kafka({ brokers, ssl: true, sasl })." +
      (at.tls === undefined ? ' (If ssl is already set, the broker went away instead.)' : '') +
      (at.tls === false && !iamPort ? ' (If this client worked before, the broker went away instead.)' : ''),
    { broker: at.broker, cause, retriable: false },
  )
}

/** The client opened TLS and the broker closed the connection or answered in plaintext: no TLS on that port. */
export function tlsNotOffered(at: ListenerFacts, cause: unknown): MskIamError {
  return new MskIamError(
    'TLS_NOT_OFFERED',
    `The TLS handshake with ${at.broker ? `broker ${at.broker}` : 'the broker'} failed before it began: the broker does not speak TLS on this port` +
      `${knownListener(at)}; a plaintext Kafka listener closes the connection when it reads a TLS hello. ` +
      `${IAM_LISTENERS}: use one of them. Against a local plaintext port, leave ssl out.`,
    { broker: at.broker, cause, retriable: false },
  )
}

// Node's texts for a TLS handshake the other side did not take part in: closed before the server hello, or
// answered with bytes that are not TLS (OpenSSL's "wrong version number", "packet length too long", …).
const TLS_NOT_SPOKEN =
  /disconnected before secure TLS connection was established|wrong version number|packet length too long|unknown protocol|record layer failure|http request/i

/** Whether any of the error texts or codes says that the server did not speak TLS back. */
export function isTlsNotSpoken(texts: Iterable<string>, codes: ReadonlySet<string>): boolean {
  return codes.has('ERR_SSL_WRONG_VERSION_NUMBER') || [...texts].some((text) => TLS_NOT_SPOKEN.test(text))
}
