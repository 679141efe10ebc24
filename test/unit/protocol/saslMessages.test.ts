// The client-side SASL codec (the scheduler, the doctor, the emulator's upstream login), against hand-built
// bytes (test/helpers/emulatorBytes.ts) and against the emulator's own server-side codec.
import { WireFormatError } from '../../../src/protocol/ByteReader.js'
import { parseRequestHeader } from '../../../src/protocol/parseRequestHeader.js'
import {
  decodeSaslAuthenticateResponse,
  decodeSaslHandshakeResponse,
  encodeSaslAuthenticate,
  encodeSaslHandshake,
} from '../../../src/protocol/saslMessages.js'
import {
  decodeSaslAuthenticateRequest,
  encodeSaslAuthenticateResponse,
} from '../../../src/testing/wire/saslAuthenticate.js'
import { encodeSaslHandshakeResponse } from '../../../src/testing/wire/saslHandshake.js'
import { bytes, cat, cbytes, cstr, frame, i16, i64, request, str, tags0 } from '../../helpers/emulatorBytes.js'

/** A response frame's body after its size prefix and correlation id. */
const body = (f: Buffer): Buffer => f.subarray(8)

describe('SASL requests', () => {
  it('SaslHandshake v1 asks for the mechanism with request header v1', () => {
    expect(encodeSaslHandshake(1, 'emu', 'OAUTHBEARER')).toEqual(
      frame(request(17, 1, 1, str('OAUTHBEARER'), false, 'emu')),
    )
  })

  it('SaslAuthenticate v1 (the default) carries int32-length bytes; v2 compact bytes and tagged fields, header v2', () => {
    const token = Buffer.from('n,,\x01auth=Bearer t\x01\x01')
    expect(encodeSaslAuthenticate(2, 'emu', token)).toEqual(frame(request(36, 1, 2, bytes(token), false, 'emu')))
    expect(encodeSaslAuthenticate(2, 'emu', token, 1)).toEqual(encodeSaslAuthenticate(2, 'emu', token))
    expect(encodeSaslAuthenticate(2, 'emu', token, 2)).toEqual(
      frame(request(36, 2, 2, cat(cbytes(token), tags0), true, 'emu')),
    )
  })

  it('are read back by the emulator’s own server-side decoders', () => {
    for (const version of [1, 2] as const) {
      const payload = encodeSaslAuthenticate(9, 'emu', Buffer.from('abc'), version).subarray(4)
      const header = parseRequestHeader(payload)
      expect(header).toMatchObject({ apiKey: 36, apiVersion: version, correlationId: 9, clientId: 'emu' })
      expect(decodeSaslAuthenticateRequest(payload.subarray(header.bodyOffset), version).authBytes.toString()).toBe(
        'abc',
      )
    }
  })
})

describe('SASL responses', () => {
  it('reads a SaslHandshake answer, hand-built and as the emulator writes it', () => {
    expect(decodeSaslHandshakeResponse(cat(i16(33), Buffer.from([0, 0, 0, 1]), str('PLAIN')))).toEqual({
      errorCode: 33,
      mechanisms: ['PLAIN'],
    })
    const written = encodeSaslHandshakeResponse(5, { errorCode: 0, mechanisms: ['OAUTHBEARER', 'AWS_MSK_IAM'] })
    expect(decodeSaslHandshakeResponse(body(written))).toEqual({
      errorCode: 0,
      mechanisms: ['OAUTHBEARER', 'AWS_MSK_IAM'],
    })
  })

  it('reads SaslAuthenticate v0, v1 and v2 answers', () => {
    expect(decodeSaslAuthenticateResponse(cat(i16(58), str('bad'), bytes(Buffer.alloc(0))), 0)).toEqual({
      errorCode: 58,
      errorMessage: 'bad',
      authBytes: Buffer.alloc(0),
      sessionLifetimeMs: 0,
      lifetimeOffset: undefined,
    })
    expect(decodeSaslAuthenticateResponse(cat(i16(58), str('bad'), bytes(Buffer.alloc(0)), i64(7n)), 1)).toEqual({
      errorCode: 58,
      errorMessage: 'bad',
      authBytes: Buffer.alloc(0),
      sessionLifetimeMs: 7,
      lifetimeOffset: 2 + 5 + 4,
    })
    const v2 = cat(tags0, i16(0), cstr(null), cbytes(Buffer.from('{}')), i64(3600n), tags0)
    expect(decodeSaslAuthenticateResponse(v2, 2)).toEqual({
      errorCode: 0,
      errorMessage: null,
      authBytes: Buffer.from('{}'),
      sessionLifetimeMs: 3600,
      lifetimeOffset: 1 + 2 + 1 + 3,
    })
    for (const version of [1, 2] as const) {
      const written = encodeSaslAuthenticateResponse(3, version, {
        errorCode: 0,
        errorMessage: null,
        authBytes: Buffer.from('x'),
        sessionLifetimeMs: 1234,
      })
      expect(decodeSaslAuthenticateResponse(body(written), version)).toMatchObject({
        authBytes: Buffer.from('x'),
        sessionLifetimeMs: 1234,
      })
    }
  })

  it('throws WireFormatError on a truncated answer', () => {
    const whole = cat(i16(0), str(null), bytes(Buffer.from('ab')), i64(0n))
    expect(() => decodeSaslAuthenticateResponse(whole.subarray(0, whole.length - 3), 1)).toThrow(WireFormatError)
    expect(() => decodeSaslHandshakeResponse(Buffer.from([0]))).toThrow(WireFormatError)
  })
})
