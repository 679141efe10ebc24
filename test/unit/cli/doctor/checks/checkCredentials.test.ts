// The credentials line and the verdict when none can be loaded: the credential source is named once, the
// provider's own words follow, and the doctor's advice ends the paragraph (issue 12).
import { checkCredentials } from '../../../../../src/cli/doctor/checks/checkCredentials.js'
import { verdictText } from '../../../../../src/cli/doctor/report/verdictText.js'
import type { CredentialCache } from '../../../../../src/credentials/CredentialCache.js'
import { credentialsUnavailable } from '../../../../../src/credentials/credentialsUnavailable.js'

const CHAIN = 'the AWS default credential chain'

/** A cache whose get() fails as CredentialCache's does: with the typed CREDENTIALS_UNAVAILABLE. */
function failingCache(cause: Error, source = CHAIN): CredentialCache {
  return { get: () => Promise.reject(credentialsUnavailable(cause, source)) } as unknown as CredentialCache
}

class CredentialsProviderError extends Error {
  override readonly name = 'CredentialsProviderError'
}

describe('checkCredentials without credentials', () => {
  it('names the source once and ends every sentence with one period', async () => {
    const cause = new CredentialsProviderError('Could not load credentials from any providers')
    const { result, identity } = await checkCredentials(failingCache(cause), CHAIN)
    expect(identity).toBeUndefined()
    expect(result).toMatchObject({ check: 'credentials', status: 'fail', failure: 'credentials-unavailable' })
    expect(result.summary).toBe(`none from ${CHAIN}: Could not load credentials from any providers`)
    expect(verdictText('credentials-unavailable', result.facts ?? {}, 'the broker')).toBe(
      `No usable AWS credentials from ${CHAIN}: Could not load credentials from any providers. Set ` +
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile (after "aws sso login" for SSO profiles), ' +
        'or run where an instance, task or pod role is available.',
    )
  })

  it("a provider message that ends in a period gets no second one, and an assumed role's source reads once", async () => {
    const source = `role arn:aws:iam::123456789012:role/orders assumed with ${CHAIN}`
    const cause = new CredentialsProviderError('Profile dev could not be found.')
    const { result } = await checkCredentials(failingCache(cause, source), source)
    const text = verdictText('credentials-unavailable', result.facts ?? {}, 'the broker')
    expect(text).toMatch(/^No usable AWS credentials from role arn:\S+ assumed with the AWS default credential chain: /)
    expect(text).toContain('Profile dev could not be found. Set AWS_ACCESS_KEY_ID')
    expect(text).not.toMatch(/\.\./)
    expect(text.split(CHAIN)).toHaveLength(2)
  })
})
