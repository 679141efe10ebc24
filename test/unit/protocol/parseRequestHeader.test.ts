// The request header parser shared by the emulator and the library: header v1 and v2, null client ids, truncation.
import { parseRequestHeader } from '../../../src/protocol/parseRequestHeader.js'
import { cat, cstr, i16, i32, request, str, tags0, tagsOne } from '../../helpers/emulatorBytes.js'

describe('parseRequestHeader', () => {
  it('reads header v1 (non-flexible) with a client id', () => {
    const payload = request(3, 4, 77, Buffer.from([9]), false, 'my-client')
    expect(parseRequestHeader(payload)).toEqual({
      apiKey: 3,
      apiVersion: 4,
      correlationId: 77,
      clientId: 'my-client',
      bodyOffset: payload.length - 1,
    })
  })

  it('reads header v2 (flexible) and skips its tagged fields', () => {
    const payload = cat(i16(36), i16(2), i32(-5), str('c'), tagsOne, Buffer.from([0xaa]))
    expect(parseRequestHeader(payload)).toEqual({
      apiKey: 36,
      apiVersion: 2,
      correlationId: -5,
      clientId: 'c',
      bodyOffset: payload.length - 1,
    })
  })

  it('reads a null client id', () => {
    expect(parseRequestHeader(request(18, 0, 1, Buffer.alloc(0), false, null)).clientId).toBeNull()
  })

  it('leaves the body offset undefined for APIs it never parses', () => {
    expect(parseRequestHeader(request(1, 12, 1, Buffer.alloc(4))).bodyOffset).toBeUndefined()
  })

  it('keeps the int16 client id length in flexible headers (ApiVersions v3)', () => {
    const payload = request(18, 3, 1, cat(cstr('kafkajs'), cstr('2.2.4'), tags0), true, 'x')
    expect(parseRequestHeader(payload).bodyOffset).toBe(2 + 2 + 4 + 3 + 1)
  })

  it('throws WireFormatError on a truncated header', () => {
    expect(() => parseRequestHeader(cat(i16(3), i16(4), i32(1), i16(10), Buffer.from('abc')))).toThrow(/need 10 bytes/)
    expect(() => parseRequestHeader(Buffer.from([0, 3]))).toThrow(
      expect.objectContaining({ name: 'WireFormatError' }) as Error,
    )
  })
})
