import type { AwsCredentialIdentity } from '@smithy/types'
import type { CredentialCache } from '../../../credentials/CredentialCache.js'
import { isMskIamError } from '../../../errors.js'
import { describeCause } from '../../../redact.js'
import type { CheckResult } from '../types.js'
import { formatDuration } from '../formatDuration.js'

/**
 * Loads the credentials once, through the same cache the plugin uses. The line names the access key id
 * (not a secret), the source, whether they are temporary and when they expire.
 */
export async function checkCredentials(
  cache: CredentialCache,
  source: string,
): Promise<{ result: CheckResult; identity?: AwsCredentialIdentity }> {
  try {
    const identity = await cache.get()
    const temporary = identity.sessionToken ? ', temporary (with a session part)' : ''
    const expiration = identity.expiration?.getTime()
    const left = expiration === undefined || Number.isNaN(expiration) ? undefined : expiration - Date.now()
    const expires = left === undefined ? '' : left > 0 ? `, expire in ${formatDuration(left)}` : ', already expired'
    const short = left !== undefined && left < 15 * 60_000
    const result: CheckResult = {
      check: 'credentials',
      status: short ? 'warn' : 'pass',
      summary: `access key ${identity.accessKeyId} from ${source}${temporary}${expires}${short ? " (less than MSK's 15-minute session)" : ''}`,
      facts: { accessKeyId: identity.accessKeyId, credentialSource: source },
    }
    return { result, identity }
  } catch (error) {
    const message = providerMessage(error)
    return {
      result: {
        check: 'credentials',
        status: 'fail',
        summary: `none from ${source}: ${message}`,
        failure: 'credentials-unavailable',
        facts: { credentialSource: source, message },
      },
    }
  }
}

/**
 * The credential provider's own words, without a final period. The cache's CREDENTIALS_UNAVAILABLE names
 * the source and says what to check: the report names the source itself and the verdict gives the doctor's
 * advice, so only the cause is kept.
 */
function providerMessage(error: unknown): string {
  const cause = isMskIamError(error) && error.code === 'CREDENTIALS_UNAVAILABLE' && error.cause ? error.cause : error
  return describeCause(cause)
    .replace(/^\w*Error: /, '')
    .replace(/\.+$/, '')
}
