import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { BACKGROUND_REFRESH_LEAD_MS, MIN_REFRESH_INTERVAL_MS, MIN_SIGNATURE_SECONDS } from '../constants.js'
import type { Clock, TimerHandle } from '../clock.js'
import { describeCause, redactError } from '../redact.js'
import { MskIamError } from '../errors.js'
import { callWithRetries, isTransientCredentialError, type RetryPolicy } from './withRetries.js'

/** Where the cache reports notable events; never given a secret. */
export type CredentialEventSink = (
  level: 'debug' | 'info' | 'warn',
  message: string,
  extra: Record<string, unknown>,
) => void

export interface CredentialCacheOptions extends RetryPolicy {
  /** Credentials with less than this left are refreshed before use (capped at half their lifetime). */
  refreshBeforeExpiryMs: number
  /** Names the source in error messages, e.g. "the AWS default credential chain". */
  sourceDescription: string
  clock: Clock
  onEvent?: CredentialEventSink
  random?: () => number
}

interface Entry {
  identity: AwsCredentialIdentity
  /** Refresh once fewer than this many ms are left: min(refreshBeforeExpiryMs, half the lifetime at fetch). */
  refreshThresholdMs: number
  usedSinceFetch: boolean
}

/**
 * One credential cache per mechanism instance: concurrent callers share one in-flight fetch, credentials
 * are refreshed in the background before they come near expiry, and a failed refresh falls back to the
 * still-valid credentials it already has. `get()` does no I/O while the cached credentials are fresh.
 */
export class CredentialCache {
  private entry: Entry | undefined
  private inflight: Promise<AwsCredentialIdentity> | undefined
  private lastAttemptAt = Number.NEGATIVE_INFINITY
  private timer: TimerHandle | undefined

  constructor(
    private readonly provider: AwsCredentialIdentityProvider,
    private readonly options: CredentialCacheOptions,
  ) {}

  /** Fresh credentials: cached if they have enough life left, fetched (once, shared) otherwise. */
  async get(): Promise<AwsCredentialIdentity> {
    const entry = this.entry
    if (entry && this.isFresh(entry)) {
      entry.usedSinceFetch = true
      return entry.identity
    }
    const recentlyTried = this.options.clock.now() - this.lastAttemptAt < MIN_REFRESH_INTERVAL_MS
    if (entry && this.isUsable(entry) && recentlyTried && !this.inflight) return entry.identity
    try {
      const identity = await this.refresh()
      if (this.entry) this.entry.usedSinceFetch = true
      return identity
    } catch (error) {
      if (entry && this.isUsable(entry)) {
        this.emit('warn', 'Credential refresh failed; using the cached credentials until they expire', {
          accessKeyId: entry.identity.accessKeyId,
          expiration: entry.identity.expiration?.toISOString(),
          error: describeCause(error),
        })
        return entry.identity
      }
      throw error
    }
  }

  /** Forgets the cached credentials (e.g. after the broker said "Session too short"). */
  invalidate(): void {
    this.entry = undefined
    this.lastAttemptAt = Number.NEGATIVE_INFINITY
    this.cancelTimer()
  }

  /** Stops background refresh. The cache still works afterwards, lazily. */
  close(): void {
    this.cancelTimer()
  }

