// The Kafka broker behind the emulator restarts while an idempotent producer and a consumer run through
// it, once with kafkajs's lazy re-authentication and once with proactiveReauthentication (both at the same
// time, on their own topics). "Restart" is what a broker of an MSK cluster goes through during patching:
// the process stops (controlled shutdown) and comes back on the same address with its data. The shared
// broker of the test run cannot be restarted (other files use it), so this file starts its own.
import { recordObserved } from '../harness/recordObserved.js'
import { restartable, type RestartableBroker } from '../harness/restartable.js'
import { runFaultScenario, startFaultRun, type FaultRun } from '../harness/startFaultRun.js'
import { captureForScan } from '../helpers/secretScan.js'
import { startKafkaCluster } from '../../src/testing/kafka/startKafkaCluster.js'
import { expectRecovered } from '../harness/expectRecovered.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

let broker: RestartableBroker | undefined
const runs: FaultRun[] = []

beforeAll(async () => {
  broker = restartable(await startKafkaCluster({ brokers: 1 }))
})

afterAll(async () => {
  for (const run of runs.splice(0)) await run.stop()
  await broker?.stop()
})

function sink(value: unknown): void {
  captureForScan(value)
  if (process.env.FAULTS_DEBUG) process.stderr.write(`${JSON.stringify(value)}\n`)
}

describe('upstream Kafka broker restart (same port, same data)', () => {
  it('lazy and proactive: recovered, no error, nothing lost, no duplicate in the log; the consumer may see messages again (at-least-once)', async () => {
    const upstream = { host: broker!.host, port: broker!.port }
    const lazy = await startFaultRun({ upstream, proactive: false, sink })
    runs.push(lazy)
    const proactive = await startFaultRun({ upstream, proactive: true, sink })
    runs.push(proactive)
    const pid = broker!.pid
    let restarted: Promise<void> | undefined
    // Both scenarios arm their "fault" at the same moment: the restart runs while both keep producing.
    let armed = 0
    const arm = async (): Promise<void> => {
      if (++armed === 2) restarted = broker!.restart()
      while (restarted === undefined) await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const shape = { before: 5, after: 40, gapMs: 250 }
    const [lazyOutcome, proactiveOutcome] = await Promise.all([
      runFaultScenario(lazy, arm, shape),
      runFaultScenario(proactive, arm, shape),
    ])
    await restarted
    expect(broker!.restarts).toBe(1)
    expect(broker!.pid).not.toBe(pid)
    for (const [mode, outcome] of [
      ['lazy', lazyOutcome],
      ['proactive', proactiveOutcome],
    ] as const) {
      recordObserved(`upstream restart, ${mode}`, outcome)
      expectRecovered(outcome)
      // The connections to the old process were cut and re-established through the emulator.
      const upstreamCloses =
        (outcome.stats.closesByReason['upstream-closed'] ?? 0) + (outcome.stats.closesByReason['upstream-error'] ?? 0)
      expect(upstreamCloses).toBeGreaterThanOrEqual(1)
    }
  })
})
