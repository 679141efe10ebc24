// The emulator's SaslAuthenticate codec, v0/v1/v2.
import {
  decodeSaslAuthenticateRequest,
  encodeSaslAuthenticateResponse,
} from '../../../../src/testing/wire/saslAuthenticate.js'
import { bytes, cat, cbytes, cstr, frame, i16, i32, i64, str, tags0, uv } from '../../../helpers/emulatorBytes.js'

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
