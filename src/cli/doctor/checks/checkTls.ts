import type { Socket } from 'node:net'
import { isIP } from 'node:net'
import * as tls from 'node:tls'
import type { CheckResult } from '../types.js'
import { errorCode, errorMessage } from '../errorMessage.js'

export interface TlsOutcome {
  result: CheckResult
  socket?: tls.TLSSocket
}

/** OpenSSL / Node verification codes that mean "a certificate problem", with what to say about each. */
const CERTIFICATE_PROBLEMS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: "the broker certificate has expired (or this machine's clock is far off)",
  CERT_NOT_YET_VALID: "the broker certificate is not valid yet: this machine's clock is probably behind",
  ERR_TLS_CERT_ALTNAME_INVALID:
    'the certificate does not name this host (a custom DNS name or an IP instead of the broker name?)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed and not trusted (pass its CA with --ca)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in an untrusted root (a TLS-inspecting proxy? pass its CA with --ca)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the certificate cannot be verified: its issuer is not trusted (pass the CA with --ca)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the certificate is not trusted here (pass the CA with --ca)',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of the certificate is unknown (incomplete chain)',
  CERT_REVOKED: 'the certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
}

export interface TlsInput {
  socket: Socket
  host: string
  /** Extra trusted CAs (PEM), added to Node's own roots. */
  ca: string | undefined
  timeoutMs: number
}

/**
 * TLS handshake over an open TCP connection, with SNI and name checks for the broker name. A handshake
 * that fails without a certificate error means the other end does not speak TLS: the plaintext port.
 */
export function checkTls(input: TlsInput): Promise<TlsOutcome> {
  const { host, timeoutMs } = input
  const facts = { host, tls: true, timeoutMs }
  return new Promise((resolve) => {
    const socket = tls.connect({
      socket: input.socket,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      host,
      ...(input.ca === undefined ? {} : { ca: [...tls.rootCertificates, input.ca] }),
    })
    const done = (outcome: TlsOutcome): void => {
      clearTimeout(timer)
      socket.removeAllListeners('secureConnect')
      socket.removeAllListeners('error')
      socket.on('error', () => undefined)
      if (!outcome.socket) socket.destroy()
      resolve(outcome)
    }
    const timer = setTimeout(() => {
      const summary = `no TLS handshake within ${timeoutMs} ms: the other end does not speak TLS`
      done({
        result: {
          check: 'tls',
          status: 'fail',
          summary,
          failure: 'wrong-port',
          facts: { ...facts, errorCode: 'ETIMEDOUT' },
        },
      })
    }, timeoutMs)
    socket.once('secureConnect', () =>
      done({
        result: {
          check: 'tls',
          status: 'pass',
          summary: describeSession(socket),
          facts: { ...facts, issuer: issuerOf(socket) },
        },
        socket,
      }),
    )
    socket.once('error', (error) => {
      const code = errorCode(error) ?? 'error'
      const problem = CERTIFICATE_PROBLEMS[code]
      if (problem !== undefined) {
        // Certificates are checked against the system clock: show it when validity dates are the problem.
        const clock =
          code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID' ? { localTime: new Date().toISOString() } : {}
        done({
          result: {
            check: 'tls',
            status: 'fail',
            summary: `${problem} [${code}]`,
            failure: 'tls-certificate',
            facts: { ...facts, errorCode: code, ...clock },
          },
        })
        return
      }
      const summary = `handshake failed (${shorten(errorMessage(error))}): the other end does not speak TLS`
      done({
        result: { check: 'tls', status: 'fail', summary, failure: 'wrong-port', facts: { ...facts, errorCode: code } },
      })
    })
  })
}

/** The issuer's organisation, else its common name. */
function issuerOf(socket: tls.TLSSocket): string {
  const cert = socket.getPeerCertificate()
  // A certificate may repeat a field; Node then gives an array (shown comma-separated, as String() does).
  return [cert.issuer?.O ?? cert.issuer?.CN ?? 'unknown issuer'].flat().join(',')
}

function describeSession(socket: tls.TLSSocket): string {
  const cert = socket.getPeerCertificate()
  const subject = typeof cert.subject?.CN === 'string' ? cert.subject.CN : 'unnamed'
  const issuer = issuerOf(socket)
  const validTo = cert.valid_to ? new Date(cert.valid_to) : undefined
  const until = validTo && !Number.isNaN(validTo.getTime()) ? `, valid until ${validTo.toISOString().slice(0, 10)}` : ''
  return `${socket.getProtocol() ?? 'TLS'}, certificate ${subject} from ${issuer}${until}`
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}
