import { X509Certificate } from 'node:crypto'
import * as net from 'node:net'
import { TEST_CA_CERT, TEST_SERVER_CERT, TEST_SERVER_KEY } from './testCertificates.js'
import { issueTestCertificates } from './x509/issueTestCertificates.js'

/** Key material of the TLS listeners and the CA clients must trust. */
export interface ServerCertificate {
  cert: string
  key: string
  /** With the user's cert and key: the `ca` they gave, if any. */
  caCert: string | undefined
}

let bundled: X509Certificate | undefined

/**
 * The user's cert/key if given; else the bundled test certificate when it covers every name in `hosts`
 * (the default cluster names, so TEST_CA_CERT keeps working); else a fresh CA and certificate issued for
 * exactly `hosts`, so any clusterName, clusterId and region verify.
 */
export function serverCertificate(
  hosts: readonly string[],
  given: { cert?: string; key?: string; ca?: string },
  now: () => number,
): ServerCertificate {
  if (given.cert !== undefined || given.key !== undefined) {
    if (given.cert === undefined || given.key === undefined) throw new TypeError('tls.cert and tls.key go together')
    return { cert: given.cert, key: given.key, caCert: given.ca }
  }
  bundled ??= new X509Certificate(TEST_SERVER_CERT)
  const certificate = bundled
  const covered = hosts.every((h) => (net.isIP(h) ? certificate.checkIP(h) : certificate.checkHost(h)) !== undefined)
  if (covered) return { cert: TEST_SERVER_CERT, key: TEST_SERVER_KEY, caCert: TEST_CA_CERT }
  const issued = issueTestCertificates({ hosts, now })
  return { cert: issued.cert, key: issued.key, caCert: issued.caCert }
}
