// The typed error for a credential source that failed: the source, the provider's words, what to check.
import { credentialsUnavailable } from '../../../src/credentials/credentialsUnavailable.js'

describe('credentialsUnavailable', () => {
  it('ends the provider message with one period, whether or not it had its own', () => {
    for (const text of ['Profile dev could not be found', 'Profile dev could not be found.']) {
      const error = credentialsUnavailable(new Error(text), 'profile "dev"')
      expect(error.message).toBe(
        'Could not load AWS credentials from profile "dev": Error: Profile dev could not be found. Check that the ' +
          'source is configured (environment, profile, role, instance or container role) and that it may call STS ' +
          'if a role is assumed.',
      )
    }
  })

  it('keeps the provider error as its cause and says when a failure looks transient', () => {
    const cause = Object.assign(new Error('connect ETIMEDOUT 169.254.169.254:80'), { code: 'ETIMEDOUT' })
    const error = credentialsUnavailable(cause, 'the AWS default credential chain')
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', retriable: true })
    expect(error.cause).toBe(cause)
    expect(error.message).toMatch(/169\.254\.169\.254:80\. This looks transient/)
  })
})
