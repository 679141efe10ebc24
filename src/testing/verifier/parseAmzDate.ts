// Wire format of x-amz-date / X-Amz-Date: `yyyyMMdd'T'HHmmss'Z'`, UTC, exactly 16 characters, e.g.
// `20210101T000000Z`. No separators, no fraction, no offset other than Z, no leap second.

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/**
 * Parses an x-amz-date into epoch ms, or returns undefined when it is not a real UTC instant in the exact
 * SigV4 basic format (month 13, 30 February, hour 24 and the like are refused rather than rolled over).
 */
export function parseAmzDate(text: string): number | undefined {
  const m = AMZ_DATE.exec(text)
  if (!m) return undefined
  // The regex guarantees six digit groups; the defaults only satisfy noUncheckedIndexedAccess.
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1).map(Number)
  // Date.UTC maps years 0..99 to 19xx, so the year is set separately.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second))
  date.setUTCFullYear(year, month - 1, day)
  // Date rolls invalid fields over (Feb 30 -> Mar 2); a round trip exposes that.
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  return exact ? date.getTime() : undefined
}
