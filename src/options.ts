import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { Clock } from './clock.js'
import { MskIamError } from './errors.js'
import type { KafkaLogger } from './kafkajsTypes.js'

/** Options of {@link awsMskIam}. All optional: with none, the region comes from the broker host and the
 * credentials from the AWS default chain. */
export interface AwsMskIamOptions {
  /** Signing region; overrides inference from the broker hostname. */
  region?: string
  /** Credentials, or an async provider of them (the AWS SDK's `AwsCredentialIdentityProvider`). With
   * `roleArn`, these are the credentials used to assume the role. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** Shared config/credentials file profile (SSO, credential_process, assume-role profiles included). */
  profile?: string
  /** Role to assume with STS before signing. */
  roleArn?: string
  /** Session name for `roleArn`; defaults to a constant so the Kafka principal never changes. */
  roleSessionName?: string
  /** External ID for `roleArn`, when the role's trust policy requires one. */
  roleExternalId?: string
  /** Region of the STS endpoint used for `roleArn` (default: the global endpoint). Use a regional one in VPCs
   * without internet access. */
  stsRegion?: string
  /** Retries of a transient credential failure (default 3). */
  maxRetries?: number
  /** Ceiling of the full-jitter exponential back-off between retries, ms (default 5000). */
  maxBackoffMs?: number
  /** Refresh credentials this long before they expire, ms (default 20 min, above MSK's 15-minute session). */
  refreshBeforeExpiryMs?: number
  /** Abandon a credential fetch attempt after this long, ms (default 10 000). */
  credentialsTimeoutMs?: number
  /** The unsigned `user-agent` value sent to the broker. */
  userAgent?: string
  /**
   * Where this instance logs (`{ debug, info, warn, error }`; a kafkajs logger fits): its authentications and
   * what happens in the background (credential refreshes, a refresh that fell back to cached credentials).
   * Default: each authentication's lines go to the logger kafkajs gives it, background events to the logger
   * of the instance's first authentication; before one (OAUTHBEARER tokens used outside kafkajs), warnings
   * and errors go to stderr.
   */
  logger?: KafkaLogger
  /** Time source and timers; for tests. */
  clock?: Clock
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$|^aws-global$/

/** Checks options once, when the mechanism is created, so that mistakes fail at start-up with a clear text. */
export function validateOptions(options: AwsMskIamOptions): void {
  const fail = (message: string): never => {
    throw new MskIamError('INVALID_OPTIONS', `awsMskIam(): ${message}`)
  }
  if (typeof options !== 'object' || options === null) fail('options must be an object')
  const { region, stsRegion, roleArn, roleSessionName, credentials, profile } = options
  for (const [name, value] of [
    ['region', region],
    ['stsRegion', stsRegion],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || !REGION.test(value))) {
      fail(`${name} must be an AWS region id such as 'us-east-1', got ${JSON.stringify(value)}`)
    }
  }
  if (roleArn !== undefined && (typeof roleArn !== 'string' || !ROLE_ARN.test(roleArn))) {
    fail(`roleArn must look like arn:aws:iam::123456789012:role/name, got ${JSON.stringify(roleArn)}`)
  }
  if (roleSessionName !== undefined && (typeof roleSessionName !== 'string' || !SESSION_NAME.test(roleSessionName))) {
    fail('roleSessionName must be 2–64 characters of letters, digits and +=,.@_-')
  }
  for (const name of ['roleSessionName', 'roleExternalId', 'stsRegion'] as const) {
    if (options[name] !== undefined && roleArn === undefined) fail(`${name} is only used with roleArn`)
  }
  if (profile !== undefined && (typeof profile !== 'string' || profile.length === 0))
    fail('profile must be a non-empty string')
  if (profile !== undefined && credentials !== undefined) fail('give either credentials or profile, not both')
  if (credentials !== undefined && typeof credentials !== 'function') {
    const c = credentials as Partial<AwsCredentialIdentity> | null
    if (
      typeof c !== 'object' ||
      c === null ||
      typeof c.accessKeyId !== 'string' ||
      typeof c.secretAccessKey !== 'string'
    ) {
      fail('credentials must be { accessKeyId, secretAccessKey, sessionToken? } or an async function returning them')
    }
  }
  for (const name of ['maxRetries', 'maxBackoffMs', 'refreshBeforeExpiryMs', 'credentialsTimeoutMs'] as const) {
    const value = options[name]
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      fail(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`)
    }
  }
  if (options.credentialsTimeoutMs === 0) fail('credentialsTimeoutMs must be above 0')
  const logger = options.logger as unknown as Record<string, unknown> | null | undefined
  if (
    logger !== undefined &&
    (typeof logger !== 'object' ||
      logger === null ||
      !['debug', 'info', 'warn', 'error'].every((level) => typeof logger[level] === 'function'))
  ) {
    fail('logger must have debug, info, warn and error functions (a kafkajs logger fits)')
  }
  if (
    options.userAgent !== undefined &&
    (typeof options.userAgent !== 'string' || /[\u0000-\u001f]/.test(options.userAgent))
  ) {
    fail('userAgent must be a string without control characters')
  }
}
