import type { Verdict } from './types.js'

/** A refusal for a payload that parsed but does not grant access (MSK answers `Access denied`). */
export function deny(detail: string): Verdict {
  return { ok: false, reason: 'Access denied', detail }
}

/** A refusal for a payload that is not a well-formed signed request (`Invalid authentication payload`). */
export function invalid(detail: string): Verdict {
  return { ok: false, reason: 'Invalid authentication payload', detail }
}

const MAX_QUOTED = 80

/**
 * Quotes a client-supplied value for a log line. JSON quoting keeps control characters from forging log
 * lines, and the cut keeps a hostile megabyte from landing in the log. Never pass secrets, tokens or
 * signatures here: callers name those fields instead of echoing them.
 */
export function quote(value: string): string {
  return value.length > MAX_QUOTED ? `${JSON.stringify(value.slice(0, MAX_QUOTED))}…` : JSON.stringify(value)
}
