// Credential-source faults with a running idempotent producer and consumer (kafkajs + kafkajs-msk-iam, TLS,
// emulator, real Kafka): a provider that fails transiently, fails permanently, hangs, or hands out
// credentials about to expire, at the first fetch and on a reload in the middle of the run. Expected
// outcomes: docs/reliability.md.
//
// A reload mid-run is what a broker's "Session too short" causes (the plugin then drops its cached
// credentials); the tests make the emulator say it once by raising its minimum session for one decision.
import { explainError } from '../../src/explainError.js'
import { isMskIamError, type MskIamError } from '../../src/errors.js'
import { ControlledCredentials } from '../harness/ControlledCredentials.js'
import { recordObserved } from '../harness/recordObserved.js'
import { SOAK_IDENTITY } from '../harness/soakIdentity.js'
import { runFaultScenario, startFaultRun, type FaultRun, type FaultRunOptions } from '../harness/startFaultRun.js'
import { captureForScan, caught } from '../helpers/secretScan.js'
import { kafkaUpstream } from '../helpers/emulatorHelpers.js'
import { expectRecovered } from '../harness/expectRecovered.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

const runs: FaultRun[] = []
afterEach(async () => {
  for (const run of runs.splice(0)) await run.stop()
})

function sink(value: unknown): void {
  captureForScan(value)
  if (process.env.FAULTS_DEBUG) process.stderr.write(`${JSON.stringify(value)}\n`)
}

const source = (options: { nearExpiryMs?: number } = {}) => new ControlledCredentials(SOAK_IDENTITY, options)

async function start(
  proactive: boolean,
  credentials: ControlledCredentials,
  extra: Partial<FaultRunOptions> = {},
): Promise<FaultRun> {
  const run = await startFaultRun({
    upstream: kafkaUpstream(),
    proactive,
    sink,
    credentials: credentials.provider,
    ...extra,
  })
  runs.push(run)
  return run
}

/**
 * The emulator answers "Session too short" until the plugin has dropped its cached credentials, which it
 * does on the first such refusal: kafkajs's (lazy) re-authentication through the mechanism, or a renewal
 * of proactiveReauthentication (which also closes the connection).
 */
