import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { Clock } from '../clock.js'
import { MIN_SIGNATURE_SECONDS } from '../constants.js'
import { MskIamError } from '../errors.js'

/** What {@link validated} needs to judge an answer of the source. */
export interface ValidationContext {
  clock: Clock
  /** False when asking the source again cannot give other credentials (fixed in the options). */
  refreshable: boolean
  /** Names the source in error messages. */
  sourceDescription: string
}

/**
 * Wraps `provider` so that every answer is credentials that can sign: well formed, and with at least
 * MIN_SIGNATURE_SECONDS left. Near-expiry credentials are refused with `CREDENTIALS_EXPIRED`: retriable
 * (a later call may get renewed ones) unless the source cannot give others; then for good.
 */
export function validated(
  provider: AwsCredentialIdentityProvider,
  context: ValidationContext,
): AwsCredentialIdentityProvider {
  return async (properties) => {
    const identity = validateIdentity(await provider(properties))
    checkLifetime(identity, context)
    return identity
  }
}

/** Rejects what a credential source may return that cannot sign anything, without echoing any secret. */
export function validateIdentity(value: unknown): AwsCredentialIdentity {
  const problem = shapeProblem(value)
  if (problem) {
    throw new MskIamError('CREDENTIALS_UNAVAILABLE', `The credential source ${problem}.`, { retriable: false })
  }
  return value as AwsCredentialIdentity
}

function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return `returned ${value === null ? 'null' : typeof value} instead of credentials`
  }
  const identity = value as Partial<AwsCredentialIdentity>
  if (typeof identity.accessKeyId !== 'string' || identity.accessKeyId.length === 0) {
    return 'returned credentials without an accessKeyId'
  }
  if (typeof identity.secretAccessKey !== 'string' || identity.secretAccessKey.length === 0) {
    return 'returned credentials without a secretAccessKey'
  }
  if (identity.sessionToken !== undefined && typeof identity.sessionToken !== 'string') {
    return 'returned a sessionToken that is not a string'
  }
  const { expiration } = identity
  if (expiration !== undefined && !(expiration instanceof Date && !Number.isNaN(expiration.getTime()))) {
    return 'returned an expiration that is not a valid Date'
  }
  return undefined
}

function checkLifetime(identity: AwsCredentialIdentity, context: ValidationContext): void {
  const expiration = identity.expiration?.getTime()
  if (expiration === undefined || expiration - context.clock.now() >= MIN_SIGNATURE_SECONDS * 1000) return
  const when = `expire${expiration <= context.clock.now() ? 'd' : ''} at ${new Date(expiration).toISOString()}`
  const { accessKeyId } = identity
  const message = context.refreshable
    ? `The AWS credentials for access key ${accessKeyId} from ${context.sourceDescription} ${when}, within ` +
      `${MIN_SIGNATURE_SECONDS} s, and the source returned nothing newer. Check the source (role session duration, ` +
      'instance/container metadata, credential_process) and the machine clock.'
    : `The AWS credentials for access key ${accessKeyId} from ${context.sourceDescription} ${when} and cannot be renewed: ` +
      'pass a function that returns fresh credentials, or leave credentials out to use the AWS default chain.'
  throw new MskIamError('CREDENTIALS_EXPIRED', message, { accessKeyId, retriable: context.refreshable })
}
