// The soak's command line: a kafkajs producer (idempotent) and consumer run through the MSK IAM emulator with
// short sessions while random faults are injected (test/harness/runSoak.ts says which); at the end every
// acknowledged message must have been consumed, and the logs and errors must hold no secret.
//
//   npm run soak -- --minutes 3 [--mode proactive|lazy|mixed] [--seed N] [--session-ms 3000]
//                   [--fault-every-ms 4000] [--faults a,b] [--json]
//
// Without KAFKA_BOOTSTRAP the soak starts its own broker (and may then restart it as a fault); with it,
// the given broker is used and never restarted.
import { parseArgs } from 'node:util'
import { startKafkaCluster } from '../src/testing/kafka/startKafkaCluster.js'
import { restartable, type RestartableBroker } from '../test/harness/restartable.js'
import { formatReport, runSoak, SOAK_FAULTS, type SoakFault, type SoakMode } from '../test/harness/runSoak.js'
import { captureForScan, scanCaptured } from '../test/helpers/secretScan.js'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '3' },
      seed: { type: 'string' },
      'session-ms': { type: 'string', default: '3000' },
      'fault-every-ms': { type: 'string', default: '4000' },
      faults: { type: 'string' },
      mode: { type: 'string', default: 'proactive' },
      json: { type: 'boolean', default: false },
    },
  })
  const faults = values.faults?.split(',').map((f) => f.trim()) as SoakFault[] | undefined
  const mode = values.mode as SoakMode
  if (!['proactive', 'lazy', 'mixed'].includes(mode)) throw new Error('--mode must be proactive, lazy or mixed')
  const unknown = faults?.filter((f) => !(SOAK_FAULTS as readonly string[]).includes(f)) ?? []
  if (unknown.length > 0) throw new Error(`unknown fault(s) ${unknown.join(', ')}; known: ${SOAK_FAULTS.join(', ')}`)
  const minutes = Number(values.minutes)
  if (!(minutes > 0)) throw new Error('--minutes must be a positive number')
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`)
  let broker: RestartableBroker | undefined
  let upstream = process.env.KAFKA_BOOTSTRAP?.split(',')[0]
  try {
    if (!upstream) {
      log('starting Apache Kafka (KRaft, single node)…')
      broker = restartable(await startKafkaCluster({ brokers: 1, fastJit: false }))
      upstream = broker.bootstrap
      log(`kafka ready at ${upstream} (pid ${broker.pid})`)
    }
    const at = upstream.lastIndexOf(':')
    const owned = broker
    const report = await runSoak({
      upstream: { host: upstream.slice(0, at), port: Number(upstream.slice(at + 1)) },
      durationMs: minutes * 60_000,
      seed: values.seed === undefined ? undefined : Number(values.seed),
      sessionMs: Number(values['session-ms']),
      faultEveryMs: Number(values['fault-every-ms']),
      ...(faults ? { faults } : {}),
      mode,
      restartUpstream: owned
        ? async () => {
            log(`restarting kafka (pid ${owned.pid})…`)
            const t = Date.now()
            await owned.restart()
            log(`kafka back (pid ${owned.pid}) after ${Date.now() - t} ms`)
          }
        : undefined,
      sink: captureForScan,
      progress: log,
    })
    const scan = scanCaptured()
    if (values.json) process.stdout.write(`${JSON.stringify({ ...report, secretScan: scan }, null, 2)}\n`)
    else {
      process.stdout.write(`${formatReport(report)}\n`)
      process.stdout.write(
        `secret scan of ${scan.scannedChars} characters of logs and errors: ${scan.leaks.length === 0 ? 'clean' : scan.leaks.join('; ')}\n`,
      )
    }
    const recovered = report.faults.every((f) => f.recoveryMs !== undefined)
    if (report.messages.lost.length > 0 || !report.messages.drained || !recovered || scan.leaks.length > 0)
      process.exitCode = 1
  } finally {
    await broker?.stop()
  }
}

// Only as the entry point (scripts/run-ts.mjs bundles this file and runs the bundle), never when imported.
if (process.argv[1] !== undefined && process.argv[1] === __filename) {
  main().catch((error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  })
}
