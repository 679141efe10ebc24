// What every section gets, and what it gives back.
import type { EmulatorProcess } from './emulatorProcess.js'
import type { Upstream } from './kafka.js'
import type { Machine } from './machine.js'

export interface BenchContext {
  quick: boolean
  machine: Machine
  log(line: string): void
  /** Kafka, for the sections that need a broker (3, 4, 6). */
  upstream(): Promise<Upstream>
  /** The emulator worker process, started on first use. */
  emulators(): Promise<EmulatorProcess>
  /** Values one section measured that a later one compares with (e.g. signing time for section 3). */
  shared: Map<string, number>
}

export interface SectionResult {
  title: string
  /** Markdown body (tables and notes). */
  body: string
  /** Rows for the summary table at the top: [what, ours, jm18457, signer, note]. */
  headline: string[][]
  seconds?: number
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const esc = (cell: string | number): string => String(cell).replace(/\|/g, '\\|').replace(/\n/g, ' ')
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(esc).join(' | ')} |`),
  ].join('\n')
}
