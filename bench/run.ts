// npm run bench [-- --quick] [-- --only=1,3]
// Benchmarks kafkajs-msk-iam side by side with its peers and writes docs/benchmarks.md. Starts one Kafka
// broker for the run (or uses KAFKA_BOOTSTRAP) and the MSK IAM emulator in a child process; stops both
// at the end, whatever fails. See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BenchContext, SectionResult } from './lib/context.js'
import { EmulatorProcess } from './lib/emulatorProcess.js'
import { kafkaForRun, type Upstream } from './lib/kafka.js'
import { describeMachine } from './lib/machine.js'
import { renderReport } from './lib/report.js'
import { coldStartSection } from './sections/coldStart.js'
import { coldStartStormSection } from './sections/coldStartStorm.js'
import { connectionCostSection } from './sections/connectionCost.js'
import { credentialCallsSection } from './sections/credentialCalls.js'
import { memorySection } from './sections/memory.js'
import { authorizationSection } from './sections/authorization.js'
import { policyEvaluationSection } from './sections/policyEvaluation.js'
import { reauthenticationSection } from './sections/reauthentication.js'
import { signingSection } from './sections/signing.js'
import { stormSection } from './sections/storm.js'

const SECTIONS: Array<{ n: number; run: (ctx: BenchContext) => Promise<SectionResult> }> = [
  { n: 1, run: signingSection },
  { n: 2, run: credentialCallsSection },
  { n: 3, run: connectionCostSection },
  { n: 4, run: stormSection },
  { n: 5, run: memorySection },
  { n: 6, run: reauthenticationSection },
  { n: 7, run: policyEvaluationSection },
  { n: 8, run: coldStartSection },
  { n: 9, run: coldStartStormSection },
  { n: 10, run: authorizationSection },
]

interface Args {
  quick: boolean
  only: Set<number> | undefined
  out: string | undefined
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: undefined, out: undefined }
  for (const arg of argv) {
    if (arg === '--quick') args.quick = true
    else if (arg.startsWith('--only=')) args.only = new Set(arg.slice(7).split(',').map(Number))
    else if (arg.startsWith('--out=')) args.out = arg.slice(6)
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run bench [-- --quick] [-- --only=1,2,...] [-- --out=file.md]')
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  return args
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`)
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  // Ctrl-C: exit through process.exit so that the launcher's exit hook kills the broker it started (by PID).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
  if (typeof global.gc !== 'function')
    log('warning: run with node --expose-gc (npm run bench does) for the memory figures')
  const machine = describeMachine()
  const runStarted = Date.now()
  log(
    `bench ${args.quick ? '(quick) ' : ''}on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAtStart}`,
  )

  let upstream: Promise<Upstream> | undefined
  let emulators: Promise<EmulatorProcess> | undefined
  const ctx: BenchContext = {
    quick: args.quick,
    machine,
    log,
    upstream: () => (upstream ??= kafkaForRun(log)),
    emulators: () => (emulators ??= EmulatorProcess.start()),
    shared: new Map(),
  }
  const results: SectionResult[] = []
  const failures: string[] = []
  try {
    for (const section of SECTIONS) {
      if (args.only && !args.only.has(section.n)) continue
      log(`section ${section.n}…`)
      const started = Date.now()
      try {
        const result = await section.run(ctx)
        result.seconds = (Date.now() - started) / 1000
        results.push(result)
        log(`section ${section.n} done in ${result.seconds.toFixed(1)} s`)
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
        failures.push(`section ${section.n}: ${message}`)
        log(`section ${section.n} FAILED: ${message}`)
      }
    }
  } finally {
    if (emulators) await (await emulators.catch(() => undefined))?.stop()
    if (upstream) {
      const broker = await upstream.catch(() => undefined)
      if (broker) {
        log('stopping Kafka…')
        await broker.stop()
      }
    }
  }
  const kafkaDescription = upstream ? (await upstream.catch(() => undefined))?.description : undefined
  const markdown = renderReport({
    machine,
    quick: args.quick,
    results,
    failures,
    kafka: kafkaDescription,
    totalSeconds: (Date.now() - runStarted) / 1000,
    loadAtEnd: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
    command: `npm run bench${args.quick || args.only ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  })
  const complete = !args.only
  const out = args.out ?? (complete ? 'docs/benchmarks.md' : '.cache/bench-partial.md')
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
  writeFileSync(out, markdown)
  log(`wrote ${out} (${((Date.now() - runStarted) / 1000).toFixed(0)} s in all)`)
  if (failures.length > 0) process.exitCode = 1
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
