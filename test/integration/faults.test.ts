// Emulator faults with a running idempotent producer and consumer (kafkajs + kafkajs-msk-iam, TLS, real
// Kafka): connections dropped around the SASL exchange, responses cut in half or delayed, "Too many
// connects" bursts, a refused re-authentication. Each test counts what was sent and what was consumed.
// Expected outcomes: docs/reliability.md. Sessions last 3 s, so every fault also meets re-authentications.
import { EventEmitter } from 'node:events'
import { createLogger, LEVELS } from 'kafkajs/src/loggers'
import Connection from 'kafkajs/src/network/connection'
import Encoder from 'kafkajs/src/protocol/encoder'
import { awsMskIam } from '../../src/awsMskIam.js'
import { explainError } from '../../src/explainError.js'
import { isMskIamError } from '../../src/errors.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import type { EmulatorLogEntry } from '../../src/testing/types.js'
import { describeError } from '../harness/Workload.js'
import { createClient } from '../harness/createClient.js'
import { recordObserved } from '../harness/recordObserved.js'
import { settleWithin } from '../harness/settleWithin.js'
import { SOAK_IDENTITY } from '../harness/soakIdentity.js'
import { runFaultScenario, startFaultRun, type FaultOutcome, type FaultRun } from '../harness/startFaultRun.js'
import { captureForScan, caught } from '../helpers/secretScan.js'
import { kafkaUpstream } from '../helpers/emulatorHelpers.js'
import { expectRecovered } from '../harness/expectRecovered.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

const runs: FaultRun[] = []
const extraCleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of extraCleanups.splice(0)) await settleWithin(cleanup(), 15_000)
  for (const run of runs.splice(0)) await run.stop()
})

/** Everything that leaves the code under test goes to the secret scan; FAULTS_DEBUG=1 also prints it. */
function sink(value: unknown): void {
  captureForScan(value)
  if (process.env.FAULTS_DEBUG) process.stderr.write(`${JSON.stringify(value)}\n`)
}

async function start(proactive: boolean): Promise<FaultRun> {
  const run = await startFaultRun({ upstream: kafkaUpstream(), proactive, sink })
  runs.push(run)
  return run
}

async function scenario(
  proactive: boolean,
  arm: (run: FaultRun) => void | Promise<void>,
  shape?: { before?: number; after?: number; gapMs?: number },
): Promise<FaultOutcome> {
  return runFaultScenario(await start(proactive), arm, shape)
}

/**
 * For each connection the fault closed: whether the SASL exchange it interrupted was the connection's
 * first authentication or a re-authentication (from the emulator's log).
 */
function interrupted(outcome: FaultOutcome, fault: 'dropAfterHandshake' | 'dropAfterAuthenticate'): string[] {
  const { decisions } = outcome
  return decisions
    .filter((d) => d.event === 'close' && d.detail === fault)
    .map((close) => {
      const before = decisions.slice(0, decisions.indexOf(close)).filter((d) => d.connectionId === close.connectionId)
      if (fault === 'dropAfterHandshake') return before.filter((d) => d.event === 'handshake').at(-1)?.detail ?? '?'
      return before.filter((d) => d.event === 'authenticate' || d.event === 'reauthenticate').at(-1)?.event ===
        'reauthenticate'
        ? 're-authentication'
        : 'authentication'
    })
}

const closes = (outcome: FaultOutcome, reason: string) =>
  outcome.decisions.filter((d) => d.event === 'close' && d.reason === reason)
const modes = [
  ['lazy (kafkajs re-authentication)', false],
  ['proactive (proactiveReauthentication)', true],
] as const

