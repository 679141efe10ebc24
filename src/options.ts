import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { Clock } from './clock.js'
import { DEFAULT_EXPIRES_SECONDS, STS_GLOBAL_REGION } from './constants.js'
import { MskIamError } from './errors.js'
import { arnPartition, partitionOf, REGION_ID_PATTERN } from './partition.js'
import type { KafkaLogger } from './kafkajsTypes.js'

/**
 * Where credentials come from when given as a function: the AWS SDK's `AwsCredentialIdentityProvider`
 * shape, or a plain function that returns the credentials directly.
 */
export type CredentialsFunction = (
  properties?: Parameters<AwsCredentialIdentityProvider>[0],
) => AwsCredentialIdentity | Promise<AwsCredentialIdentity>

/**
 * Options of {@link awsMskIam} (and {@link mskIamOAuthBearer}). All optional: with none, the region comes
 * from the broker host and the credentials from the AWS default chain. Defaults are the `DEFAULT_*`
 * values of `src/constants.ts`, listed in the README's options table.
 */
export interface AwsMskIamOptions {
  /** Signing region; overrides inference from the broker hostname. */
  region?: string
  /**
   * Credentials, or a function returning them (the AWS SDK's `AwsCredentialIdentityProvider`, or a plain
   * synchronous function). With `roleArn`, these are the credentials used to assume the role. Fixed
   * credentials cannot be renewed: once their `expiration` has passed, authentication fails for good.
   */
  credentials?: AwsCredentialIdentity | CredentialsFunction
  /** Shared config/credentials file profile (SSO, credential_process, assume-role profiles included). */
  profile?: string
  /** Role to assume with STS before signing. */
  roleArn?: string
  /** Session name for `roleArn`; a constant by default, so the Kafka principal never changes. */
  roleSessionName?: string
  /** External ID for `roleArn`, when the role's trust policy requires one. */
  roleExternalId?: string
  /**
   * Region of the STS endpoint `roleArn` is assumed through. Default: the signing region (the region of the
   * first broker signed for, or `region`, or the environment's), so STS is regional and in the role's
   * partition. `'aws-global'` names the global endpoint. Must be in the same partition as `roleArn`.
   */
  stsRegion?: string
  /** Retries of a transient credential failure. */
  maxRetries?: number
  /** Ceiling of the full-jitter exponential back-off between retries, ms. */
  maxBackoffMs?: number
  /**
   * Refresh credentials this long before they expire, ms. MSK ends a session when its credentials expire, so
   * this is also the shortest session a signature gets (capped at half the credentials' lifetime).
   */
  refreshBeforeExpiryMs?: number
  /** Abandon a credential fetch attempt after this long, ms. */
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
const REGION = new RegExp(`^${REGION_ID_PATTERN}$`)

const MIGRATION_GUIDE_URL = 'https://github.com/kafkajs-msk-iam/kafkajs-msk-iam/blob/main/docs/migration.md'

/**
 * Options of the packages users move from that mean something else here. Refused rather than ignored: an
 * option that is dropped in silence does not do what the user asked for.
 */
function refuseForeignOptions(options: object, fail: (message: string) => never): void {
  // @jm18457/kafkajs-msk-iam-authentication-mechanism's `ttl` set X-Amz-Expires. A shorter value than ours
  // would have bounded the signature's validity, so signing with ours instead would widen it behind the
  // user's back; an equal one changes nothing, and MSK's session follows the credentials, not this value.
  if ((options as { ttl?: unknown }).ttl !== undefined) {
    fail(
      `ttl is not an option here: X-Amz-Expires is always ${DEFAULT_EXPIRES_SECONDS} seconds, or what the credentials ` +
        'have left when that is less, and MSK ends the session when the credentials expire. Remove ttl ' +
        `(${MIGRATION_GUIDE_URL}).`,
    )
  }
}

/** Checks options once, when the mechanism is created, so that mistakes fail at start-up with a clear text. */
export function validateOptions(options: AwsMskIamOptions): void {
  const fail = (message: string): never => {
    throw new MskIamError('INVALID_OPTIONS', `awsMskIam(): ${message}`)
  }
  if (typeof options !== 'object' || options === null) fail('options must be an object')
  refuseForeignOptions(options, fail)
  const { region, stsRegion, roleArn, roleSessionName, credentials, profile } = options
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region))) {
    fail(`region must be an AWS region id such as 'us-east-1', got ${JSON.stringify(region)}`)
  }
  if (
    stsRegion !== undefined &&
    (typeof stsRegion !== 'string' || !(REGION.test(stsRegion) || stsRegion === STS_GLOBAL_REGION))
  ) {
    fail(
      `stsRegion must be an AWS region id such as 'us-east-1', or '${STS_GLOBAL_REGION}', got ${JSON.stringify(stsRegion)}`,
    )
  }
  if (roleArn !== undefined && (typeof roleArn !== 'string' || !ROLE_ARN.test(roleArn))) {
    fail(`roleArn must look like arn:aws:iam::123456789012:role/name, got ${JSON.stringify(roleArn)}`)
  }
  // STS issues a role's credentials only in the role's partition, and they sign only for that partition.
  for (const [name, value] of [
    ['stsRegion', stsRegion],
    ['region', region],
  ] as const) {
    if (roleArn === undefined || value === undefined) continue
    const partition = partitionOf(value).id
    if (partition !== arnPartition(roleArn)) {
      fail(
        `${name} '${value}' is in partition ${partition}, but roleArn is in partition ${arnPartition(roleArn)}: ` +
          `STS cannot issue that role's credentials there. Give a ${name} of the role's partition.`,
      )
    }
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
      fail('credentials must be { accessKeyId, secretAccessKey, sessionToken? } or a function returning them')
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
