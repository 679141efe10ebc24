import type { AwsCredentialIdentity } from '@smithy/types'
import { systemClock, type Clock } from '../../clock.js'
import type { AwsMskIamOptions } from '../../options.js'
import { CLOCK_OFFSET_ENV, STS_ENDPOINT_ENV } from '../constants.js'
import { UsageError } from '../parseCommandArgs.js'
import type { DoctorOptions } from './parseDoctorArgs.js'

/** What the doctor signs with, and the words that name it. */
export interface DoctorSetup {
  clock: Clock
  clockOffsetMs: number
  signing: AwsMskIamOptions
  credentialSource: string
  /** Region to fall back on for STS when neither --region nor a broker name gives one. */
  environmentRegion: string | undefined
  stsEndpoint: string | undefined
}

/** The system clock moved by `offsetMs` (timers untouched). */
export function offsetClock(offsetMs: number): Clock {
  if (offsetMs === 0) return systemClock
  return { ...systemClock, now: () => Date.now() + offsetMs }
}

/**
 * Reads the test hooks and the credential environment. Credentials from AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY are used as the AWS default chain would (first, unless AWS_PROFILE or --profile
 * is set), but read from `env` so that an in-process run can be given its own.
 */
export function doctorSetup(options: DoctorOptions, env: NodeJS.ProcessEnv): DoctorSetup {
  const offsetText = env[CLOCK_OFFSET_ENV]
  const clockOffsetMs = offsetText === undefined || offsetText === '' ? 0 : Number(offsetText)
  if (!Number.isInteger(clockOffsetMs))
    throw new UsageError(`${CLOCK_OFFSET_ENV} must be an integer number of ms, got "${offsetText}"`)
  const fromEnv = options.profile === undefined && !env['AWS_PROFILE'] ? environmentCredentials(env) : undefined
  const signing: AwsMskIamOptions = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(fromEnv === undefined ? {} : { credentials: fromEnv }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.roleArn === undefined ? {} : { roleArn: options.roleArn }),
    ...(options.roleSessionName === undefined ? {} : { roleSessionName: options.roleSessionName }),
    clock: offsetClock(clockOffsetMs),
    // One attempt per credential fetch: a diagnosis should report a failure, not hide it behind retries.
    maxRetries: 0,
    credentialsTimeoutMs: Math.max(options.timeoutMs, 1000),
  }
  const base = fromEnv
    ? 'environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY'
    : options.profile !== undefined
      ? `profile "${options.profile}"`
      : 'the AWS default credential chain'
  return {
    clock: signing.clock ?? systemClock,
    clockOffsetMs,
    signing,
    credentialSource: options.roleArn === undefined ? base : `role ${options.roleArn} assumed with ${base}`,
    environmentRegion: env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined,
    stsEndpoint: env[STS_ENDPOINT_ENV] || undefined,
  }
}

function environmentCredentials(env: NodeJS.ProcessEnv): AwsCredentialIdentity | undefined {
  const accessKeyId = env['AWS_ACCESS_KEY_ID']
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY']
  if (!accessKeyId || !secretAccessKey) return undefined
  const sessionToken = env['AWS_SESSION_TOKEN']
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
}
