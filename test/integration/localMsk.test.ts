// startLocalMsk({ brokers: 3 }): real Kafka brokers behind the emulator, with MSK's names, TLS, IAM and
// connection limits, exercised the way production hurts: every broker leading partitions, a group
// coordinator that is not the bootstrap broker, 3-second sessions renewed proactively for a minute, a rolling
// restart under an idempotent producer and a consumer group, a Lambda-style storm of short-lived clients
// against MSK's 20 connections/s per broker, and the other clients (Java with aws-msk-iam-auth,
// @platformatic/kafka, @confluentinc/kafka-javascript). One cluster for all of it, to fit the suite's budget;
// the rolling restart goes last.
import { randomUUID } from 'node:crypto'
import Module from 'node:module'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { AwsCredentialIdentity } from '@smithy/types'
import { Kafka, logLevel } from 'kafkajs'
import { awsMskIam } from '../../src/awsMskIam.js'
import { mskIamOAuthBearer } from '../../src/oauth/mskIamOAuthBearer.js'
import type { LocalMsk } from '../../src/testing/local/types.js'
import { startLocalMsk } from '../../src/testing/startLocalMsk.js'
import type { EmulatorLogEntry } from '../../src/testing/types.js'
import { confluentLoadError, loadConfluent } from '../helpers/confluentKafka.js'
import { captureForScan } from '../helpers/secretScan.js'
import { runConsoleConsumer, runConsoleProducer, writeHostsFile } from '../helpers/javaClients.js'
import {
  connectionsOf,
  createTopic,
  defaultPartitioner,
  groupCoordinator,
  localKafka,
  observed,
  sleep,
  waitFullyReplicated,
  waitUntil,
} from '../helpers/localMskHelpers.js'

const SESSION_MS = 3000
const REAUTH_RUN_MS = 60_000

const nodeLoad = (request: string): unknown =>
  (Module as unknown as { _load(path: string, parent: null): unknown })._load(require.resolve(request), null)

