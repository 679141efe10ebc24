// What a fault test observed, for the "observed" column of docs/reliability.md.
import { appendFileSync } from 'node:fs'
import type { EmulatorStats } from '../../src/testing/types.js'
import type { ClientCounters } from './createClient.js'
import type { WorkloadResult } from './Workload.js'

/**
 * Appends one line of JSON (a test's name and what it observed) to the file named by FAULTS_OBSERVED_FILE,
 * if set: the material of the "observed" column in docs/reliability.md. Does nothing otherwise.
 */
export function recordObserved(name: string, observed: unknown): void {
  const file = process.env.FAULTS_OBSERVED_FILE
  if (!file) return
  const summary = summarize(observed)
  appendFileSync(file, `${JSON.stringify({ name, ...summary })}\n`)
}

function summarize(observed: unknown): Record<string, unknown> {
  const o = observed as { result?: WorkloadResult; stats?: EmulatorStats; counters?: ClientCounters }
  if (!o.result) return { observed }
  const r = o.result
  return {
    acked: r.acked,
    unique: r.unique,
    lost: r.lost.length,
    redelivered: r.redelivered,
    logDuplicates: r.logDuplicates,
    sendFailures: r.sendFailures,
    crashes: r.consumerCrashes,
    surfaced: r.surfacedErrors,
    closes: o.stats?.closesByReason,
    denied: o.stats?.authenticationsDenied,
    reauthentications: o.stats?.reauthentications,
    schedulerFailures: o.counters?.reauthenticationFailures.map((f) => `${f.action} ${f.error.code}`),
  }
}
