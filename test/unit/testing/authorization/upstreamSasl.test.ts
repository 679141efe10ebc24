// The emulator's upstream SASL client codec, against hand-built bytes (test/unit/testing/
// emulatorBytes.ts) and against the emulator's own server-side codec.
import { WireFormatError } from '../../../../src/protocol/ByteReader.js'
import {
  decodeSaslAuthenticateResponse,
  decodeSaslHandshakeResponse,
  encodeSaslAuthenticateRequest,
  encodeSaslHandshakeRequest,
} from '../../../../src/testing/authorization/upstreamSasl.js'
import { parseRequestHeader } from '../../../../src/protocol/parseRequestHeader.js'
import {
  decodeSaslAuthenticateRequest,
  encodeSaslAuthenticateResponse,
} from '../../../../src/testing/wire/saslAuthenticate.js'
import { encodeSaslHandshakeResponse } from '../../../../src/testing/wire/saslHandshake.js'
import {
  bytes,
  cat,
  cbytes,
  cstr,
  frame,
  i16,
  i64,
  request,
  response,
  str,
  tags0,
} from '../../../helpers/emulatorBytes.js'

const strip = (f: Buffer): Buffer => f.subarray(4)

describe('upstream SASL requests', () => {
  it('SaslHandshake v1 asks for the mechanism with request header v1', () => {
    expect(encodeSaslHandshakeRequest(1, 'emu', 'OAUTHBEARER')).toEqual(
      frame(request(17, 1, 1, str('OAUTHBEARER'), false, 'emu')),
    )
  })

  it('SaslAuthenticate v1 carries int32-length bytes; v2 compact bytes and tagged fields, header v2', () => {
    const token = Buffer.from('n,,\x01auth=Bearer t\x01\x01')
    expect(encodeSaslAuthenticateRequest(2, 'emu', 1, token)).toEqual(
      frame(request(36, 1, 2, bytes(token), false, 'emu')),
    )
    expect(encodeSaslAuthenticateRequest(2, 'emu', 2, token)).toEqual(
      frame(request(36, 2, 2, cat(cbytes(token), tags0), true, 'emu')),
    )
  })

  it('are read back by the emulator’s own server-side decoders', () => {
    for (const version of [1, 2] as const) {
      const payload = strip(encodeSaslAuthenticateRequest(9, 'emu', version, Buffer.from('abc')))
      const header = parseRequestHeader(payload)
      expect(header).toMatchObject({ apiKey: 36, apiVersion: version, correlationId: 9, clientId: 'emu' })
      expect(decodeSaslAuthenticateRequest(payload.subarray(header.bodyOffset), version).authBytes.toString()).toBe(
        'abc',
      )
    }
  })
})

describe('upstream SASL responses', () => {
  it('reads a SaslHandshake answer, hand-built and as the emulator writes it', () => {
    expect(decodeSaslHandshakeResponse(response(1, cat(i16(33), Buffer.from([0, 0, 0, 1]), str('PLAIN'))))).toEqual({
      correlationId: 1,
      errorCode: 33,
      mechanisms: ['PLAIN'],
    })
    const written = encodeSaslHandshakeResponse(5, { errorCode: 0, mechanisms: ['OAUTHBEARER', 'AWS_MSK_IAM'] })
    expect(decodeSaslHandshakeResponse(strip(written))).toEqual({
      correlationId: 5,
      errorCode: 0,
      mechanisms: ['OAUTHBEARER', 'AWS_MSK_IAM'],
    })
  })

  it('reads SaslAuthenticate v1 and v2 answers', () => {
    expect(
      decodeSaslAuthenticateResponse(response(2, cat(i16(58), str('bad'), bytes(Buffer.alloc(0)), i64(0n))), 1),
    ).toEqual({
      correlationId: 2,
      errorCode: 58,
      errorMessage: 'bad',
      authBytes: Buffer.alloc(0),
      sessionLifetimeMs: 0n,
    })
    const v2 = response(2, cat(i16(0), cstr(null), cbytes(Buffer.from('{}')), i64(3600n), tags0), true)
    expect(decodeSaslAuthenticateResponse(v2, 2)).toEqual({
      correlationId: 2,
      errorCode: 0,
      errorMessage: null,
      authBytes: Buffer.from('{}'),
      sessionLifetimeMs: 3600n,
    })
    for (const version of [1, 2] as const) {
      const written = encodeSaslAuthenticateResponse(3, version, {
        errorCode: 0,
        errorMessage: null,
        authBytes: Buffer.from('x'),
        sessionLifetimeMs: 1234,
      })
      expect(decodeSaslAuthenticateResponse(strip(written), version)).toMatchObject({
        correlationId: 3,
        authBytes: Buffer.from('x'),
        sessionLifetimeMs: 1234n,
      })
    }
  })

  it('throws WireFormatError on a truncated answer', () => {
    const whole = response(2, cat(i16(0), str(null), bytes(Buffer.from('ab')), i64(0n)))
    expect(() => decodeSaslAuthenticateResponse(whole.subarray(0, whole.length - 3), 1)).toThrow(WireFormatError)
    expect(() => decodeSaslHandshakeResponse(Buffer.from([0, 0, 0, 1, 0]))).toThrow(WireFormatError)
  })
})
