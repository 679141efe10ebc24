import { MskIamError } from '../errors.js'
import { describeCause, redactError } from '../redact.js'
import { isTransientCredentialError } from './isTransientCredentialError.js'

/**
 * The typed error for a credential source that failed: `CREDENTIALS_UNAVAILABLE`, retriable when the
 * failure looks transient, naming the source and what to check. Typed errors pass through unchanged.
 */
export function credentialsUnavailable(error: unknown, sourceDescription: string): MskIamError {
  if (error instanceof MskIamError) return error
  const transient = isTransientCredentialError(error)
  return new MskIamError(
    'CREDENTIALS_UNAVAILABLE',
    // A provider's message may end in its own period: one sentence, one period.
    `Could not load AWS credentials from ${sourceDescription}: ${describeCause(error).replace(/\.+$/, '')}. ` +
      (transient
        ? 'This looks transient (network, throttling or a slow source); the client will retry.'
        : 'Check that the source is configured (environment, profile, role, instance or container role) and that it may call STS if a role is assumed.'),
    { cause: redactError(error), retriable: transient },
  )
}
