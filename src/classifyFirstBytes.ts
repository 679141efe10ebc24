// What a server answered first, on a connection where the client spoke plaintext Kafka. A Kafka response
// starts with its int32 size; a TLS server that is spoken to in plaintext answers, if at all, with a TLS
// record (RFC 8446 §5.1):
//   content type: 1 byte (0x15 alert, 0x16 handshake) | legacy version: 0x03 0x00..0x04 | length: uint16
// Read as a Kafka size, those bytes claim some 350 MB, so kafkajs waits for a frame that never comes until
// the server closes the connection ("Closed connection"). Not called by kafkajs's default socket: a socket
// wrapper that sees the raw bytes can call it before handing them on.

/** What the first bytes of a server's answer to a plaintext Kafka request are. */
export type FirstBytes = 'tls-record' | 'http' | 'other'

const HTTP = Buffer.from('HTTP/', 'latin1')

/** Classifies the first bytes a server sent (at least the 3-byte record header, or 5 for HTTP). */
export function classifyFirstBytes(bytes: Uint8Array): FirstBytes {
  const [type, major, minor] = bytes
  if ((type === 0x15 || type === 0x16) && major === 0x03 && minor !== undefined && minor <= 0x04) return 'tls-record'
  if (bytes.length >= HTTP.length && HTTP.every((byte, i) => bytes[i] === byte)) return 'http'
  return 'other'
}
