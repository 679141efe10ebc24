// The emulator's SaslHandshake codec.
import { decodeSaslHandshakeRequest, encodeSaslHandshakeResponse } from '../../../../src/testing/wire/saslHandshake.js'
import { cat, frame, i16, i32, str } from '../../../helpers/emulatorBytes.js'

describe('SaslHandshake codec', () => {
  it('decodes the mechanism', () => {
    expect(decodeSaslHandshakeRequest(str('AWS_MSK_IAM'))).toEqual({ mechanism: 'AWS_MSK_IAM' })
  })

  it('encodes error code and mechanisms with response header v0', () => {
    const encoded = encodeSaslHandshakeResponse(12, { errorCode: 33, mechanisms: ['AWS_MSK_IAM', 'OAUTHBEARER'] })
    expect(encoded).toEqual(frame(cat(i32(12), i16(33), i32(2), str('AWS_MSK_IAM'), str('OAUTHBEARER'))))
  })
})
