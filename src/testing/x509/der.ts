// A minimal DER (X.690) writer: just the types an X.509 v3 certificate needs. Every function returns the
// complete TLV (tag, length, value) of one element, so elements nest by concatenation.

/** Universal tags (X.680) and the constructed-bit forms used here. */
const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const

/** One TLV. Lengths up to 127 take one byte; longer ones 0x80 | byte count, then the count big-endian. */
export function tlv(tag: number, value: Uint8Array): Buffer {
  const length = value.length
  let header: Buffer
  if (length < 0x80) header = Buffer.from([tag, length])
  else {
    const bytes: number[] = []
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes])
  }
  return Buffer.concat([header, value])
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items))
export const set = (...items: Uint8Array[]): Buffer => tlv(TAG.SET, Buffer.concat(items))
export const boolean = (value: boolean): Buffer => tlv(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0x00]))
export const octetString = (value: Uint8Array): Buffer => tlv(TAG.OCTET_STRING, value)
export const utf8String = (value: string): Buffer => tlv(TAG.UTF8_STRING, Buffer.from(value, 'utf8'))

/** A non-negative INTEGER from big-endian magnitude bytes: leading zeros dropped, a 0x00 added if the top bit is set. */
export function unsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++
  const bytes = Buffer.from(magnitude.subarray(start))
  return tlv(TAG.INTEGER, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes)
}

/** BIT STRING whose first content byte counts the unused bits of the last byte. */
export const bitString = (value: Uint8Array, unusedBits = 0): Buffer =>
  tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), value]))

/** OBJECT IDENTIFIER from dotted text: first two arcs as 40·a + b, each arc base-128, high bit = more. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number)
  const [first = 0, second = 0, ...rest] = arcs
  const out: number[] = []
  for (const arc of [40 * first + second, ...rest]) {
    const chunk: number[] = [arc & 0x7f]
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80)
    out.push(...chunk)
  }
  return tlv(TAG.OID, Buffer.from(out))
}

/** RFC 5280 4.1.2.5: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) from 2050. */
export function time(date: Date): Buffer {
  const iso = date.toISOString()
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z'
  return date.getUTCFullYear() < 2050
    ? tlv(TAG.UTC_TIME, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(TAG.GENERALIZED_TIME, Buffer.from(digits, 'ascii'))
}

/** [n] EXPLICIT: a constructed context-specific wrapper. */
export const explicit = (n: number, inner: Uint8Array): Buffer => tlv(0xa0 | n, inner)
/** [n] IMPLICIT of a primitive type: the value bytes under a context-specific tag. */
export const implicitPrimitive = (n: number, value: Uint8Array): Buffer => tlv(0x80 | n, value)
