// kafkajs 2.2.4 against the MSK IAM emulator in front of the real test broker, over TLS with MSK-shaped
// names: produce and consume, only MSK-shaped addresses ever reached, a wrong secret refused with MSK's
// answer, and lazy re-authentication when the emulator hands out 3-second sessions.
import { randomUUID } from 'node:crypto'
import { Kafka, KafkaJSProtocolError, logLevel, Partitioners, type KafkaConfig } from 'kafkajs'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator } from '../../src/testing/types.js'
import type { EmulatorIdentity } from '../../src/testing/verifier/types.js'
import { kafkaUpstream, mskSocketFactory, testIamMechanism } from '../helpers/emulatorHelpers.js'
import { consumeValues } from '../helpers/consumeValues.js'

const identity: EmulatorIdentity = {
  accessKeyId: 'AKIDKAFKAJSTEST',
  secretAccessKey: 'kafkajs-test-secret',
  principalArn: 'arn:aws:iam::111122223333:user/kafkajs-test',
}

describe('kafkajs through the MSK IAM emulator (TLS)', () => {
  let emulator: MskIamEmulator
  const log: EmulatorLogEntry[] = []

  beforeAll(async () => {
    emulator = await startMskIamEmulator({ upstream: kafkaUpstream(), identities: [identity], log: (e) => log.push(e) })
  })
  afterAll(async () => {
    await emulator?.close()
  })

  function client(
    extra: Partial<KafkaConfig> & {
      id?: () => EmulatorIdentity
      connections?: { host: string; port: number }[]
      answers?: unknown[]
    } = {},
  ): Kafka {
    const { id = () => identity, connections, answers, ...config } = extra
    return new Kafka({
      clientId: 'emulator-kafkajs-test',
      brokers: [`${emulator.brokerHost(1)}:${emulator.tlsPort}`],
      ssl: { ca: [TEST_CA_CERT] },
      sasl: testIamMechanism(id, emulator.region, answers),
      socketFactory: mskSocketFactory(connections),
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100 },
      ...config,
    })
  }

  test('produces and consumes; metadata and coordinators only show the emulator', async () => {
    const connections: { host: string; port: number }[] = []
    const answers: unknown[] = []
    const kafka = client({ connections, answers })
    const topic = `emulator-kafkajs-${randomUUID()}`
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    const cluster = await admin.describeCluster()
    expect(cluster.brokers).toEqual([{ nodeId: 1, host: emulator.brokerHost(1), port: emulator.tlsPort }])

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    await producer.send({ topic, messages: ['one', 'two', 'three'].map((value) => ({ value })) })
    await producer.disconnect()

    const consumer = kafka.consumer({ groupId: `emulator-group-${randomUUID()}` })
    await consumer.connect()
    const values: string[] = []
    try {
      values.push(...(await consumeValues(consumer, topic, 3)))
    } finally {
      await consumer.disconnect()
    }
    await admin.disconnect()
    expect(values).toEqual(['one', 'two', 'three'])

    // Every socket kafkajs opened (bootstrap, brokers from Metadata, the group coordinator) went to the
    // emulator's MSK-shaped name and TLS port: Kafka's own listener never leaked.
    expect(connections.length).toBeGreaterThan(1)
    expect(new Set(connections.map((c) => `${c.host}:${c.port}`))).toEqual(
      new Set([`${emulator.brokerHost(1)}:${emulator.tlsPort}`]),
    )
    expect(answers[0]).toEqual({
      version: '2020_10_22',
      'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    })
    const accepted = log.filter((e) => e.event === 'authenticate' && e.outcome === 'accepted')
    expect(accepted.length).toBe(answers.length)
    expect(accepted[0]).toMatchObject({
      principal: identity.principalArn,
      accessKeyId: identity.accessKeyId,
      mechanism: 'AWS_MSK_IAM',
    })
    expect(JSON.stringify(log)).not.toContain(identity.secretAccessKey)
  })

  test('acks=0 sends (no response from Kafka) keep later responses matched to their requests', async () => {
    const kafka = client()
    const topic = `emulator-acks0-${randomUUID()}`
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    for (let i = 0; i < 5; i++) await producer.send({ topic, acks: 0, messages: [{ value: `fire-and-forget-${i}` }] })
    await producer.send({ topic, acks: -1, messages: [{ value: 'acknowledged' }] })
    const offsets = await admin.fetchTopicOffsets(topic)
    await producer.disconnect()
    await admin.disconnect()
    expect(offsets[0]?.high).toBe('6')
  })

  test('a wrong secret gets SASL_AUTHENTICATION_FAILED with [request-id]: Access denied', async () => {
    const producer = client({
      id: () => ({ ...identity, secretAccessKey: 'not-the-secret' }),
      retry: { retries: 0 },
    }).producer()
    const error = await producer.connect().then(
      () => undefined,
      (err: unknown) => err,
    )
    // kafkajs wraps the broker's answer once it reaches the producer; the protocol error is the cause.
    const cause = (error as { originalError?: unknown })?.originalError ?? error
    expect(cause).toBeInstanceOf(KafkaJSProtocolError)
    expect(cause).toMatchObject({ type: 'SASL_AUTHENTICATION_FAILED' })
    expect((cause as Error).message).toMatch(/^\[[0-9a-f-]{36}\]: Access denied$/)
    await producer.disconnect()
  })

  test('kafkajs re-authenticates on its connections when sessions last 3 s', async () => {
    emulator.setOptions({ maxSessionMs: 3000 })
    try {
      const before = emulator.stats().reauthentications
      const topic = `emulator-reauth-${randomUUID()}`
      // kafkajs re-authenticates before a request once elapsed + threshold >= lifetime: here after 2 s.
      const kafka = client({ reauthenticationThreshold: 1000 })
      const admin = kafka.admin()
      await admin.connect()
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
      await producer.connect()
      for (let i = 0; i < 14; i++) {
        await producer.send({ topic, messages: [{ value: `m${i}` }] })
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
      const offsets = await admin.fetchTopicOffsets(topic)
      await producer.disconnect()
      await admin.disconnect()
      expect(offsets[0]?.high).toBe('14')
      expect(emulator.stats().reauthentications - before).toBeGreaterThanOrEqual(2)
      expect(
        log.some((e) => e.event === 'reauthenticate' && e.outcome === 'accepted' && e.sessionLifetimeMs === 3000),
      ).toBe(true)
      expect(emulator.stats().closesByReason['session-expired'] ?? 0).toBe(0)
    } finally {
      emulator.setOptions({ maxSessionMs: 15 * 60 * 1000 })
    }
  })

  test("through a bootstrap name that is no broker's own (MSK Serverless boot-…): kafkajs reaches the broker by its name", async () => {
    const bootstrapHost = 'boot-abcd1234.c1.kafka-serverless.us-east-1.amazonaws.com'
    const serverless = await startMskIamEmulator({
      upstream: kafkaUpstream(),
      identities: [identity],
      bootstrapHost,
      brokerHost: (nodeId) => `b${nodeId}-abcd1234.c1.kafka-serverless.us-east-1.amazonaws.com`,
      listeners: { plaintext: false },
    })
    const connections: { host: string; port: number }[] = []
    try {
      const kafka = client({ connections, brokers: serverless.bootstrapBrokers(), ssl: { ca: [serverless.caCert!] } })
      const topic = `emulator-bootstrap-${randomUUID()}`
      const admin = kafka.admin()
      await admin.connect()
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
      await producer.connect()
      await producer.send({ topic, messages: [{ value: 'via-boot' }] })
      await producer.disconnect()
      const offsets = await admin.fetchTopicOffsets(topic)
      await admin.disconnect()
      expect(offsets[0]?.high).toBe('1')
    } finally {
      await serverless.close()
    }
    const broker = serverless.brokers[0]!
    expect(connections[0]).toEqual({ host: bootstrapHost, port: serverless.bootstrap!.tlsPort })
    expect(connections).toContainEqual({ host: broker.host, port: broker.tlsPort })
    expect(serverless.stats().authenticationsDenied).toEqual({})
  })

  test('closing the emulator right after the clients disconnected logs no kafkajs error (no reset)', async () => {
    // As a test's teardown does: disconnect, then close the cluster at once. kafkajs has sent its FIN (TLS
    // close_notify first) and logs any socket error at ERROR, even on a connection it has disconnected.
    const own = await startMskIamEmulator({ upstream: kafkaUpstream(), identities: [identity] })
    const errors: string[] = []
    try {
      const kafka = client({
        brokers: [`${own.brokerHost(1)}:${own.tlsPort}`],
        logLevel: logLevel.ERROR,
        logCreator: () => (entry) => errors.push(entry.log.message),
      })
      const admin = kafka.admin()
      await admin.connect()
      await admin.describeCluster()
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
      await producer.connect()
      await producer.disconnect()
      await admin.disconnect()
    } finally {
      await own.close()
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(errors).toEqual([])
  })
})
