import { DEFAULT_MAX_SKEW_MS, DEFAULT_MECHANISMS, DEFAULT_MIN_SESSION_MS } from './constants.js'
import { checkSessionLifetime, type SessionLifetime } from './sessionLifetime.js'
import type { ConnectionLimits, EmulatorLogEntry, MskIamEmulatorSettings } from './types.js'

/**
 * The options that setOptions() may change while connections are open. Connections read them on every
 * decision, so a change applies to the next handshake or authentication, never retroactively.
 */
export class EmulatorSettings {
  mechanisms: readonly string[] = DEFAULT_MECHANISMS
  sessionLifetime: SessionLifetime = 'credential-expiry'
  maxSessionMs = Number.POSITIVE_INFINITY
  minSessionMs = DEFAULT_MIN_SESSION_MS
  maxSkewMs = DEFAULT_MAX_SKEW_MS
  connectionLimits: ConnectionLimits | undefined
  log: ((entry: EmulatorLogEntry) => void) | undefined

  constructor(initial: MskIamEmulatorSettings) {
    this.update(initial)
  }

  /** Validates everything first, then applies: a bad value changes nothing. */
  update(partial: MskIamEmulatorSettings): void {
    const { mechanisms, sessionLifetime, maxSessionMs, minSessionMs, maxSkewMs, connectionLimits } = partial
    if (
      mechanisms !== undefined &&
      (!Array.isArray(mechanisms) || !mechanisms.every((m) => typeof m === 'string' && m.length > 0))
    ) {
      throw new TypeError('mechanisms must be an array of mechanism names')
    }
    if (sessionLifetime !== undefined) checkSessionLifetime(sessionLifetime)
    for (const [name, value] of Object.entries({ minSessionMs, maxSkewMs })) {
      if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
        throw new TypeError(`${name} must be a non-negative number of milliseconds`)
      }
    }
    // Infinity is allowed here: "no cap", to lift one set earlier.
    if (maxSessionMs !== undefined && !(typeof maxSessionMs === 'number' && maxSessionMs >= 0)) {
      throw new TypeError('maxSessionMs must be a non-negative number of milliseconds (Infinity: no cap)')
    }
    if (connectionLimits !== undefined) checkConnectionLimits(connectionLimits)
    if (partial.log !== undefined && typeof partial.log !== 'function') throw new TypeError('log must be a function')
    if (mechanisms !== undefined) this.mechanisms = [...mechanisms]
    if (sessionLifetime !== undefined) this.sessionLifetime = sessionLifetime
    if (maxSessionMs !== undefined) this.maxSessionMs = maxSessionMs
    if (minSessionMs !== undefined) this.minSessionMs = minSessionMs
    if (maxSkewMs !== undefined) this.maxSkewMs = maxSkewMs
    if ('connectionLimits' in partial) this.connectionLimits = connectionLimits && { ...connectionLimits }
    if ('log' in partial) this.log = partial.log
  }

  sessionPolicy(): {
    sessionLifetime: SessionLifetime
    maxSessionMs: number
    minSessionMs: number
    maxSkewMs: number
  } {
    const { sessionLifetime, maxSessionMs, minSessionMs, maxSkewMs } = this
    return { sessionLifetime, maxSessionMs, minSessionMs, maxSkewMs }
  }
}

function checkConnectionLimits(limits: ConnectionLimits): void {
  if (typeof limits !== 'object' || limits === null) throw new TypeError('connectionLimits must be an object')
  for (const name of ['perSecond', 'maxConnections'] as const) {
    const value = limits[name]
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      throw new TypeError(`connectionLimits.${name} must be a non-negative integer`)
  }
  if (limits.scope !== undefined && limits.scope !== 'broker' && limits.scope !== 'cluster')
    throw new TypeError("connectionLimits.scope must be 'broker' or 'cluster'")
}