async function sessionTooShortOnce(run: FaultRun): Promise<void> {
  const denials = () => run.decisions.filter((d) => d.outcome === 'denied' && d.reason === 'Session too short')
  const before = denials().length
  run.emulator.setOptions({ minSessionMs: 60 * 60_000 })
  const deadline = Date.now() + 10_000
  while (denials().length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
  run.emulator.setOptions({ minSessionMs: 1_000 })
  expect(denials().length).toBeGreaterThan(before)
}

/** The MskIamError behind whatever kafkajs threw. */
function typed(error: unknown): MskIamError {
  captureForScan(error)
  const explained = explainError(error)
  if (!isMskIamError(explained)) throw new Error(`expected an MskIamError behind ${String(error)}`)
  return explained
}

const modes = [
  ['lazy', false],
  ['proactive', true],
] as const

describe.each(modes)(
  'a credential reload in the middle of the run (after "Session too short"), %s re-authentication',
  (mode, proactive) => {
    it('transient failure ×2: retried by the plugin, recovered, no error', async () => {
      const credentials = source()
      const run = await start(proactive, credentials)
      const outcome = await runFaultScenario(run, async () => {
        credentials.failNext('transient', 2)
        await sessionTooShortOnce(run)
      })
      expect(credentials.served.slice(0, 4)).toEqual(['ok', 'transient', 'transient', 'ok'])
      expectRecovered(outcome)
      recordObserved(`credentials transient ×2 on reload, ${mode}`, { ...outcome, credentialCalls: credentials.served })
    })

    it('hang (credentialsTimeoutMs 1000): abandoned, retried, recovered, no error', async () => {
      const credentials = source()
      const run = await start(proactive, credentials)
      const outcome = await runFaultScenario(run, async () => {
        credentials.failNext('hang')
        await sessionTooShortOnce(run)
      })
      expect(credentials.served.slice(0, 3)).toEqual(['ok', 'hang', 'ok'])
      expectRecovered(outcome)
      recordObserved(`credentials hang on reload, ${mode}`, { ...outcome, credentialCalls: credentials.served })
    })

    const aboutToExpire = proactive
      ? 'credentials about to expire (2.5 s left), once: short sessions, reloaded before they run out, recovered, no error'
      : "credentials about to expire (2.5 s left), once: sessions shorter than kafkajs's threshold + 1 s make it re-authenticate too often; the refusal surfaces as ILLEGAL_SASL_STATE; nothing lost"
    it(aboutToExpire, async () => {
      const credentials = source({ nearExpiryMs: 2_500 })
      const run = await start(proactive, credentials)
      const outcome = await runFaultScenario(run, async () => {
        credentials.failNext('nearExpiry')
        await sessionTooShortOnce(run)
      })
      expect(credentials.served.slice(0, 3)).toEqual(['ok', 'nearExpiry', 'ok'])
      if (proactive) expectRecovered(outcome)
      else {
        expect({ lost: outcome.result.lost, drained: outcome.drained }).toEqual({ lost: [], drained: true })
        for (const error of outcome.result.surfacedErrors) expect(error).toMatch(/SASL state/)
      }
      recordObserved(`credentials about to expire on reload, ${mode}`, {
        ...outcome,
        credentialCalls: credentials.served,
      })
    })

    it('permanent failure: CREDENTIALS_UNAVAILABLE (not retriable) surfaced to the application; nothing acknowledged is lost', async () => {
      const credentials = source()
      const run = await start(proactive, credentials)
      const outcome = await runFaultScenario(
        run,
        async () => {
          credentials.failAlways('permanent')
          await sessionTooShortOnce(run)
          // The application sees the failures for a while, then the source is fixed.
          setTimeout(() => credentials.clear(), 2_500)
        },
        { after: 12 },
      )
      const surfaced = outcome.result.surfacedErrors
      expect(surfaced.length).toBeGreaterThanOrEqual(1)
      // Every failure names the cause: the typed MskIamError where kafkajs rethrows it as is (connect), and
      // kafkajs's KafkaJSNonRetriableError with the same message on producer.send and consumer.crash (where
      // explainError() finds the MskIamError again).
      for (const error of surfaced)
        expect(error).toMatch(/Could not load AWS credentials from the credentials provider passed in options/)
      expect(outcome.result.lost).toEqual([])
      expect(outcome.drained).toBe(true)
      recordObserved(`credentials permanent failure on reload, ${mode}`, {
        ...outcome,
        credentialCalls: credentials.served,
      })
    })
  },
)

describe('the first credential fetch', () => {
  it('transient failure ×2: retried by the plugin, connects, no error', async () => {
    const credentials = source()
    credentials.failNext('transient', 2)
    const run = await start(false, credentials)
    const outcome = await runFaultScenario(run, () => undefined, { after: 4 })
    expect(credentials.served.slice(0, 3)).toEqual(['transient', 'transient', 'ok'])
    expectRecovered(outcome)
    recordObserved('credentials transient ×2 at first fetch', { ...outcome, credentialCalls: credentials.served })
  })

  it('hang (credentialsTimeoutMs 1000): abandoned, retried, connects, no error', async () => {
    const credentials = source()
    credentials.failNext('hang')
    const run = await start(false, credentials)
    const outcome = await runFaultScenario(run, () => undefined, { after: 4 })
    expect(credentials.served.slice(0, 2)).toEqual(['hang', 'ok'])
    expectRecovered(outcome)
    recordObserved('credentials hang at first fetch', { ...outcome, credentialCalls: credentials.served })
  })

  it('permanent failure: connect fails with CREDENTIALS_UNAVAILABLE, not retriable, naming the source; the source is asked once', async () => {
    const credentials = source()
    credentials.failAlways('permanent')
    const error = typed(await start(false, credentials).then(() => undefined, caught))
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', retriable: false })
    expect(error.message).toMatch(/the credentials provider passed in options/)
    expect(error.message).toMatch(/\(while authenticating to b-1\./)
    expect(credentials.served).toEqual(['permanent'])
    recordObserved('credentials permanent failure at first fetch', { surfaced: `${error.code}: ${error.message}` })
  })

  it('hanging for good: connect fails with CREDENTIALS_UNAVAILABLE (retriable) naming the time-out', async () => {
    const credentials = source()
    credentials.failAlways('hang')
    const options = {
      sasl: { credentialsTimeoutMs: 300, maxRetries: 1 },
      config: { retry: { retries: 1, initialRetryTime: 50 } },
    }
    const error = typed(await start(false, credentials, options).then(() => undefined, caught))
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', retriable: true })
    expect(error.message).toMatch(/did not answer within 300 ms/)
    recordObserved('credentials hang for good at first fetch', {
      surfaced: `${error.code}: ${error.message}`,
      calls: credentials.calls,
    })
  })

  it('always about to expire (0.5 s left): connect fails with CREDENTIALS_EXPIRED (retriable) naming the access key', async () => {
    const credentials = source({ nearExpiryMs: 500 })
    credentials.failAlways('nearExpiry')
    const error = typed(
      await start(false, credentials, { config: { retry: { retries: 1, initialRetryTime: 50 } } }).then(
        () => undefined,
        caught,
      ),
    )
    expect(error).toMatchObject({
      code: 'CREDENTIALS_EXPIRED',
      retriable: true,
      accessKeyId: SOAK_IDENTITY.accessKeyId,
    })
    expect(error.message).toContain(SOAK_IDENTITY.accessKeyId)
    recordObserved('credentials always about to expire at first fetch', {
      surfaced: `${error.code}: ${error.message}`,
      calls: credentials.calls,
    })
  })
})
