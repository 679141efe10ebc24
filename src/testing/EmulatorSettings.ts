import { DEFAULT_MAX_SESSION_MS, DEFAULT_MAX_SKEW_MS, DEFAULT_MECHANISMS, DEFAULT_MIN_SESSION_MS } from './constants.js'
import type { MskIamEmulatorSettings } from './types.js'

/**
 * The options that setOptions() may change while connections are open. Connections read them on every
 * decision, so a change applies to the next handshake or authentication, never retroactively.
 */
export class EmulatorSettings {
  mechanisms: readonly string[] = DEFAULT_MECHANISMS
  maxSessionMs = DEFAULT_MAX_SESSION_MS
  minSessionMs = DEFAULT_MIN_SESSION_MS
  maxSkewMs = DEFAULT_MAX_SKEW_MS
  connectionRateLimit: { perSecond: number } | undefined

  constructor(initial: MskIamEmulatorSettings) {
    this.update(initial)
  }

  /** Validates everything first, then applies: a bad value changes nothing. */
  update(partial: MskIamEmulatorSettings): void {
    const { mechanisms, maxSessionMs, minSessionMs, maxSkewMs, connectionRateLimit } = partial
    if (
      mechanisms !== undefined &&
      (!Array.isArray(mechanisms) || !mechanisms.every((m) => typeof m === 'string' && m.length > 0))
    ) {
      throw new TypeError('mechanisms must be an array of mechanism names')
    }
    for (const [name, value] of Object.entries({ maxSessionMs, minSessionMs, maxSkewMs })) {
      if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
        throw new TypeError(`${name} must be a non-negative number of milliseconds`)
      }
    }
    if (connectionRateLimit !== undefined) {
      const { perSecond } = connectionRateLimit
      if (!(Number.isInteger(perSecond) && perSecond >= 0))
        throw new TypeError('connectionRateLimit.perSecond must be a non-negative integer')
    }
    if (mechanisms !== undefined) this.mechanisms = [...mechanisms]
    if (maxSessionMs !== undefined) this.maxSessionMs = maxSessionMs
    if (minSessionMs !== undefined) this.minSessionMs = minSessionMs
    if (maxSkewMs !== undefined) this.maxSkewMs = maxSkewMs
    if ('connectionRateLimit' in partial) this.connectionRateLimit = connectionRateLimit && { ...connectionRateLimit }
  }

  sessionPolicy(): { maxSessionMs: number; minSessionMs: number; maxSkewMs: number } {
    return { maxSessionMs: this.maxSessionMs, minSessionMs: this.minSessionMs, maxSkewMs: this.maxSkewMs }
  }
}
