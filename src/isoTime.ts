/**
 * A clock reading for a message or a log line. `toISOString` throws outside ±8.64e15 ms, and an injected
 * clock or a credential store may hold any number: such a reading is shown as milliseconds since the epoch.
 */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms since epoch`
}
