// mskIamOAuthBearer().kafkajs() with kafkajs 2.2.4, through the MSK IAM emulator (OAUTHBEARER over TLS) in
// front of the real test broker: refusals a new connection clears are retried, not fatal, and
// proactiveReauthentication() renews OAUTHBEARER sessions.
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs'
import { mskIamOAuthBearer } from '../../src/oauth/mskIamOAuthBearer.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import type { ReauthenticationEvent, ReauthenticationFailure } from '../../src/reauth/types.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator } from '../../src/testing/types.js'
import { captureForScan, TEST_SECRETS } from '../helpers/secretScan.js'
import { kafkaUpstream, mskSocketFactory } from '../helpers/emulatorHelpers.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

const REGION = 'us-east-1'
const identity = {
  accessKeyId: 'ASIAOAUTHKAFKAJS0001',
  secretAccessKey: TEST_SECRETS.otherSecretAccessKey,
  sessionToken: TEST_SECRETS.otherSessionToken,
  principalArn: 'arn:aws:sts::111122223333:assumed-role/oauth-kafkajs/app',
}
const credentials = {
  accessKeyId: identity.accessKeyId,
  secretAccessKey: identity.secretAccessKey,
  sessionToken: identity.sessionToken,
}

let emulator: MskIamEmulator
const log: EmulatorLogEntry[] = []
const cleanups: Array<() => Promise<unknown>> = []

beforeAll(async () => {
  emulator = await startMskIamEmulator({
    upstream: kafkaUpstream(),
    region: REGION,
    identities: [identity],
    mechanisms: ['OAUTHBEARER'],
    listeners: { plaintext: false },
    log: (entry) => {
      log.push(entry)
      captureForScan(entry)
    },
  })
})
afterEach(async () => {
  emulator.faults.clear()
  emulator.setOptions({ maxSessionMs: 15 * 60_000 })
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
afterAll(async () => {
  await emulator?.close()
})

function kafka(socketFactory: ReturnType<typeof mskSocketFactory> | undefined, sasl = oauth().kafkajs()): Kafka {
  return new Kafka({
    clientId: 'oauth-kafkajs-faults',
    brokers: [`${emulator.brokerHost(1)}:${emulator.tlsPort}`],
    ssl: { ca: [TEST_CA_CERT] },
    sasl,
    socketFactory: socketFactory ?? mskSocketFactory(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100 },
  })
}
const oauth = () => mskIamOAuthBearer({ region: REGION, credentials })

const denials = () => log.filter((e) => e.event === 'authenticate' && e.outcome === 'denied')

/** A consumer of `topic` from the beginning: every value it gets, and a wait for the n-th. */
async function runConsumer(consumer: Consumer, topic: string) {
  const values: string[] = []
  const waiters: Array<() => void> = []
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ message }) => {
      values.push(message.value?.toString() ?? '')
      for (const wake of waiters.splice(0)) wake()
    },
  })
  const valuesReach = async (count: number, timeoutMs = 30_000): Promise<string[]> => {
    const deadline = Date.now() + timeoutMs
    while (values.length < count) {
      if (Date.now() > deadline) throw new Error(`consumed ${values.length} of ${count} values in ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500)
        waiters.push(() => (clearTimeout(timer), resolve()))
      })
    }
    return values
  }
  return { values, valuesReach }
}

describe('mskIamOAuthBearer().kafkajs() through the emulator', () => {
  it('"Too many connects" on the first connection: producer.connect() retries and succeeds', async () => {
    const before = denials().length
    emulator.faults.set({ tooManyConnectsBurst: 1 })
    const producer = kafka(undefined).producer({ createPartitioner: Partitioners.DefaultPartitioner })
    cleanups.push(() => producer.disconnect())
    await producer.connect()
    expect(
      denials()
        .slice(before)
        .map((e) => e.reason),
    ).toEqual(['Too many connects'])
  })

  it('a consumer refused with "Too many connects" while it joins keeps running', async () => {
    const client = kafka(undefined)
    const topic = `oauth-refusal-${randomUUID()}`
    const admin = client.admin()
    await admin.connect()
    cleanups.push(() => admin.disconnect())
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    cleanups.push(() => producer.disconnect())
    await producer.send({ topic, messages: [{ value: 'one' }] })
    const consumer = client.consumer({ groupId: `oauth-refusal-${randomUUID()}`, maxWaitTimeInMs: 500 })
    const crashes: unknown[] = []
    consumer.on(consumer.events.CRASH, (event) => crashes.push(event.payload.error))
    await consumer.connect()
    cleanups.push(() => consumer.disconnect())
    // The consumer's next new connections (group coordinator, fetch) are refused once each.
    const before = denials().length
    emulator.faults.set({ tooManyConnectsBurst: 2 })
    const { valuesReach } = await runConsumer(consumer, topic)
    expect(await valuesReach(1, 20_000)).toEqual(['one'])
    expect(
      denials()
        .slice(before)
        .map((e) => e.reason),
    ).toEqual(['Too many connects', 'Too many connects'])
    expect(crashes).toEqual([])
  }, 60_000)

  it('proactiveReauthentication renews OAUTHBEARER sessions (3 s) while producing', async () => {
    emulator.setOptions({ maxSessionMs: 3_000 })
    const events: ReauthenticationEvent[] = []
    const failures: ReauthenticationFailure[] = []
    const sasl = oauth().kafkajs()
    const socketFactory = proactiveReauthentication(sasl, {
      socketFactory: mskSocketFactory(),
      onReauthenticated: (event) => events.push(event),
      onReauthenticationFailed: (failure) => (failures.push(failure), captureForScan(failure.error)),
    })
    const client = kafka(socketFactory as ReturnType<typeof mskSocketFactory>, sasl)
    const topic = `oauth-proactive-${randomUUID()}`
    const admin = client.admin()
    await admin.connect()
    cleanups.push(() => admin.disconnect())
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    cleanups.push(() => producer.disconnect())
    const before = log.length
    for (let i = 0; i < 14; i++) {
      await producer.send({ topic, messages: [{ value: `m${i}` }] })
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const offsets = await admin.fetchTopicOffsets(topic)
    expect(offsets[0]?.high).toBe('14')
    expect(failures.map((f) => f.error.message)).toEqual([])
    expect(events.filter((e) => e.kind === 'scheduled').length).toBeGreaterThanOrEqual(2)
    const renewed = log.slice(before).filter((e) => e.event === 'reauthenticate')
    expect(renewed.length).toBeGreaterThanOrEqual(2)
    for (const entry of renewed) expect(entry).toMatchObject({ outcome: 'accepted', mechanism: 'OAUTHBEARER' })
    expect(emulator.stats().closesByReason['session-expired'] ?? 0).toBe(0)
  }, 60_000)
})
