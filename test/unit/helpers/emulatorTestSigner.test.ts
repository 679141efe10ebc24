// The emulator tests' own signer must itself be right: it is checked against the shared vectors and
// against the emulator's verifier, so an integration failure points at the emulator, not the helper.
import { verifyIamPayload } from '../../../src/testing/verifier/verifyIamPayload.js'
import { verifyOauthBearer } from '../../../src/testing/verifier/verifyOauthBearer.js'
import { amzDate, oauthBearerMessage, presign, signIamPayload } from '../../helpers/emulatorTestSigner.js'
import { amzDateToMs, payloadVectors as vectors } from '../../helpers/vectors.js'

describe('emulator test signer', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('matches vector %s', (_name, v) => {
    const { inputs } = v
    const now = amzDateToMs(inputs.amzDate)
    expect(amzDate(now)).toBe(inputs.amzDate)
    const signed = presign({ ...inputs, sessionToken: inputs.sessionToken ?? undefined, now })
    expect(signed.signature).toBe(v.signature)
  })

  const identity = {
    accessKeyId: 'AKIDTEST',
    secretAccessKey: 'secret',
    sessionToken: 'token/with+chars=',
    principalArn: 'arn:aws:iam::1:user/t',
  }
  const now = Date.UTC(2025, 5, 1)
  const ctx = { expectedHost: 'b-1.x', region: 'eu-west-1', nowMs: now, maxSkewMs: 300_000, lookup: () => identity }

  it('produces AWS_MSK_IAM payloads the verifier accepts', () => {
    expect(
      verifyIamPayload(signIamPayload({ host: 'b-1.x', region: 'eu-west-1', ...identity, now }), ctx),
    ).toMatchObject({ ok: true })
  })

  it('produces OAUTHBEARER messages the verifier accepts', () => {
    expect(verifyOauthBearer(oauthBearerMessage({ region: 'eu-west-1', ...identity, now }), ctx)).toMatchObject({
      ok: true,
    })
  })
})
