import type { AwsCredentialIdentity } from '@smithy/types'
import type { CredentialCache } from '../../../credentials/CredentialCache.js'
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
    const message = describeCause(error).replace(/^\w*Error: /, '')
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
