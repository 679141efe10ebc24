import { LONG_TERM_KEY_SESSION_MS } from './constants.js'

/**
 * How the emulator sets `session_lifetime_ms`:
 * - `'credential-expiry'` (default): until the credentials expire, as production reports show MSK doing
 *   (about 1 h with 900 s tokens signed by hourly role credentials; about 898 s with 15-minute role
 *   sessions); long-term keys, which never expire, get {@link LONG_TERM_KEY_SESSION_MS}.
 * - `'presign-window'`: until the signature's `x-amz-date + x-amz-expires` (900 s from the reference
 *   signers), or credential expiry if that is sooner: the older reading of MSK's behaviour.
 * - a number: that many milliseconds, or credential expiry if that is sooner (tests use seconds).
 */
export type SessionLifetime = 'credential-expiry' | 'presign-window' | number

export interface SessionLimits {
  nowMs: number
  /** x-amz-date + x-amz-expires of the accepted signature or token. */
  signatureExpiresAt: number
  /** The identity's expiry; undefined for long-term keys. */
  credentialExpiresAt: number | undefined
  rule: SessionLifetime
  /** A cap on top of the rule (the emulator's `maxSessionMs`); Infinity for none. */
  maxSessionMs: number
}

/** The epoch ms at which a session authenticated now ends. Pure. */
export function sessionEndsAt(limits: SessionLimits): number {
  const { nowMs, signatureExpiresAt, credentialExpiresAt, rule, maxSessionMs } = limits
  const credentialEnd = credentialExpiresAt ?? Number.POSITIVE_INFINITY
  let end: number
  if (rule === 'presign-window') end = Math.min(signatureExpiresAt, credentialEnd)
  else if (rule === 'credential-expiry') end = credentialExpiresAt ?? nowMs + LONG_TERM_KEY_SESSION_MS
  else end = Math.min(nowMs + rule, credentialEnd)
  return Math.min(end, nowMs + maxSessionMs)
}

/** Throws a TypeError unless `value` is a SessionLifetime. */
export function checkSessionLifetime(value: unknown, name = 'sessionLifetime'): asserts value is SessionLifetime {
  if (value === 'credential-expiry' || value === 'presign-window') return
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return
  throw new TypeError(
    `${name} must be 'credential-expiry', 'presign-window' or a non-negative number of milliseconds, got ${String(value)}`,
  )
}