  private refresh(): Promise<AwsCredentialIdentity> {
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined
    })
    return this.inflight
  }

  private async fetch(): Promise<AwsCredentialIdentity> {
    const { clock } = this.options
    this.lastAttemptAt = clock.now()
    let identity: AwsCredentialIdentity
    try {
      identity = validateIdentity(await callWithRetries(this.provider, this.options, clock, this.options.random))
    } catch (error) {
      throw this.unavailable(error)
    }
    const now = clock.now()
    const expiration = identity.expiration?.getTime()
    const lifetime = expiration === undefined ? Number.POSITIVE_INFINITY : expiration - now
    const previous = this.entry?.identity.accessKeyId
    this.entry = {
      identity,
      refreshThresholdMs: Math.min(this.options.refreshBeforeExpiryMs, lifetime / 2),
      usedSinceFetch: false,
    }
    this.emit('debug', 'Loaded AWS credentials', {
      accessKeyId: identity.accessKeyId,
      expiration: identity.expiration?.toISOString(),
      ...(previous && previous !== identity.accessKeyId ? { previousAccessKeyId: previous } : {}),
    })
    this.scheduleBackground()
    return identity
  }

  private scheduleBackground(): void {
    this.cancelTimer()
    const entry = this.entry
    const expiration = entry?.identity.expiration?.getTime()
    if (!entry || expiration === undefined) return
    const { clock } = this.options
    const lead = Math.min(BACKGROUND_REFRESH_LEAD_MS, entry.refreshThresholdMs / 4)
    const delay = Math.max(MIN_REFRESH_INTERVAL_MS, expiration - entry.refreshThresholdMs - lead - clock.now())
    this.timer = clock.setTimeout(() => this.backgroundRefresh(), delay)
  }

  // Refreshes only credentials that were used since they were fetched: an instance whose Kafka client is
  // gone stops refreshing by itself, and its next use fetches lazily.
  private backgroundRefresh(): void {
    this.timer = undefined
    const entry = this.entry
    if (!entry || !entry.usedSinceFetch) return
    this.refresh().catch((error: unknown) => {
      if (!this.isUsable(entry)) return
      this.emit('warn', 'Background credential refresh failed; will retry', {
        accessKeyId: entry.identity.accessKeyId,
        error: describeCause(error),
      })
      this.timer = this.options.clock.setTimeout(() => this.backgroundRefresh(), MIN_REFRESH_INTERVAL_MS)
    })
  }

  private isFresh(entry: Entry): boolean {
    const expiration = entry.identity.expiration?.getTime()
    return expiration === undefined || expiration - this.options.clock.now() > entry.refreshThresholdMs
  }

  private isUsable(entry: Entry): boolean {
    const expiration = entry.identity.expiration?.getTime()
    return expiration === undefined || expiration - this.options.clock.now() >= MIN_SIGNATURE_SECONDS * 1000
  }

  private cancelTimer(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  private unavailable(error: unknown): MskIamError {
    if (error instanceof MskIamError) return error
    const transient = isTransientCredentialError(error)
    return new MskIamError(
      'CREDENTIALS_UNAVAILABLE',
      `Could not load AWS credentials from ${this.options.sourceDescription}: ${describeCause(error)}. ` +
        (transient
          ? 'This looks transient (network, throttling or a slow source); the client will retry.'
          : 'Check that the source is configured (environment, profile, role, instance or container role) and that it may call STS if a role is assumed.'),
      { cause: redactError(error), retriable: transient },
    )
  }

  private emit(level: 'debug' | 'info' | 'warn', message: string, extra: Record<string, unknown>): void {
    this.options.onEvent?.(level, message, extra)
  }
}

/** Rejects what a credential source may return that cannot sign anything, without echoing any secret. */
function validateIdentity(value: unknown): AwsCredentialIdentity {
  const identity = value as Partial<AwsCredentialIdentity> | null
  const problem =
    typeof identity !== 'object' || identity === null
      ? `returned ${identity === null ? 'null' : typeof identity} instead of credentials`
      : typeof identity.accessKeyId !== 'string' || identity.accessKeyId.length === 0
        ? 'returned credentials without an accessKeyId'
        : typeof identity.secretAccessKey !== 'string' || identity.secretAccessKey.length === 0
          ? 'returned credentials without a secretAccessKey'
          : identity.sessionToken !== undefined && typeof identity.sessionToken !== 'string'
            ? 'returned a sessionToken that is not a string'
            : identity.expiration !== undefined &&
                !(identity.expiration instanceof Date && !Number.isNaN(identity.expiration.getTime()))
              ? 'returned an expiration that is not a valid Date'
              : undefined
  if (problem) {
    throw new MskIamError('CREDENTIALS_UNAVAILABLE', `The credential source ${problem}.`, { retriable: false })
  }
  return identity as AwsCredentialIdentity
}