describe.each(modes)('emulator faults, %s', (mode, proactive) => {
  it('dropAfterHandshake ×2 (one of them a re-authentication): recovered, no error', async () => {
    const outcome = await scenario(proactive, ({ emulator }) => emulator.faults.set({ dropAfterHandshake: 2 }))
    expect(closes(outcome, 'fault').map((d) => d.detail)).toEqual(['dropAfterHandshake', 'dropAfterHandshake'])
    expect(interrupted(outcome, 'dropAfterHandshake')).toContain('re-authentication')
    expectRecovered(outcome)
    recordObserved(`dropAfterHandshake ×2, ${mode}`, outcome)
  })

  it('dropAfterAuthenticate ×2 (one of them a re-authentication): recovered, no error', async () => {
    const outcome = await scenario(proactive, ({ emulator }) => emulator.faults.set({ dropAfterAuthenticate: 2 }))
    expect(closes(outcome, 'fault').map((d) => d.detail)).toEqual(['dropAfterAuthenticate', 'dropAfterAuthenticate'])
    expect(interrupted(outcome, 'dropAfterAuthenticate')).toContain('re-authentication')
    expectRecovered(outcome)
    recordObserved(`dropAfterAuthenticate ×2, ${mode}`, outcome)
  })

  it('delayResponsesMs 400 across re-authentications: recovered, no error', async () => {
    const outcome = await scenario(proactive, ({ emulator }) => emulator.faults.set({ delayResponsesMs: 400 }), {
      after: 8,
      gapMs: 0,
    })
    expect(outcome.stats.reauthentications).toBeGreaterThanOrEqual(2)
    expectRecovered(outcome)
    recordObserved(`delayResponsesMs 400, ${mode}`, outcome)
  })

  it(
    proactive
      ? 'refuseReauthOnce: recovered, no error'
      : 'refuseReauthOnce: nothing lost; kafkajs recovers or surfaces the refused step as ILLEGAL_SASL_STATE',
    async () => {
      const outcome = await scenario(proactive, ({ emulator }) => emulator.faults.set({ refuseReauthOnce: true }))
      expect(
        outcome.decisions.filter((d) => d.event === 'handshake' && d.outcome === 'denied').map((d) => d.detail),
      ).toEqual(['refuseReauthOnce'])
      expect(closes(outcome, 'fault')).toHaveLength(1)
      recordObserved(`refuseReauthOnce, ${mode}`, outcome)
      if (proactive) {
        // The scheduler turns the refusal into a closed connection; kafkajs reconnects and authenticates anew.
        expectRecovered(outcome)
        expect(outcome.counters.reauthenticationFailures.map((f) => [f.action, f.error.code])).toEqual([
          ['closed', 'AUTHENTICATION_FAILED'],
        ])
      } else {
        // kafkajs reads the refused SaslHandshake itself (before the mechanism runs). What follows depends on
        // which connection re-authenticates first after the fault is armed, which is timing, not code:
        // - a connection reached through Connection.send (the consumer's Fetch connection, index 1 of its
        //   pool) raises the non-retriable ILLEGAL_SASL_STATE to the request: the consumer crashes with
        //   restart: false (the application restarts it);
        // - a broker whose pool has no authenticated connection left (the producer uses one connection) is
        //   re-authenticated by BrokerPool.connectBroker, which rebuilds the pool on ILLEGAL_SASL_STATE and
        //   retries on a new connection: nothing surfaces.
        // Both are right. Asserting "surfaced" alone failed at random (a baseline run saw 0 surfaced).
        expect(outcome.result.lost).toEqual([])
        const surfaced = outcome.result.surfacedErrors
        if (surfaced.length === 0) expectRecovered(outcome)
        // Surfaced through explainError(): the typed error that names kafkajs's refused step and the fix.
        for (const error of surfaced) expect(error).toMatch(/ILLEGAL_SASL_STATE/)
      }
    },
  )
})

