import { isoTime } from '../isoTime.js'
import type { EmulatorLogEntry } from './types.js'
import { withoutUndefined } from './withoutUndefined.js'

/** Logs one entry; the emulator's time is added here. */
export type EmulatorLog = (entry: Omit<EmulatorLogEntry, 'time'>) => void

/**
 * The emulator's logger around the user's (read from `sink()` on every entry, so it can be replaced while
 * running): stamps each entry with the emulator's clock, drops undefined fields, and swallows the user's
 * exceptions (a failing logger must not break a connection).
 */
export function emulatorLog(
  sink: () => ((entry: EmulatorLogEntry) => void) | undefined,
  now: () => number,
): EmulatorLog {
  return (entry) => {
    const write = sink()
    if (write === undefined) return
    try {
      write({ time: isoTime(now()), ...withoutUndefined(entry) })
    } catch {
      // ignored on purpose
    }
  }
}
