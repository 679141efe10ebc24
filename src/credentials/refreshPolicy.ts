import type { AwsCredentialIdentity } from '@smithy/types'
import {
  BACKGROUND_REFRESH_LEAD_MS,
  MIN_LIFE_TO_SERVE_WHILE_REFRESHING_MS,
  MIN_REFRESH_INTERVAL_MS,
  MIN_SIGNATURE_SECONDS,
} from '../constants.js'

/** Cached credentials and when to refresh them. */
export interface CachedCredentials {
  identity: AwsCredentialIdentity
  /** Refresh once fewer than this many ms are left: min(refreshBeforeExpiryMs, half the lifetime at fetch). */
  refreshThresholdMs: number
  usedSinceFetch: boolean
}

/**
 * What cached credentials are good for now:
 * - `fresh`: hand them out;
 * - `stale`: within the refresh window; hand them out and refresh in the background;
 * - `expiring`: signable, but with too little left to hand out while a refresh runs: wait for it;
 * - `unusable`: a signature made with them could expire in flight.
 */
export type Freshness = 'fresh' | 'stale' | 'expiring' | 'unusable'

export function cacheEntry(
  identity: AwsCredentialIdentity,
  now: number,
  refreshBeforeExpiryMs: number,
): CachedCredentials {
  const expiration = identity.expiration?.getTime()
  const lifetime = expiration === undefined ? Number.POSITIVE_INFINITY : expiration - now
  return { identity, refreshThresholdMs: Math.min(refreshBeforeExpiryMs, lifetime / 2), usedSinceFetch: false }
}

export function freshness(entry: CachedCredentials, now: number): Freshness {
  const expiration = entry.identity.expiration?.getTime()
  if (expiration === undefined) return 'fresh'
  const left = expiration - now
  if (left > entry.refreshThresholdMs) return 'fresh'
  if (left >= MIN_LIFE_TO_SERVE_WHILE_REFRESHING_MS) return 'stale'
  return left >= MIN_SIGNATURE_SECONDS * 1000 ? 'expiring' : 'unusable'
}

/**
 * When to refresh in the background: ahead of the refresh window by a lead that leaves room for retries
 * (at most a quarter of the window), never sooner than MIN_REFRESH_INTERVAL_MS. Undefined for credentials
 * that never expire.
 */
export function backgroundRefreshDelay(entry: CachedCredentials, now: number): number | undefined {
  const expiration = entry.identity.expiration?.getTime()
  if (expiration === undefined) return undefined
  const lead = Math.min(BACKGROUND_REFRESH_LEAD_MS, entry.refreshThresholdMs / 4)
  return Math.max(MIN_REFRESH_INTERVAL_MS, expiration - entry.refreshThresholdMs - lead - now)
}