describe('startLocalMsk: three brokers behind the emulator', () => {
  let msk: LocalMsk
  const log: EmulatorLogEntry[] = []

  beforeAll(async () => {
    msk = await startLocalMsk({ brokers: 3 })
    msk.emulator.setOptions({
      log: (entry) => {
        log.push(entry)
        captureForScan(entry)
      },
    })
  }, 120_000)
  afterAll(async () => {
    await msk?.close()
  })

  /** Decisions logged from now on. */
  function logFrom(): () => EmulatorLogEntry[] {
    const start = log.length
    return () => log.slice(start)
  }

  test('MSK shape: three MSK-named TLS brokers, a cluster ARN, a CA issued for them', async () => {
    expect(msk.bootstrapBrokers).toEqual(
      [1, 2, 3].map((n): unknown =>
        expect.stringMatching(new RegExp(`^b-${n}\\.local\\.abc123\\.c1\\.kafka\\.us-east-1\\.amazonaws\\.com:\\d+$`)),
      ),
    )
    expect(msk.clusterArn).toMatch(/^arn:aws:kafka:us-east-1:123456789012:cluster\/local\/[0-9a-f-]{36}-1$/)
    const admin = localKafka(msk, observed()).admin()
    await admin.connect()
    const { brokers } = await admin.describeCluster()
    await admin.disconnect()
    expect(brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual([...msk.bootstrapBrokers].sort())
  })

  test("the CLI's printed kafkajs config works as pasted: localhost brokers, kafkajs's own sockets", async () => {
    const decisions = logFrom()
    const kafka = new Kafka({
      clientId: 'my-app',
      brokers: msk.bootstrapBrokers.map((b) => `localhost:${b.slice(b.lastIndexOf(':') + 1)}`),
      ssl: { ca: [msk.caCert] },
      sasl: awsMskIam({ region: 'us-east-1', credentials: msk.identity }),
      logLevel: logLevel.NOTHING,
    })
    const admin = kafka.admin()
    await admin.connect()
    const topic = `local-pasted-${randomUUID()}`
    await createTopic(admin, topic, 3)
    const producer = kafka.producer(defaultPartitioner)
    await producer.connect()
    await producer.send({ topic, messages: [0, 1, 2].map((partition) => ({ partition, value: `v${partition}` })) })
    await producer.disconnect()
    const offsets = await admin.fetchTopicOffsets(topic)
    await admin.disconnect()
    expect(offsets.map((o) => o.high)).toEqual(['1', '1', '1'])
    expectAuthenticatedOnEveryBroker(decisions(), 'AWS_MSK_IAM')
  })

  test('clients: Java console tools with aws-msk-iam-auth produce and consume through every broker', async () => {
    const decisions = logFrom()
    const admin = localKafka(msk, observed()).admin()
    await admin.connect()
    const topic = `local-java-${randomUUID()}`
    const leaders = await createTopic(admin, topic, 3)
    await admin.disconnect()
    expect(new Set(leaders.values())).toEqual(new Set([1, 2, 3]))
    const dir = await mkdtemp(path.join(os.tmpdir(), 'local-msk-java-'))
    try {
      const hostsFile = await writeHostsFile(Object.keys(msk.emulator.hosts), path.join(dir, 'hosts'))
      const caFile = path.join(dir, 'ca.pem')
      await writeFile(caFile, msk.caCert)
      const { 'bootstrap.servers': bootstrap, ...properties } = msk.emulator.javaClientProperties()
      const env = {
        AWS_ACCESS_KEY_ID: msk.identity.accessKeyId,
        AWS_SECRET_ACCESS_KEY: msk.identity.secretAccessKey,
        AWS_SESSION_TOKEN: undefined,
        AWS_REGION: 'us-east-1',
        AWS_PROFILE: undefined,
      }
      const lines = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6']
      const produced = await runConsoleProducer({
        bootstrap: bootstrap!,
        topic,
        properties: { ...properties, acks: 'all' },
        hostsFile,
        env,
        lines,
        timeoutMs: 90_000,
        // Spread the lines over the partitions, hence over all three leaders.
        extraArgs: ['--producer-property', 'partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner'],
      })
      expect({ code: produced.code, failedSends: produced.failedSends, timedOut: produced.timedOut }).toEqual({
        code: 0,
        failedSends: 0,
        timedOut: false,
      })
      const consumed = await runConsoleConsumer({
        bootstrap: bootstrap!,
        topic,
        properties,
        hostsFile,
        env,
        maxMessages: lines.length,
        group: `local-java-${randomUUID()}`,
        timeoutMs: 90_000,
      })
      expect(consumed.timedOut).toBe(false)
      expect(consumed.stdout.trim().split('\n').sort()).toEqual(lines)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    expectAuthenticatedOnEveryBroker(decisions(), 'AWS_MSK_IAM')
  })

  test('clients: @platformatic/kafka with OAUTHBEARER produces and consumes through every broker', async () => {
    const { Admin, Consumer, MessagesStreamModes, Producer, stringDeserializers, stringSerializers } = nodeLoad(
      '@platformatic/kafka',
    ) as typeof import('@platformatic/kafka')
    const decisions = logFrom()
    const credentials = async (): Promise<AwsCredentialIdentity> => msk.identity
    const base = {
      clientId: 'local-platformatic',
      bootstrapBrokers: msk.bootstrapBrokers,
      tls: { ca: msk.caCert, lookup: msk.emulator.lookup },
      tlsServerName: true,
      sasl: mskIamOAuthBearer({ region: 'us-east-1', credentials }).platformatic(),
      retries: 5,
    }
    const topic = `local-platformatic-${randomUUID()}`
    const admin = new Admin(base)
    const producer = new Producer({ ...base, serializers: stringSerializers })
    const consumer = new Consumer({
      ...base,
      groupId: `local-platformatic-${randomUUID()}`,
      deserializers: stringDeserializers,
    })
    const values: string[] = []
    try {
      await admin.createTopics({ topics: [topic], partitions: 3, replicas: 3 })
      await producer.send({
        messages: ['p1', 'p2', 'p3'].map((value, partition) => ({ topic, value, partition })),
      })
      const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: true })
      for await (const message of stream) {
        values.push(message.value)
        if (values.length === 3) break
      }
    } finally {
      // close(true) returns its promise, but the first of its declared overloads says void: the callback form.
      await new Promise<void>((resolve, reject) => consumer.close(true, (error) => (error ? reject(error) : resolve())))
      await producer.close()
      await admin.close()
    }
    expect(values.sort()).toEqual(['p1', 'p2', 'p3'])
    expectAuthenticatedOnEveryBroker(decisions(), 'OAUTHBEARER')
  })

  const confluentMissing = confluentLoadError()
  if (confluentMissing) {
    console.warn(
      `SKIPPED @confluentinc/kafka-javascript on the local MSK: ${confluentMissing}. .ci/run installs it (CKJS_LINKING=dynamic npm install --no-save @confluentinc/kafka-javascript)`,
    )
  }
  ;(confluentMissing ? test.skip : test)(
    'clients: @confluentinc/kafka-javascript with OAUTHBEARER produces and consumes (as localhost: librdkafka takes no resolver)',
    async () => {
      const KafkaJS = loadConfluent()
      const decisions = logFrom()
      const sasl = mskIamOAuthBearer({ region: 'us-east-1', credentials: async () => msk.identity }).confluent()
      const tokenCalls = jest.fn(sasl.oauthBearerProvider)
      const kafka = new KafkaJS.Kafka({
        kafkaJS: {
          clientId: 'local-confluent',
          brokers: msk.bootstrapBrokers.map((b) => `localhost:${b.slice(b.lastIndexOf(':') + 1)}`),
          ssl: true,
          sasl: { mechanism: 'oauthbearer', oauthBearerProvider: tokenCalls },
          logLevel: KafkaJS.logLevel.NOTHING,
        },
        'ssl.ca.pem': msk.caCert,
        'broker.address.family': 'v4',
      })
      const topic = `local-confluent-${randomUUID()}`
      const admin = kafka.admin()
      const producer = kafka.producer()
      const consumer = kafka.consumer({ kafkaJS: { groupId: `local-confluent-${randomUUID()}`, fromBeginning: true } })
      const values: string[] = []
      try {
        await admin.connect()
        await waitUntil(() => tokenCalls.mock.results.length > 0, 'the first token request')
        await tokenCalls.mock.results[0]!.value
        await sleep(50)
        await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3 }] })
        await producer.connect()
        await producer.send({ topic, messages: ['c1', 'c2', 'c3'].map((value, partition) => ({ value, partition })) })
        await consumer.connect()
        await consumer.subscribe({ topics: [topic] })
        await consumer.run({
          eachMessage: async ({ message }: { message: { value: Buffer | null } }) => {
            values.push(message.value?.toString() ?? '')
          },
        })
        await waitUntil(() => values.length >= 3, 'three messages')
      } finally {
        await consumer.disconnect()
        await producer.disconnect()
        await admin.disconnect()
      }
      expect(values.sort()).toEqual(['c1', 'c2', 'c3'])
      expectAuthenticatedOnEveryBroker(decisions(), 'OAUTHBEARER')
    },
  )

  test(
    'leaders on every broker, a coordinator that is not the bootstrap broker, 3 s sessions renewed proactively ' +
      'for 60 s: no error, nothing lost, every connection of every broker re-authenticated',
    async () => {
      const watch = observed()
      const setup = localKafka(msk, observed()).admin()
      await setup.connect()
      const topic = `local-reauth-${randomUUID()}`
      const leaders = await createTopic(setup, topic, 6)
      expect(new Set(leaders.values())).toEqual(new Set([1, 2, 3]))
      let groupId = ''
      let coordinator = 0
      for (let i = 0; coordinator === 0 || coordinator === 1; i++) {
        groupId = `local-reauth-group-${i}`
        coordinator = await groupCoordinator(setup, groupId)
      }
      await setup.disconnect()

      msk.emulator.setOptions({ sessionLifetime: SESSION_MS })
      const decisions = logFrom()
      // Bootstrap through broker 1 only: the coordinator and the other leaders are reached by their own names.
      const kafka = localKafka(msk, watch, { proactive: true, brokers: [msk.bootstrapBrokers[0]!] })
      const producer = kafka.producer(defaultPartitioner)
      const consumer = kafka.consumer({ groupId })
      const crashes: unknown[] = []
      consumer.on(consumer.events.CRASH, (e) => crashes.push(e.payload.error))
      const acknowledged = new Set<string>()
      const received = new Set<string>()
      const sendErrors: unknown[] = []
      try {
        await producer.connect()
        await consumer.connect()
        await consumer.subscribe({ topics: [topic], fromBeginning: true })
        await consumer.run({ eachMessage: async ({ message }) => void received.add(message.value!.toString()) })
        const end = Date.now() + REAUTH_RUN_MS
        for (let i = 0; Date.now() < end; i++) {
          const values = [0, 1, 2].map((k) => `m-${i}-${k}`)
          try {
            await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: value, value })) })
            for (const v of values) acknowledged.add(v)
          } catch (err) {
            sendErrors.push(err)
          }
          await sleep(100)
        }
        await waitUntil(() => [...acknowledged].every((v) => received.has(v)), 'every acknowledged message', 30_000)
      } finally {
        await consumer.disconnect()
        await producer.disconnect()
        msk.emulator.setOptions({ sessionLifetime: 'credential-expiry' })
      }

      expect({
        sendErrors,
        crashes,
        kafkajsErrors: watch.kafkajsErrors,
        renewalFailures: watch.renewalFailures,
      }).toEqual({ sendErrors: [], crashes: [], kafkajsErrors: [], renewalFailures: [] })
      expect([...acknowledged].filter((v) => !received.has(v))).toEqual([])
      // The coordinator and the leaders were reached by their own names, not through the bootstrap broker.
      const hostOf = (n: number): string => msk.emulator.brokers.find((b) => b.nodeId === n)!.host
      expect(new Set(watch.sockets.map((s) => s.host))).toEqual(new Set([1, 2, 3].map(hostOf)))
      expect(coordinator).not.toBe(1)
      // Every connection that lived through two sessions was renewed, and no session ran out.
      const connections = [...connectionsOf(decisions()).values()]
      const runEnd = Date.now()
      const longLived = connections.filter((c) => (c.closedAt ?? runEnd) - c.openedAt > 3 * SESSION_MS)
      expect(new Set(longLived.map((c) => c.nodeId))).toEqual(new Set([1, 2, 3]))
      expect(longLived.filter((c) => c.reauthentications === 0)).toEqual([])
      expect(
        connections.filter((c) => c.closeReason === 'session-expired' || c.closeReason === 'illegal-sasl-state'),
      ).toEqual([])
      expect(watch.renewals.filter((r) => r.kind === 'scheduled').length).toBeGreaterThanOrEqual(longLived.length)
    },
    REAUTH_RUN_MS + 60_000,
  )

  test('Lambda cold-start storm: 200 short-lived clients at 20 new connections/s per broker, every message delivered', async () => {
    const admin = localKafka(msk, observed()).admin()
    await admin.connect()
    const topic = `local-storm-${randomUUID()}`
    await createTopic(admin, topic, 3)
    const before = msk.emulator.stats()
    const errors: unknown[] = []
    const started = Date.now()
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const producer = localKafka(msk, observed(), {
          clientId: `lambda-${i}`,
          // Retries with backoff: Too many connects is retriable, a cold start waits its turn.
          retry: { retries: 12, initialRetryTime: 250, maxRetryTime: 4000 },
        }).producer(defaultPartitioner)
        try {
          await producer.connect()
          await producer.send({ topic, acks: -1, messages: [{ key: String(i), value: `lambda-${i}` }] })
        } catch (err) {
          errors.push(err)
        } finally {
          await producer.disconnect().catch(() => undefined)
        }
      }),
    )
    const elapsedMs = Date.now() - started
    const after = msk.emulator.stats()
    const offsets = await admin.fetchTopicOffsets(topic)
    await admin.disconnect()
    const delivered = offsets.reduce((sum, p) => sum + Number(p.high), 0)
    const accepted = after.authenticationsAccepted - before.authenticationsAccepted
    const refused =
      (after.authenticationsDenied['Too many connects'] ?? 0) - (before.authenticationsDenied['Too many connects'] ?? 0)
    const perSecond = 20 * 3
    const boundMs = (accepted / perSecond) * 1000
    console.log(
      `[storm] 200 clients: ${accepted} connections authenticated, ${refused} refused with Too many connects; ` +
        `all done in ${elapsedMs} ms, bound ${Math.round(boundMs)} ms (${accepted} / (20/s × 3 brokers)): ` +
        `${(elapsedMs / boundMs).toFixed(2)}× the bound`,
    )
    expect(errors).toEqual([])
    expect(delivered).toBe(200)
    expect(refused).toBeGreaterThan(0)
    // The limit held: in t seconds at most 60 per rolling second got in (plus the first second's burst).
    expect(accepted).toBeLessThanOrEqual(perSecond * (elapsedMs / 1000 + 1))
  }, 120_000)

  test('rolling restart, as MSK patches: each broker stopped and started in turn under an idempotent producer and a consumer group; nothing acknowledged lost, no error surfaced', async () => {
    const watch = observed()
    const admin = localKafka(msk, observed()).admin()
    await admin.connect()
    const topic = `local-rolling-${randomUUID()}`
    await createTopic(admin, topic, 6)
    const kafka = localKafka(msk, watch, { retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 3000 } })
    const producer = kafka.producer({ ...defaultPartitioner, idempotent: true, maxInFlightRequests: 1 })
    const consumer = kafka.consumer({ groupId: `local-rolling-${randomUUID()}` })
    const crashes: unknown[] = []
    consumer.on(consumer.events.CRASH, (e) => crashes.push(e.payload.error))
    const acknowledged: string[] = []
    const received = new Set<string>()
    const sendErrors: unknown[] = []
    let producing = true
    await producer.connect()
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({ eachMessage: async ({ message }) => void received.add(message.value!.toString()) })
    const loop = (async () => {
      for (let i = 0; producing; i++) {
        const value = `r-${i}`
        try {
          await producer.send({ topic, acks: -1, messages: [{ key: value, value }] })
          acknowledged.push(value)
        } catch (err) {
          sendErrors.push(err)
        }
        await sleep(50)
      }
    })()
    try {
      await sleep(2000)
      for (const nodeId of [1, 2, 3]) {
        await msk.stopBroker(nodeId)
        await sleep(1000)
        await msk.startBroker(nodeId)
        await waitFullyReplicated(admin, [topic, '__consumer_offsets'])
      }
      await sleep(2000)
    } finally {
      producing = false
      await loop
    }
    try {
      await waitUntil(() => acknowledged.every((v) => received.has(v)), 'every acknowledged message', 60_000)
    } finally {
      await consumer.disconnect()
      await producer.disconnect()
      await admin.disconnect()
    }
    expect({ sendErrors, crashes }).toEqual({ sendErrors: [], crashes: [] })
    expect(acknowledged.filter((v) => !received.has(v))).toEqual([])
    expect(acknowledged.length).toBeGreaterThan(100)
  }, 300_000)

  /** Accepted authentications of `mechanism` in `decisions` reached all three brokers. */
  function expectAuthenticatedOnEveryBroker(decisions: EmulatorLogEntry[], mechanism: string): void {
    const nodeOf = new Map(decisions.filter((e) => e.event === 'connection').map((e) => [e.connectionId, e.nodeId]))
    const accepted = decisions.filter(
      (e) => e.event === 'authenticate' && e.outcome === 'accepted' && e.mechanism === mechanism,
    )
    expect(new Set(accepted.map((e) => nodeOf.get(e.connectionId)))).toEqual(new Set([1, 2, 3]))
    expect(decisions.filter((e) => e.outcome === 'denied')).toEqual([])
  }
})
