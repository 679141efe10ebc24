import { decodeSaslResponse, encodeSaslToken, parseServerResponse } from '../../src/saslFraming.js'
import { MskIamError } from '../../src/errors.js'

const framed = (body: Buffer): Buffer => withLength(body)
function withLength(body: Buffer, declared = body.length): Buffer {
  const prefix = Buffer.alloc(4)
  prefix.writeInt32BE(declared)
  return Buffer.concat([prefix, body])
}

describe('encodeSaslToken', () => {
  it('prefixes the UTF-8 payload with its int32 big-endian length', () => {
    const out = encodeSaslToken('{"a":"é"}')
    expect(out.readInt32BE(0)).toBe(Buffer.byteLength('{"a":"é"}'))
    expect(out.subarray(4).toString('utf8')).toBe('{"a":"é"}')
  })
})

describe('decodeSaslResponse', () => {
  it('strips the length prefix', () => {
    expect(decodeSaslResponse(framed(Buffer.from('xyz'))).toString()).toBe('xyz')
  })
  it('treats null (-1) and zero lengths as empty', () => {
    expect(decodeSaslResponse(withLength(Buffer.alloc(0), -1))).toHaveLength(0)
    expect(decodeSaslResponse(withLength(Buffer.alloc(0)))).toHaveLength(0)
  })
  it.each([
    ['too short for a prefix', Buffer.from([0, 0])],
    ['a prefix claiming more than arrived', withLength(Buffer.from('ab'), 2_000_000_000)],
    ['a negative prefix', withLength(Buffer.from('ab'), -7)],
    ['trailing bytes', withLength(Buffer.from('abcd'), 2)],
    ['an oversized answer', withLength(Buffer.alloc(10_000, 0x41))],
  ])('rejects %s with a typed error', (_name, raw) => {
    expect(() => decodeSaslResponse(raw)).toThrow(MskIamError)
    expect(() => decodeSaslResponse(raw)).toThrow(expect.objectContaining({ code: 'INVALID_BROKER_RESPONSE' }) as Error)
  })
})

describe('parseServerResponse', () => {
  it('accepts exactly version and request-id', () => {
    const body = Buffer.from('{"version":"2020_10_22","request-id":"8b4c2a7e-1111-4222-8333-944445555666"}')
    expect(parseServerResponse(body)).toEqual({
      version: '2020_10_22',
      requestId: '8b4c2a7e-1111-4222-8333-944445555666',
    })
  })
  it.each([
    ['empty', ''],
    ['not JSON', 'Access granted'],
    ['truncated JSON', '{"version":"2020_10_22","request-id":"x'],
    ['a JSON array', '["2020_10_22","x"]'],
    ['JSON null', 'null'],
    ['a wrong version', '{"version":"2021_01_01","request-id":"x"}'],
    ['a missing request-id', '{"version":"2020_10_22"}'],
    ['an extra field', '{"version":"2020_10_22","request-id":"x","principal":"p"}'],
    ['a non-string request-id', '{"version":"2020_10_22","request-id":42}'],
    ['an empty request-id', '{"version":"2020_10_22","request-id":""}'],
  ])('rejects %s', (_name, text) => {
    expect(() => parseServerResponse(Buffer.from(text))).toThrow(
      expect.objectContaining({ code: 'INVALID_BROKER_RESPONSE' }) as Error,
    )
  })
  it('rejects invalid UTF-8 and oversized answers', () => {
    expect(() => parseServerResponse(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toThrow(MskIamError)
    const big = Buffer.from(`{"version":"2020_10_22","request-id":"${'x'.repeat(5000)}"}`)
    expect(() => parseServerResponse(big)).toThrow(/too large/)
  })
})
