import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { MIN_REFRESH_INTERVAL_MS } from '../constants.js'
import type { Clock, TimerHandle } from '../clock.js'
import type { CredentialsFunction } from '../options.js'
import { describeCause } from '../redact.js'
import { credentialsUnavailable } from './credentialsUnavailable.js'
import { backgroundRefreshDelay, cacheEntry, freshness, type CachedCredentials } from './refreshPolicy.js'
import { SingleFlight } from './SingleFlight.js'
import { validated } from './validateIdentity.js'
import { withAttemptTimeout, withRetries, type RetryPolicy } from './withRetries.js'

/** Where the cache reports notable events; never given a secret. */
export type CredentialEventSink = (
  level: 'debug' | 'info' | 'warn',
  message: string,
  extra: Record<string, unknown>,
) => void

export interface CredentialCacheOptions extends RetryPolicy {
  /** Credentials with less than this left are refreshed (capped at half their lifetime). */
  refreshBeforeExpiryMs: number
  /** Names the source in error messages, e.g. "the AWS default credential chain". */
  sourceDescription: string
  /** False when asking the source again cannot give other credentials (fixed in the options); default true. */
  refreshable?: boolean
  clock: Clock
  /** Fixed for the cache's life. */
  onEvent?: CredentialEventSink
  random?: () => number
}

/**
 * One credential cache per mechanism instance, composed of small parts: each attempt at the source is
 * abandoned after `timeoutMs`, transient failures are retried with full-jitter back-off, the answer is
 * validated (well formed, enough life left to sign), one refresh runs at a time for all callers, and the refresh policy (refreshPolicy.ts) decides from the
 * time left whether `get()` hands out the cached credentials, hands them out and refreshes behind them
 * (stale-while-revalidate), or waits for the refresh. A background timer refreshes used credentials
 * before they reach the refresh window, so `get()` normally does no I/O at all.
 */
export class CredentialCache {
  private entry: CachedCredentials | undefined
  private readonly load: AwsCredentialIdentityProvider
  private readonly refresh = new SingleFlight(() => this.fetch())
  private lastAttemptAt = Number.NEGATIVE_INFINITY
  private timer: TimerHandle | undefined

  constructor(
    provider: CredentialsFunction,
    private readonly options: CredentialCacheOptions,
  ) {
    const { clock, sourceDescription } = options
    // Retries cover the source's own failures; what it finally answers is judged once, after them.
    const attempt = withAttemptTimeout(provider, options.timeoutMs, clock)
    const retried = withRetries(attempt, options, clock, options.random)
    this.load = validated(retried, { clock, sourceDescription, refreshable: options.refreshable ?? true })
  }

  /** Credentials that can sign: cached while they have enough life left, else fetched (once, shared). */
  async get(): Promise<AwsCredentialIdentity> {
    const entry = this.entry
    const state = entry ? freshness(entry, this.options.clock.now()) : 'unusable'
    if (entry && (state === 'fresh' || state === 'stale')) {
      entry.usedSinceFetch = true
      if (state === 'stale') this.revalidate(entry)
      return entry.identity
    }
    // Expiring credentials are still served when the source just failed, rather than asking it again at once.
    if (entry && state === 'expiring' && !this.refresh.running && this.recentlyTried()) return entry.identity
    try {
      const identity = await this.refresh.run()
      if (this.entry) this.entry.usedSinceFetch = true
      return identity
    } catch (error) {
      if (!entry || freshness(entry, this.options.clock.now()) === 'unusable') throw error
      this.refreshFailed('Credential refresh failed; using the cached credentials until they expire', entry, error)
      return entry.identity
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

  // Stale-while-revalidate: the caller already has its credentials; the refresh's outcome only matters later.
  private revalidate(entry: CachedCredentials): void {
    if (this.refresh.running || this.recentlyTried()) return
    this.refresh.run().catch((error: unknown) => {
      this.refreshFailed('Credential refresh failed; using the cached credentials until they expire', entry, error)
    })
  }

  private recentlyTried(): boolean {
    return this.options.clock.now() - this.lastAttemptAt < MIN_REFRESH_INTERVAL_MS
  }

  private async fetch(): Promise<AwsCredentialIdentity> {
    const { clock } = this.options
    this.lastAttemptAt = clock.now()
    let identity: AwsCredentialIdentity
    try {
      identity = await this.load({ forceRefresh: true })
    } catch (error) {
      throw credentialsUnavailable(error, this.options.sourceDescription)
    }
    const previous = this.entry?.identity.accessKeyId
    this.entry = cacheEntry(identity, clock.now(), this.options.refreshBeforeExpiryMs)
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
    const delay = this.entry && backgroundRefreshDelay(this.entry, this.options.clock.now())
    if (delay !== undefined) this.timer = this.options.clock.setTimeout(() => this.backgroundRefresh(), delay)
  }

  // Refreshes only credentials that were used since they were fetched: an instance whose Kafka client is
  // gone stops refreshing by itself, and its next use fetches lazily.
  private backgroundRefresh(): void {
    this.timer = undefined
    const entry = this.entry
    if (!entry || !entry.usedSinceFetch) return
    this.refresh.run().catch((error: unknown) => {
      if (freshness(entry, this.options.clock.now()) === 'unusable') return
      this.refreshFailed('Background credential refresh failed; will retry', entry, error)
      this.timer = this.options.clock.setTimeout(() => this.backgroundRefresh(), MIN_REFRESH_INTERVAL_MS)
    })
  }

  private refreshFailed(message: string, entry: CachedCredentials, error: unknown): void {
    this.emit('warn', message, {
      accessKeyId: entry.identity.accessKeyId,
      expiration: entry.identity.expiration?.toISOString(),
      error: describeCause(error),
    })
  }

  private cancelTimer(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  private emit(level: 'debug' | 'info' | 'warn', message: string, extra: Record<string, unknown>): void {
    this.options.onEvent?.(level, message, extra)
  }
}
