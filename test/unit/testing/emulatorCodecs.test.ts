// Request headers, SASL request/response codecs (v0/v1/v2), Produce acks and response frames.
import { parseRequestHeader } from '../../../src/protocol/parseRequestHeader.js'
import { readProduceAcks } from '../../../src/protocol/readProduceAcks.js'
import { encodeResponseFrame, readResponseHeader } from '../../../src/testing/wire/responseFrame.js'
import {
  decodeSaslAuthenticateRequest,
  encodeSaslAuthenticateResponse,
} from '../../../src/testing/wire/saslAuthenticate.js'
import { decodeSaslHandshakeRequest, encodeSaslHandshakeResponse } from '../../../src/testing/wire/saslHandshake.js'
import {
  bytes,
  cat,
  cbytes,
  cstr,
  frame,
  i16,
  i32,
  i64,
  request,
  str,
  tags0,
  tagsOne,
  uv,
} from '../../helpers/emulatorBytes.js'

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

describe('SaslHandshake codec', () => {
  it('decodes the mechanism', () => {
    expect(decodeSaslHandshakeRequest(str('AWS_MSK_IAM'))).toEqual({ mechanism: 'AWS_MSK_IAM' })
  })

  it('encodes error code and mechanisms with response header v0', () => {
    const encoded = encodeSaslHandshakeResponse(12, { errorCode: 33, mechanisms: ['AWS_MSK_IAM', 'OAUTHBEARER'] })
    expect(encoded).toEqual(frame(cat(i32(12), i16(33), i32(2), str('AWS_MSK_IAM'), str('OAUTHBEARER'))))
  })
})

describe('SaslAuthenticate codec', () => {
  const token = Buffer.from('{"a":"b"}')

  it('decodes v0/v1 (int32 bytes) and v2 (compact bytes)', () => {
    expect(decodeSaslAuthenticateRequest(bytes(token), 0).authBytes).toEqual(token)
    expect(decodeSaslAuthenticateRequest(bytes(token), 1).authBytes).toEqual(token)
    expect(decodeSaslAuthenticateRequest(cat(cbytes(token), tags0), 2).authBytes).toEqual(token)
  })

  it('rejects a length running past the body', () => {
    expect(() => decodeSaslAuthenticateRequest(cat(i32(100), token), 1)).toThrow(/need 100 bytes/)
    expect(() => decodeSaslAuthenticateRequest(cat(uv(50), token), 2)).toThrow(/need 49 bytes/)
  })

  const success = { errorCode: 0, errorMessage: null, authBytes: Buffer.from('ok'), sessionLifetimeMs: 900_000 }
  const failure = {
    errorCode: 58,
    errorMessage: '[id]: Access denied',
    authBytes: Buffer.alloc(0),
    sessionLifetimeMs: 0,
  }

  it('encodes v0: no session lifetime', () => {
    expect(encodeSaslAuthenticateResponse(3, 0, success)).toEqual(
      frame(cat(i32(3), i16(0), i16(-1), bytes(Buffer.from('ok')))),
    )
  })

  it('encodes v1: int64 session lifetime', () => {
    expect(encodeSaslAuthenticateResponse(3, 1, failure)).toEqual(
      frame(cat(i32(3), i16(58), str('[id]: Access denied'), bytes(Buffer.alloc(0)), i64(0n))),
    )
  })

  it('encodes v2: header v1, compact fields, tagged fields', () => {
    expect(encodeSaslAuthenticateResponse(3, 2, success)).toEqual(
      frame(cat(i32(3), tags0, i16(0), uv(0), cbytes(Buffer.from('ok')), i64(900_000n), tags0)),
    )
    expect(encodeSaslAuthenticateResponse(4, 2, failure)).toEqual(
      frame(cat(i32(4), tags0, i16(58), cstr('[id]: Access denied'), cbytes(Buffer.alloc(0)), i64(0n), tags0)),
    )
  })
})

describe('readProduceAcks', () => {
  const rest = cat(i32(30000), i32(0))
  it('reads acks first in v0–v2', () => {
    expect(readProduceAcks(cat(i16(0), rest), 2)).toBe(0)
    expect(readProduceAcks(cat(i16(-1), rest), 0)).toBe(-1)
  })
  it('reads acks after the nullable transactional id in v3–v8', () => {
    expect(readProduceAcks(cat(str(null), i16(0), rest), 3)).toBe(0)
    expect(readProduceAcks(cat(str('tx-1'), i16(1), rest), 8)).toBe(1)
  })
  it('reads acks after the compact nullable transactional id in v9+', () => {
    expect(readProduceAcks(cat(cstr(null), i16(0), rest), 9)).toBe(0)
    expect(readProduceAcks(cat(cstr('tx'), i16(-1), rest), 13)).toBe(-1)
  })
  it('throws on a truncated body', () => {
    expect(() => readProduceAcks(str('tx'), 3)).toThrow()
  })
})

describe('response frames', () => {
  it('encodes header v0 and v1', () => {
    expect(encodeResponseFrame(9, 0, Buffer.from([1]))).toEqual(frame(cat(i32(9), Buffer.from([1]))))
    expect(encodeResponseFrame(9, 1, Buffer.from([1]))).toEqual(frame(cat(i32(9), tags0, Buffer.from([1]))))
  })
  it('reads the correlation id and skips header tagged fields', () => {
    expect(readResponseHeader(cat(i32(5), tagsOne, Buffer.from([1])), 1)).toEqual({
      correlationId: 5,
      bodyOffset: 4 + tagsOne.length,
    })
  })
})
