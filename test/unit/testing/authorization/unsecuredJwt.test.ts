// The token the emulator logs in upstream with (Kafka's acceptance of it: test/integration/authorizer.test.ts).
import { mintUnsecuredJwt, oauthBearerInitialResponse } from '../../../../src/testing/authorization/unsecuredJwt.js'

describe('the unsecured JWT', () => {
  const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))

  it('is header.claims. with alg none, sub, iat and exp in seconds', () => {
    const token = mintUnsecuredJwt({ sub: 'msk-iam:e:c1', issuedAtMs: 1_700_000_000_999, lifetimeMs: 60_000 })
    const [header, claims, signature, ...rest] = token.split('.')
    expect(rest).toEqual([])
    expect(signature).toBe('')
    expect(decode(header!)).toEqual({ alg: 'none' })
    expect(decode(claims!)).toEqual({ sub: 'msk-iam:e:c1', iat: 1_700_000_000, exp: 1_700_000_060 })
  })

  it('lives a year by default, so that Kafka never ends the upstream session under a client', () => {
    const claims = JSON.parse(
      Buffer.from(mintUnsecuredJwt({ sub: 's', issuedAtMs: 0 }).split('.')[1]!, 'base64url').toString(),
    ) as { exp: number }
    expect(claims.exp).toBe(365 * 24 * 60 * 60)
  })

  it('refuses an empty subject or a lifetime under a second', () => {
    expect(() => mintUnsecuredJwt({ sub: '', issuedAtMs: 0 })).toThrow(RangeError)
    expect(() => mintUnsecuredJwt({ sub: 's', issuedAtMs: 0, lifetimeMs: 999 })).toThrow(RangeError)
  })

  it('goes in an RFC 7628 initial response', () => {
    expect(oauthBearerInitialResponse('a.b.').toString()).toBe('n,,\x01auth=Bearer a.b.\x01\x01')
  })
})
