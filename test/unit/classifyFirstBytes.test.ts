import { classifyFirstBytes } from '../../src/classifyFirstBytes.js'

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex')

describe('classifyFirstBytes (what a server answered to a plaintext Kafka request)', () => {
  it.each([
    // Recorded: Java 17's SSLServerSocket (what Kafka's TLS listeners run on) answered a plaintext
    // ApiVersions request with a fatal unexpected_message alert, then closed ("Unsupported or unrecognized SSL message").
    ['a TLS 1.2 alert from a Java TLS server', '15 03 03 00 02 02 0a', 'tls-record'],
    ['a TLS 1.0 alert', '15 03 01 00 02 02 46', 'tls-record'],
    ['a TLS handshake record', '16 03 03 00 4a 02', 'tls-record'],
    ['an HTTP answer', Buffer.from('HTTP/1.1 400 Bad Request\r\n').toString('hex'), 'http'],
    ['a Kafka ApiVersions response (size, correlation id)', '00 00 01 a6 00 00 00 01 00 00', 'other'],
    ['a record header with an impossible version', '15 03 07 00 02', 'other'],
    ['too few bytes to tell', '15 03', 'other'],
    ['nothing', '', 'other'],
  ])('%s → %s', (_name, bytes, expected) => {
    expect(classifyFirstBytes(hex(bytes))).toBe(expected)
  })
})
