// End to end: kafkajs 2.2.4 + kafkajs-msk-iam, over TLS, through the MSK IAM emulator, to a real Kafka
// broker. Broker names are MSK-shaped, so the signed host and region inference are exercised for real.
import { Kafka, logLevel, type Consumer, type KafkaConfig, type Producer } from 'kafkajs'
import { awsMskIam } from '../../src/awsMskIam.js'
import { explainError } from '../../src/explainError.js'
import { isMskIamError, type MskIamError } from '../../src/errors.js'
import type { AwsMskIamOptions } from '../../src/options.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import type { ReauthenticationEvent } from '../../src/reauth/types.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator, MskIamEmulatorOptions } from '../../src/testing/types.js'
import { captureForScan, caught, TEST_SECRETS } from '../helpers/secretScan.js'
import { kafkaUpstream, mskSocketFactory } from '../helpers/emulatorHelpers.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

const alice = {
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
  principalArn: 'arn:aws:sts::123456789012:assumed-role/orders/aws-msk-iam-auth',
}
const bob = {
  accessKeyId: 'AKIABOB0000000000002',
  secretAccessKey: TEST_SECRETS.otherSecretAccessKey,
  principalArn: 'arn:aws:iam::123456789012:user/bob',
}
const clientCreds = (id: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => ({
  accessKeyId: id.accessKeyId,
  secretAccessKey: id.secretAccessKey,
  ...(id.sessionToken ? { sessionToken: id.sessionToken } : {}),
})

const emulators: MskIamEmulator[] = []
const clients: Array<{ disconnect(): Promise<void> }> = []
const decisions: EmulatorLogEntry[] = []

async function emulator(options: Partial<MskIamEmulatorOptions> = {}): Promise<MskIamEmulator> {
  const started = await startMskIamEmulator({
    upstream: kafkaUpstream(),
    identities: [alice, bob],
    listeners: { plaintext: false, tls: { port: 0 } },
    log: (entry) => {
      decisions.push(entry)
      captureForScan(entry)
    },
    ...options,
  })
  emulators.push(started)
  return started
}

function kafka(
  em: MskIamEmulator,
  sasl: AwsMskIamOptions = {},
  extra: Partial<KafkaConfig> & { proactive?: boolean; events?: ReauthenticationEvent[] } = {},
): Kafka {
  const mechanism = awsMskIam({ credentials: clientCreds(alice), ...sasl })
  const base = mskSocketFactory()
  const { proactive, events, ...config } = extra
  return new Kafka({
    clientId: 'plugin-e2e',
    brokers: [`${em.brokerHost(1)}:${em.tlsPort}`],
    ssl: { ca: [TEST_CA_CERT] },
    sasl: mechanism,
    socketFactory: proactive
      ? proactiveReauthentication(mechanism, { socketFactory: base, onReauthenticated: (e) => events?.push(e) })
      : base,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 100 },
    ...config,
  })
}

function track<T extends { disconnect(): Promise<void> }>(client: T): T {
  clients.push(client)
  return client
}

/** The first MskIamError behind whatever kafkajs threw. */
function typed(error: unknown): MskIamError {
  captureForScan(error)
  const explained = explainError(error)
  if (isMskIamError(explained)) return explained
  throw new Error(`expected an MskIamError behind ${String(error)}`)
}

async function connectError(k: Kafka): Promise<MskIamError> {
  const producer = track(k.producer())
  const error = await producer.connect().then(() => undefined, caught)
  if (error === undefined) throw new Error('connect succeeded but should have failed')
  return typed(error)
}

afterEach(async () => {
  decisions.length = 0
  for (const client of clients.splice(0)) await client.disconnect().catch(() => undefined)
  for (const em of emulators.splice(0)) await em.close()
})

const topicName = () => `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}`

async function produceAndConsume(
  k: Kafka,
  count: number,
  during?: (i: number) => Promise<void>,
): Promise<{ producer: Producer; consumer: Consumer; received: string[] }> {
  const topic = topicName()
  const admin = track(k.admin())
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })
  const consumer = track(k.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 200 }))
  const producer = track(k.producer({ idempotent: true }))
  const received: string[] = []
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value!.toString()) })
  await producer.connect()
  for (let i = 0; i < count; i++) {
    await producer.send({ topic, messages: [{ value: `m${i}` }] })
    if (during) await during(i)
  }
  const deadline = Date.now() + 30_000
  while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  return { producer, consumer, received }
}

