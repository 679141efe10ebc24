// The certificates the emulator issues at start, checked with Node's own X.509 parser and a real TLS
// handshake: the CA signed the server certificate, every requested name (DNS and IP) verifies, other
// names do not, and the validity window follows the injected clock.
import { X509Certificate } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import tls from 'node:tls'
import { issueTestCertificates } from '../../../../src/testing/x509/issueTestCertificates.js'
import * as der from '../../../../src/testing/x509/der.js'
import { TEST_CA_COMMON_NAME } from '../../../../src/testing/constants.js'
import { TEST_CA_CERT } from '../../../../src/testing/testCertificates.js'

const hosts = [
  'b-1.orders.x1y2z3.c2.kafka.eu-west-3.amazonaws.com',
  'b-2.orders.x1y2z3.c2.kafka.eu-west-3.amazonaws.com',
  'boot-x1y2z3ab.c2.kafka-serverless.eu-west-3.amazonaws.com',
  'localhost',
  '127.0.0.1',
  '::1',
]

describe('issueTestCertificates', () => {
  const issued = issueTestCertificates({ hosts, now: () => Date.UTC(2031, 4, 6, 7, 8, 9) })
  const ca = new X509Certificate(issued.caCert)
  const server = new X509Certificate(issued.cert)

  it('issues a CA that signed the server certificate, and only that one', () => {
    expect(ca.ca).toBe(true)
    expect(server.ca).toBe(false)
    expect(server.checkIssued(ca)).toBe(true)
    expect(server.verify(ca.publicKey)).toBe(true)
    expect(ca.verify(ca.publicKey)).toBe(true)
    const other = new X509Certificate(issueTestCertificates({ hosts: ['localhost'] }).caCert)
    expect(server.verify(other.publicKey)).toBe(false)
  })

  it("names its CA as the bundled test CA is named: one name for the emulator's test CA", () => {
    expect(ca.subject).toBe(new X509Certificate(TEST_CA_CERT).subject)
    expect(server.issuer).toBe(`CN=${TEST_CA_COMMON_NAME}`)
  })

  it('covers every DNS name and IP it was asked for, and nothing else', () => {
    for (const host of hosts.filter((h) => !h.includes(':') && !/^\d/.test(h)))
      expect(server.checkHost(host)).toBe(host)
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(server.checkIP('::1')).toBe('::1')
    expect(server.checkHost('b-3.orders.x1y2z3.c2.kafka.eu-west-3.amazonaws.com')).toBeUndefined()
    expect(server.checkIP('10.0.0.1')).toBeUndefined()
    expect(server.subjectAltName).toContain('DNS:b-2.orders.x1y2z3.c2.kafka.eu-west-3.amazonaws.com')
  })

  it('is valid from a day before the clock for a year', () => {
    expect(new Date(server.validFrom).toISOString()).toBe('2031-05-05T07:08:09.000Z')
    expect(new Date(server.validTo).toISOString()).toBe('2032-05-05T07:08:09.000Z')
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])
  })

  it('serves a TLS handshake that a client trusting only the CA accepts for each name', async () => {
    const issued = issueTestCertificates({ hosts })
    const server = tls.createServer({ cert: issued.cert, key: issued.key }, (s) => s.end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const handshake = (servername: string, ca: string): Promise<string> =>
      new Promise((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername, ca }, () => {
          socket.destroy()
          resolve('ok')
        })
        socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
      })
    try {
      expect(await handshake(hosts[0]!, issued.caCert)).toBe('ok')
      expect(await handshake('localhost', issued.caCert)).toBe('ok')
      expect(await handshake('b-9.elsewhere.example', issued.caCert)).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
      const stranger = issueTestCertificates({ hosts: ['localhost'] }).caCert
      expect(await handshake('localhost', stranger)).not.toBe('ok')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('der', () => {
  it('encodes lengths in short and long form', () => {
    expect(der.tlv(0x04, Buffer.alloc(3)).subarray(0, 2)).toEqual(Buffer.from([0x04, 3]))
    expect(der.tlv(0x04, Buffer.alloc(200)).subarray(0, 3)).toEqual(Buffer.from([0x04, 0x81, 200]))
    expect(der.tlv(0x04, Buffer.alloc(300)).subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x01, 0x2c]))
  })
  it('encodes object identifiers with multi-byte arcs', () => {
    // 1.2.840.113549 (RSA Data Security), X.690 8.19 example bytes.
    expect(der.oid('1.2.840.113549')).toEqual(Buffer.from([0x06, 0x06, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]))
  })
  it('keeps integers positive and minimal', () => {
    expect(der.unsignedInteger(Buffer.from([0x00, 0x00, 0x7f]))).toEqual(Buffer.from([0x02, 0x01, 0x7f]))
    expect(der.unsignedInteger(Buffer.from([0x80]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x80]))
  })
  it('switches from UTCTime to GeneralizedTime in 2050', () => {
    expect(der.time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59))).toString('latin1')).toBe('\x17\x0d491231235959Z')
    expect(der.time(new Date(Date.UTC(2050, 0, 1))).toString('latin1')).toBe('\x18\x0f20500101000000Z')
  })
})
