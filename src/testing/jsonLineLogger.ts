import type { EmulatorLogEntry } from './types.js'

/**
 * A `log` option that writes each entry as one line of JSON to `stream` (stdout for the CLI). Entries
 * never contain secrets, so the lines can go to CI logs as they are.
 */
export function jsonLineLogger(stream: NodeJS.WritableStream): (entry: EmulatorLogEntry) => void {
  return (entry) => {
    stream.write(`${JSON.stringify(entry)}\n`)
  }
}