describe('kafkajs + kafkajs-msk-iam through the emulator (TLS, real Kafka)', () => {
  it('produces and consumes; the broker saw the MSK host and region', async () => {
    const em = await emulator()
    const { received } = await produceAndConsume(kafka(em), 5)
    expect(received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
    const accepted = decisions.filter((d) => d.event === 'authenticate' && d.outcome === 'accepted')
    expect(accepted.length).toBeGreaterThanOrEqual(2)
    expect(accepted.every((d) => d.principal === alice.principalArn)).toBe(true)
  })

  it.each([
    [
      'unknown access key',
      { credentials: { accessKeyId: 'AKIANOBODY0000000009', secretAccessKey: 'x'.repeat(40) } },
      /unknown access key|access key/i,
    ],
    [
      'wrong secret',
      {
        credentials: {
          accessKeyId: alice.accessKeyId,
          secretAccessKey: bob.secretAccessKey,
          sessionToken: alice.sessionToken,
        },
      },
      /signature/i,
    ],
    ['wrong region', { region: 'us-west-2' as const }, /region/i],
  ])('%s → ACCESS_DENIED with the request-id', async (_name, options, detail) => {
    const em = await emulator()
    const error = await connectError(kafka(em, options))
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.retriable).toBe(false)
    const denial = decisions.find((d) => d.outcome === 'denied')!
    expect(denial.detail).toMatch(detail)
    expect(error.requestId).toBe(denial.requestId)
    expect(error.message).toContain(error.requestId!)
  })

  it('expired credentials (the broker knows they expired) → ACCESS_DENIED', async () => {
    const em = await emulator({ identities: [{ ...alice, expiresAt: Date.now() - 60_000 }] })
    const error = await connectError(kafka(em))
    expect(error).toMatchObject({ code: 'ACCESS_DENIED' })
    expect(decisions.find((d) => d.outcome === 'denied')?.detail).toMatch(/expired/)
  })

  it('a clock 10 minutes fast → ACCESS_DENIED naming the clock', async () => {
    const em = await emulator()
    const skewed = {
      now: () => Date.now() + 10 * 60_000,
      setTimeout: (cb: () => void, ms: number) => setTimeout(cb, ms).unref(),
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    }
    const error = await connectError(kafka(em, { clock: skewed }))
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.message).toMatch(/clock/)
    expect(decisions.find((d) => d.outcome === 'denied')?.detail).toMatch(/skew/)
  })

  it('rate limit → TOO_MANY_CONNECTS, retriable: kafkajs retries through a burst', async () => {
    const em = await emulator()
    em.faults.set({ tooManyConnectsBurst: 1 })
    const producer = track(kafka(em, {}, { retry: { retries: 5, initialRetryTime: 200 } }).producer())
    await producer.connect() // refused once, then kafkajs reconnects and gets through
    expect(decisions.filter((d) => d.outcome === 'denied').map((d) => d.reason)).toEqual(['Too many connects'])
    em.faults.set({ tooManyConnectsBurst: 100 })
    const error = await connectError(kafka(em, {}, { retry: { retries: 0 } }))
    expect(error).toMatchObject({ code: 'TOO_MANY_CONNECTS', retriable: true })
    expect(error.requestId).toBe(decisions.filter((d) => d.outcome === 'denied').at(-1)!.requestId)
    em.faults.clear()
  })

  it('wrong mechanism (broker offers only OAUTHBEARER) → MECHANISM_NOT_ENABLED', async () => {
    const em = await emulator({ mechanisms: ['OAUTHBEARER'] })
    const error = await connectError(kafka(em))
    expect(error.code).toBe('MECHANISM_NOT_ENABLED')
    expect(error.message).toMatch(/9098/)
  })

  it('principal change on re-authentication → PRINCIPAL_CHANGED; the running consumer reconnects and keeps consuming', async () => {
    const em = await emulator({ maxSessionMs: 3_000 })
    const warnings: string[] = []
    const logCreator =
      () =>
      ({ level, log }: { level: logLevel; log: { message: string } }) => {
        captureForScan(log)
        if (level === logLevel.WARN) warnings.push(log.message)
      }
    const k = kafka(em, {}, { reauthenticationThreshold: 1_000, logLevel: logLevel.WARN, logCreator })
    const crashes: Array<{ restart: boolean }> = []
    const topic = topicName()
    const admin = track(k.admin())
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })
    const consumer = track(k.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 200 }))
    consumer.on(consumer.events.CRASH, (e) => crashes.push(e.payload))
    const received: string[] = []
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value!.toString()) })
    const producer = track(k.producer())
    await producer.connect()
    await producer.send({ topic, messages: [{ value: 'before' }] })
    // Same access key, new principal: what a random role session name does to MSK.
    em.removeIdentity(alice.accessKeyId)
    em.addIdentity({ ...alice, principalArn: 'arn:aws:sts::123456789012:assumed-role/orders/session-2' })
    for (let i = 0; i < 8; i++) {
      await producer.send({ topic, messages: [{ value: `after-${i}` }] })
      await new Promise((r) => setTimeout(r, 500))
    }
    const deadline = Date.now() + 30_000
    while (received.length < 9 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(new Set(received).size).toBe(9)
    expect(
      decisions.some((d) => d.outcome === 'denied' && /Cannot change principals/.test(`${d.reason} ${d.detail}`)),
    ).toBe(true)
    expect(warnings.some((w) => /IAM principal changed/.test(w) && /roleSessionName/.test(w))).toBe(true)
    expect(crashes.filter((c) => c.restart === false)).toEqual([])
  })

  it("3-second sessions re-authenticate repeatedly with no error, on kafkajs's lazy path and with the scheduler", async () => {
    for (const proactive of [false, true]) {
      decisions.length = 0
      const em = await emulator({ maxSessionMs: 3_000 })
      const events: ReauthenticationEvent[] = []
      const k = kafka(em, {}, { proactive, events, reauthenticationThreshold: 1_000 })
      const { received } = await produceAndConsume(k, 16, () => new Promise((r) => setTimeout(r, 500)))
      expect(received).toHaveLength(16)
      const denied = decisions.filter((d) => d.outcome === 'denied')
      expect(denied).toEqual([])
      const reauths = decisions.filter((d) => d.event === 'reauthenticate' && d.outcome === 'accepted')
      expect(reauths.length).toBeGreaterThanOrEqual(2)
      if (proactive) expect(events.filter((e) => e.kind === 'scheduled').length).toBeGreaterThanOrEqual(2)
      for (const client of clients.splice(0)) await client.disconnect().catch(() => undefined)
      await emulators.pop()!.close()
    }
  })
})