// The path the lazy refuseReauthOnce test above cannot choose, made deterministic: a producer alone on its
// emulator, whose broker has one connection, so that its expired session makes BrokerPool.connectBroker
// re-authenticate.
describe('refuseReauthOnce, lazy producer alone', () => {
  it('connectBroker rebuilds the connection on ILLEGAL_SASL_STATE and retries: nothing surfaces', async () => {
    const decisions: EmulatorLogEntry[] = []
    const emulator = await startMskIamEmulator({
      upstream: kafkaUpstream(),
      identities: [{ ...SOAK_IDENTITY }],
      maxSessionMs: 3_000,
      listeners: { plaintext: false, tls: { port: 0 } },
      log: (entry) => (decisions.push(entry), sink(entry)),
    })
    const kafka = createClient({ emulator, clientId: 'lazy-producer', credentials, proactive: false, sink })
    const admin = kafka.admin()
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
    extraCleanups.push(async () => {
      await producer.disconnect().catch(() => undefined)
      await admin.disconnect().catch(() => undefined)
      await emulator.close()
    })
    const topic = `faults-lazy-producer-${Date.now()}`
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    await admin.disconnect()
    await producer.connect()
    await producer.send({ topic, messages: [{ value: 'before' }] })
    emulator.faults.set({ refuseReauthOnce: true })
    const failures: unknown[] = []
    // 3 s sessions: sends 250 ms apart reach the next re-authentication within a few seconds.
    for (let i = 0; i < 40 && emulator.faults.active().refuseReauthOnce !== false; i++) {
      await producer.send({ topic, messages: [{ value: `p${i}` }] }).catch((e: unknown) => failures.push(e))
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    await producer.send({ topic, messages: [{ value: 'after' }] }).catch((e: unknown) => failures.push(e))
    const refused = decisions.filter((d) => d.event === 'handshake' && d.outcome === 'denied').map((d) => d.detail)
    expect(refused).toEqual(['refuseReauthOnce'])
    expect(failures.map(describeError)).toEqual([])
  })
})

describe('a response cut mid-frame (dropMidFrame)', () => {
  it('proactive: recovered, no error, no duplicate in the log (idempotent producer)', async () => {
    const outcome = await scenario(true, ({ emulator }) => emulator.faults.set({ dropMidFrame: 3 }))
    expect(closes(outcome, 'fault').map((d) => d.detail)).toEqual(['dropMidFrame', 'dropMidFrame', 'dropMidFrame'])
    expectRecovered(outcome)
    recordObserved('dropMidFrame ×3, proactive (proactiveReauthentication)', outcome)
  })

  // kafkajs 2.2.4's Connection keeps its receive buffer (chunks, bytesNeeded) across reconnects: the half
  // frame of the dead socket is glued to the first bytes of the new one, every later response is misframed
  // ("Response without match") and the connection's requests time out, again after every reconnect.
  // Through the emulator the consumer stopped for good (observed; see docs/reliability.md). Shown here on
  // kafkajs's own Connection class with a scripted socket, with and without proactiveReauthentication,
  // whose socket hands kafkajs whole frames only (each socket has its own frame reader).
  it.each([
    ['lazy (kafkajs default socket): the next connection is wedged', false, 'KafkaJSRequestTimeoutError'],
    ['proactive (proactiveReauthentication): the next connection answers', true, 'answered 2'],
  ])('%s', async (_name, wrap, expected) => {
    expect(await cutMidFrameThenAsk(wrap)).toBe(expected)
  })
})

describe('Too many connects', () => {
  it('a reconnect refused 3 times in a row (burst after a drop): recovered, no error', async () => {
    const outcome = await scenario(false, ({ emulator }) =>
      emulator.faults.set({ dropAfterAuthenticate: 1, tooManyConnectsBurst: 3 }),
    )
    expect(outcome.stats.authenticationsDenied['Too many connects']).toBe(3)
    expectRecovered(outcome)
    recordObserved('tooManyConnectsBurst 3 after a drop, lazy', outcome)
  })

  it('a burst longer than kafkajs retries: a new client gets TOO_MANY_CONNECTS (retriable, with request-id) while the running ones carry on', async () => {
    const run = await start(false)
    await run.workload.produce(3)
    run.emulator.faults.set({ tooManyConnectsBurst: 50 })
    const newcomer = createClient({
      emulator: run.emulator,
      clientId: 'newcomer',
      credentials,
      proactive: false,
      sink,
      config: { retry: { retries: 1, initialRetryTime: 50 } },
    }).producer()
    extraCleanups.push(() => newcomer.disconnect())
    const error = explainError(await newcomer.connect().then(() => undefined, caught))
    expect(isMskIamError(error)).toBe(true)
    if (!isMskIamError(error)) return
    expect(error).toMatchObject({ code: 'TOO_MANY_CONNECTS', retriable: true })
    expect(run.decisions.some((d) => d.reason === 'Too many connects' && d.requestId === error.requestId)).toBe(true)
    await run.workload.produce(6, 250)
    run.emulator.faults.clear()
    expect(await run.workload.drain()).toBe(true)
    const result = await run.workload.result()
    expect(result).toMatchObject({ lost: [], sendFailures: 0, logDuplicates: 0 })
    recordObserved('tooManyConnectsBurst 50 (new client)', { surfaced: describeError(error) })
  })
})

// ---------------------------------------------------------------------------------------------------------
// kafkajs's Connection over a scripted socket

class ScriptedSocket extends EventEmitter {
  readonly written: Buffer[] = []
  write(data: Buffer | string): boolean {
    this.written.push(Buffer.from(data))
    return true
  }
  end(): this {
    return this
  }
  destroy(): this {
    return this
  }
  unref(): this {
    return this
  }
  setKeepAlive(): this {
    return this
  }
  /** Correlation id of the last request written (size, api key, version, then the id). */
  lastCorrelationId(): number {
    return this.written.at(-1)!.readInt32BE(8)
  }
}

/** A response frame: size, correlation id, then an int32 body. */
function probeAnswer(correlationId: number, value: number): Buffer {
  const frame = Buffer.alloc(12)
  frame.writeInt32BE(8, 0)
  frame.writeInt32BE(correlationId, 4)
  frame.writeInt32BE(value, 8)
  return frame
}

const credentials = {
  accessKeyId: SOAK_IDENTITY.accessKeyId,
  secretAccessKey: SOAK_IDENTITY.secretAccessKey,
  sessionToken: SOAK_IDENTITY.sessionToken,
}

const probe = (n: number) => ({
  request: { apiKey: 3, apiVersion: 0, apiName: `Probe${n}`, encode: async () => new Encoder().writeInt32(n) },
  response: { decode: async (data: Buffer) => data, parse: async (data: Buffer) => data.readInt32BE(0) },
})

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

/**
 * Request 1 is answered with the first 6 bytes of its response, then the socket ends; kafkajs reconnects
 * the same Connection and request 2 is answered in full. Says what became of request 2.
 */
async function cutMidFrameThenAsk(wrap: boolean): Promise<string> {
  const sockets: ScriptedSocket[] = []
  const base = ({ onConnect }: { onConnect: () => void }) => {
    const socket = new ScriptedSocket()
    sockets.push(socket)
    queueMicrotask(onConnect)
    return socket
  }
  const socketFactory = wrap ? proactiveReauthentication(awsMskIam({ credentials }), { socketFactory: base }) : base
  const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined })
  const connection = new Connection({
    host: 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com',
    port: 9098,
    logger,
    socketFactory,
    clientId: 'cut',
    connectionTimeout: 1_000,
    requestTimeout: 1_000,
  })
  await connection.connect()
  const first = connection.send(probe(1)).then(
    () => 'answered',
    (error: Error) => error.name,
  )
  await settle()
  const dead = sockets[0]!
  dead.emit('data', probeAnswer(dead.lastCorrelationId(), 1).subarray(0, 6))
  dead.emit('end')
  expect(await first).toBe('KafkaJSConnectionClosedError')
  await connection.connect()
  const second = connection.send(probe(2)).then(
    (value: number) => `answered ${value}`,
    (error: Error) => {
      caught(error)
      return error.name
    },
  )
  await settle()
  const fresh = sockets[1]!
  fresh.emit('data', probeAnswer(fresh.lastCorrelationId(), 2))
  const outcome = await second
  await connection.disconnect()
  return outcome
}
