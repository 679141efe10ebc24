// The soak (test/harness/runSoak.ts; `npm run soak -- --minutes N` runs it longer) in its CI size: 60 s of an idempotent producer
// and a consumer through the emulator with 3-second sessions and a random recoverable fault every ~4 s.
// The shared broker of the test run cannot be restarted, so the upstream restart is left to
// faultsRestart.test.ts and the full soak. Every log entry and error goes through the secret scan.
import { formatReport, runSoak, SOAK_FAULTS } from '../harness/runSoak.js'
import { captureForScan } from '../helpers/secretScan.js'
import { kafkaUpstream } from '../helpers/emulatorHelpers.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

it('60 s of random faults: nothing lost, every fault recovered from, no error surfaced', async () => {
  const seed = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31))
  const report = await runSoak({
    upstream: kafkaUpstream(),
    durationMs: 60_000,
    seed,
    faults: SOAK_FAULTS.filter((f) => f !== 'upstreamRestart'),
    sink: captureForScan,
  })
  const text = formatReport(report)
  captureForScan(text)
  if (process.env.FAULTS_DEBUG) process.stderr.write(`${text}\n`)
  const m = report.messages
  // The seed is in the message so that a failure can be replayed with SOAK_SEED.
  expect({ seed, lost: m.lost, drained: m.drained, logDuplicates: m.logDuplicates }).toEqual({
    seed,
    lost: [],
    drained: true,
    logDuplicates: 0,
  })
  expect({
    seed,
    sendFailures: m.sendFailures,
    crashesNotRestarted: m.consumerCrashes.filter((c) => !c.restart),
    surfaced: m.surfacedErrors,
  }).toEqual({
    seed,
    sendFailures: 0,
    crashesNotRestarted: [],
    surfaced: [],
  })
  expect(report.faults.length).toBeGreaterThanOrEqual(8)
  expect(report.faults.filter((f) => f.recoveryMs === undefined)).toEqual([])
  expect(m.acked).toBeGreaterThan(500)
  expect(report.reauthentications.emulator).toBeGreaterThanOrEqual(10)
}, 150_000)
