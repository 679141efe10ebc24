import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import * as net from 'node:net'
import { CERTIFICATE_VALIDITY_MS, CLOCK_SKEW_ALLOWANCE_MS, TEST_CA_COMMON_NAME } from '../constants.js'
import * as der from './der.js'

/** PEM texts of a fresh test CA and of a server certificate it signed, with the server's private key. */
export interface TestCertificates {
  /** Trust this (kafkajs `ssl.ca`, Java `ssl.truststore.type=PEM`, librdkafka `ssl.ca.pem`). */
  caCert: string
  cert: string
  key: string
}

export interface IssueOptions {
  /** DNS names and IP literals the server certificate must cover (subjectAltName). */
  hosts: readonly string[]
  /** Clock, default Date.now. */
  now?: () => number
}

// RFC 5280 object identifiers.
const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const

// KeyUsage named bits, as DER BIT STRING content: digitalSignature is bit 0 (0x80, 7 unused bits);
// keyCertSign (bit 5) + cRLSign (bit 6) is 0x06 with 1 unused bit.
const KEY_USAGE_SERVER = der.bitString(Buffer.from([0x80]), 7)
const KEY_USAGE_CA = der.bitString(Buffer.from([0x06]), 1)

/**
 * Issues a throw-away CA and a TLS server certificate for `hosts`, both ECDSA P-256 / SHA-256, written with
 * node:crypto (keys, signatures) and a small DER writer (the X.509 structure, RFC 5280). The CA's private
 * key is never returned: nothing else can be signed with it once this returns.
 */
export function issueTestCertificates(options: IssueOptions): TestCertificates {
  const nowMs = (options.now ?? Date.now)()
  const notBefore = new Date(nowMs - CLOCK_SKEW_ALLOWANCE_MS)
  const notAfter = new Date(nowMs + CERTIFICATE_VALIDITY_MS)
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const caName = distinguishedName(TEST_CA_COMMON_NAME)
  const caKeyId = keyIdentifier(ca.publicKey)

  const caCert = certificate({
    issuer: caName,
    subject: caName,
    subjectKey: ca.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
      extension(OID.keyUsage, true, KEY_USAGE_CA),
      extension(OID.subjectKeyIdentifier, false, der.octetString(caKeyId)),
    ],
  })
  const [first = 'localhost'] = options.hosts
  const serverCert = certificate({
    issuer: caName,
    subject: distinguishedName(first),
    subjectKey: server.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, der.sequence()),
      extension(OID.keyUsage, true, KEY_USAGE_SERVER),
      extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth))),
      extension(OID.subjectAltName, false, subjectAltNames(options.hosts)),
      extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(server.publicKey))),
      extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, caKeyId))),
    ],
  })
  return {
    caCert: pem('CERTIFICATE', caCert),
    cert: pem('CERTIFICATE', serverCert),
    key: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}

interface CertificateFields {
  issuer: Buffer
  subject: Buffer
  subjectKey: KeyObject
  signingKey: KeyObject
  notBefore: Date
  notAfter: Date
  extensions: Buffer[]
}

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
// TBSCertificate ::= SEQUENCE { [0] EXPLICIT version (2 = v3), serialNumber, signature, issuer, validity,
//                               subject, subjectPublicKeyInfo, [3] EXPLICIT extensions }
function certificate(fields: CertificateFields): Buffer {
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256))
  // A positive serial of at most 20 bytes (RFC 5280 4.1.2.2); random, so two runs never collide.
  const serial = randomBytes(16)
  serial[0] = (serial[0] ?? 0) & 0x7f
  const tbs = der.sequence(
    der.explicit(0, der.unsignedInteger(Buffer.from([2]))),
    der.unsignedInteger(serial),
    algorithm,
    fields.issuer,
    der.sequence(der.time(fields.notBefore), der.time(fields.notAfter)),
    fields.subject,
    fields.subjectKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(...fields.extensions)),
  )
  const signature = sign('sha256', tbs, fields.signingKey)
  return der.sequence(tbs, algorithm, der.bitString(signature))
}

// Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue): one CN.
function distinguishedName(commonName: string): Buffer {
  return der.sequence(der.set(der.sequence(der.oid(OID.commonName), der.utf8String(commonName))))
}

// Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING (DER of the value) }
function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value))
}

// GeneralNames ::= SEQUENCE OF GeneralName; dNSName [2] IA5String, iPAddress [7] OCTET STRING (4 or 16 bytes).
function subjectAltNames(hosts: readonly string[]): Buffer {
  const names = [...new Set(hosts)].map((host) =>
    net.isIP(host) === 0
      ? der.implicitPrimitive(2, Buffer.from(host.toLowerCase(), 'ascii'))
      : der.implicitPrimitive(7, ipBytes(host)),
  )
  return der.sequence(...names)
}

function ipBytes(ip: string): Buffer {
  if (net.isIPv4(ip)) return Buffer.from(ip.split('.').map(Number))
  // IPv6: expand "::" to the missing zero groups, then 8 groups of 16 bits (no embedded IPv4 form).
  const [head = '', tail] = ip.split('::')
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'))
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return Buffer.concat(all.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')))
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  // An uncompressed P-256 point is the last 65 bytes of the SPKI.
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest()
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}
