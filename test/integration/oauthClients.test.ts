// mskIamOAuthBearer() with three Node Kafka clients, through the MSK IAM emulator (OAUTHBEARER over TLS)
// in front of the real test broker: each produces and consumes, every authentication is an OAUTHBEARER
// one the emulator's verifier accepted for the right principal, and the credentials are fetched once.
//
// Name resolution: kafkajs and @platformatic/kafka reach the emulator's MSK-shaped broker names through a
// `lookup` that answers 127.0.0.1. librdkafka resolves names itself (no hook in the Node binding), so its
// emulator advertises `localhost` (covered by the test certificate) through the `brokerHost` option.
import { randomUUID } from 'node:crypto'
import Module from 'node:module'
import type { AwsCredentialIdentity } from '@smithy/types'
import { Kafka, logLevel, Partitioners } from 'kafkajs'
import { mskIamOAuthBearer } from '../../src/oauth/mskIamOAuthBearer.js'
import { generateAuthTokenFromCredentialsProvider } from '../../src/oauth/signerJsCompat.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator, MskIamEmulatorOptions } from '../../src/testing/types.js'
import type { EmulatorIdentity } from '../../src/testing/verifier/types.js'
import { TEST_SECRETS } from '../helpers/secretScan.js'
import { kafkaUpstream, loopbackLookup, mskSocketFactory } from '../helpers/emulatorHelpers.js'
import { confluentLoadError, loadConfluent } from '../helpers/confluentKafka.js'
import { consumeValues } from '../helpers/consumeValues.js'

// @platformatic/kafka is ESM-only: jest's CommonJS registry cannot load it, Node's own loader can
// (require(esm), Node ≥ 20.19). Resolve with jest, load with Node.
const nodeLoad = (request: string): unknown =>
  (Module as unknown as { _load(path: string, parent: null): unknown })._load(require.resolve(request), null)
type Platformatic = typeof import('@platformatic/kafka')

const REGION = 'us-east-1'
const identity: EmulatorIdentity = {
  accessKeyId: 'ASIAOAUTHCLIENTS',
  secretAccessKey: TEST_SECRETS.otherSecretAccessKey,
  sessionToken: TEST_SECRETS.otherSessionToken,
  principalArn: 'arn:aws:sts::111122223333:assumed-role/oauth-clients/app',
}
const credentials = {
  accessKeyId: identity.accessKeyId,
  secretAccessKey: identity.secretAccessKey,
  sessionToken: identity.sessionToken,
}

/** A fresh credentials provider counting its calls, and the token source built on it. */
function tokens() {
  const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => ({
    ...credentials,
    expiration: new Date(Date.now() + 3_600_000),
  }))
  return { provider, msk: mskIamOAuthBearer({ region: REGION, credentials: provider }) }
}

async function startEmulator(
  log: EmulatorLogEntry[],
  extra: Partial<MskIamEmulatorOptions> = {},
): Promise<MskIamEmulator> {
  return startMskIamEmulator({
    upstream: kafkaUpstream(),
    region: REGION,
    identities: [identity],
    mechanisms: ['OAUTHBEARER'],
    listeners: { plaintext: false },
    log: (e) => log.push(e),
    ...extra,
  })
}

/** The emulator's accepted and denied (re-)authentications. */
function decisions(log: EmulatorLogEntry[]) {
  const auth = log.filter((e) => e.event === 'authenticate' || e.event === 'reauthenticate')
  return { accepted: auth.filter((e) => e.outcome === 'accepted'), denied: auth.filter((e) => e.outcome === 'denied') }
}

function expectOnlyOauthAccepted(log: EmulatorLogEntry[]): void {
  const { accepted, denied } = decisions(log)
  expect(denied).toEqual([])
  expect(accepted.length).toBeGreaterThan(0)
  for (const entry of accepted)
    expect(entry).toMatchObject({
      mechanism: 'OAUTHBEARER',
      principal: identity.principalArn,
      accessKeyId: identity.accessKeyId,
    })
  expect(JSON.stringify(log)).not.toContain(identity.secretAccessKey)
}

async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('OAUTHBEARER clients through the MSK IAM emulator (TLS)', () => {
  test('kafkajs: sasl: mskIamOAuthBearer().kafkajs()', async () => {
    const log: EmulatorLogEntry[] = []
    const emulator = await startEmulator(log)
    const { provider, msk } = tokens()
    const connections: { host: string; port: number }[] = []
    const kafka = new Kafka({
      clientId: 'oauth-kafkajs',
      brokers: [`${emulator.brokerHost(1)}:${emulator.tlsPort}`],
      ssl: { ca: [TEST_CA_CERT] },
      sasl: msk.kafkajs(),
      socketFactory: mskSocketFactory(connections),
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100 },
    })
    const topic = `oauth-kafkajs-${randomUUID()}`
    const admin = kafka.admin()
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    const consumer = kafka.consumer({ groupId: `oauth-kafkajs-${randomUUID()}` })
    const values: string[] = []
    try {
      await admin.connect()
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
      await producer.connect()
      await producer.send({ topic, messages: ['one', 'two', 'three'].map((value) => ({ value })) })
      await consumer.connect()
      values.push(...(await consumeValues(consumer, topic, 3)))
    } finally {
      await consumer.disconnect()
      await producer.disconnect()
      await admin.disconnect()
      await emulator.close()
    }
    expect(values).toEqual(['one', 'two', 'three'])
    expect(new Set(connections.map((c) => c.host))).toEqual(new Set([emulator.brokerHost(1)]))
    expectOnlyOauthAccepted(log)
    // Several connections (admin, producer, consumer, coordinator, fetch), one credential fetch.
    expect(decisions(log).accepted.length).toBeGreaterThanOrEqual(3)
    expect(provider).toHaveBeenCalledTimes(1)
  })

  test("kafkajs with the aws-msk-iam-sasl-signer-js drop-in, as in that library's README", async () => {
    const log: EmulatorLogEntry[] = []
    const emulator = await startEmulator(log)
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => credentials)
    const kafka = new Kafka({
      clientId: 'oauth-signer-js',
      brokers: [`${emulator.brokerHost(1)}:${emulator.tlsPort}`],
      ssl: { ca: [TEST_CA_CERT] },
      sasl: {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => ({
          value: (await generateAuthTokenFromCredentialsProvider({ region: REGION, awsCredentialsProvider: provider }))
            .token,
        }),
      },
      socketFactory: mskSocketFactory(),
      logLevel: logLevel.NOTHING,
    })
    const topic = `oauth-signer-js-${randomUUID()}`
    const admin = kafka.admin()
    try {
      await admin.connect()
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
      expect(await admin.listTopics()).toContain(topic)
    } finally {
      await admin.disconnect()
      await emulator.close()
    }
    expectOnlyOauthAccepted(log)
    expect(provider).toHaveBeenCalledTimes(1)
  })

  test('@platformatic/kafka: sasl: mskIamOAuthBearer().platformatic(), re-authenticating on 3 s sessions', async () => {
    const { Admin, Consumer, MessagesStreamModes, Producer, stringDeserializers, stringSerializers } = nodeLoad(
      '@platformatic/kafka',
    ) as Platformatic
    const log: EmulatorLogEntry[] = []
    const emulator = await startEmulator(log, { maxSessionMs: 3000 })
    const { provider, msk } = tokens()
    const base = {
      clientId: 'oauth-platformatic',
      bootstrapBrokers: [`${emulator.brokerHost(1)}:${emulator.tlsPort}`],
      tls: { ca: TEST_CA_CERT, lookup: loopbackLookup },
      tlsServerName: true,
      sasl: msk.platformatic(),
      retries: 2,
    }
    const topic = `oauth-platformatic-${randomUUID()}`
    const admin = new Admin(base)
    const producer = new Producer({ ...base, serializers: stringSerializers })
    const consumer = new Consumer({
      ...base,
      groupId: `oauth-platformatic-${randomUUID()}`,
      deserializers: stringDeserializers,
    })
    const values: string[] = []
    try {
      await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
      await producer.send({ messages: ['one', 'two', 'three'].map((value) => ({ topic, value })) })
      const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: true })
      for await (const message of stream) {
        values.push(message.value)
        if (values.length === 3) break
      }
      // Keep the producer's connection in use past two session lifetimes: it must re-authenticate.
      for (let i = 0; i < 8; i++) {
        await producer.send({ messages: [{ topic, value: `later-${i}` }] })
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
    } finally {
      // close(true) returns its promise, but the first of its declared overloads says void: the callback form.
      await new Promise<void>((resolve, reject) => consumer.close(true, (error) => (error ? reject(error) : resolve())))
      await producer.close()
      await admin.close()
      await emulator.close()
    }
    expect(values).toEqual(['one', 'two', 'three'])
    expectOnlyOauthAccepted(log)
    expect(log.some((e) => e.event === 'reauthenticate' && e.outcome === 'accepted')).toBe(true)
    expect(emulator.stats().closesByReason['session-expired'] ?? 0).toBe(0)
    expect(provider).toHaveBeenCalledTimes(1)
  })

  // A native librdkafka addon, installed by .ci/run (not a package.json devDependency: without GitHub it must
  // build librdkafka from source, which a plain `npm ci` cannot be asked to do). Skipped, visibly, without it.
  const confluentMissing = confluentLoadError()
  if (confluentMissing) {
    console.warn(
      `SKIPPED @confluentinc/kafka-javascript end-to-end test: ${confluentMissing}. Install it with: CKJS_LINKING=dynamic npm install --no-save @confluentinc/kafka-javascript`,
    )
  }
  const confluentTest = confluentMissing ? test.skip : test

  confluentTest('@confluentinc/kafka-javascript: kafkaJS: { sasl: mskIamOAuthBearer().confluent() }', async () => {
    const KafkaJS = loadConfluent()
    const log: EmulatorLogEntry[] = []
    // librdkafka cannot be given a resolver: this emulator advertises `localhost` instead of MSK names.
    const emulator = await startEmulator(log, { brokerHost: () => 'localhost' })
    const { provider, msk } = tokens()
    const sasl = msk.confluent()
    const tokenCalls = jest.fn(sasl.oauthBearerProvider)
    const kafka = new KafkaJS.Kafka({
      kafkaJS: {
        clientId: 'oauth-confluent',
        brokers: [`localhost:${emulator.tlsPort}`],
        ssl: true,
        sasl: { mechanism: 'oauthbearer', oauthBearerProvider: tokenCalls },
        logLevel: KafkaJS.logLevel.NOTHING,
      },
      'ssl.ca.pem': TEST_CA_CERT,
      'broker.address.family': 'v4',
    })
    const topic = `oauth-confluent-${randomUUID()}`
    const admin = kafka.admin()
    const producer = kafka.producer()
    const consumer = kafka.consumer({ kafkaJS: { groupId: `oauth-confluent-${randomUUID()}`, fromBeginning: true } })
    const values: string[] = []
    try {
      await admin.connect()
      // connect() resolves before the binding has the token; an admin call made before it is set holds the
      // client while setOAuthBearerToken waits for it, and times out. Wait for the first token.
      await waitUntil(() => tokenCalls.mock.results.length > 0, 'the first token request')
      await tokenCalls.mock.results[0]!.value
      await new Promise((resolve) => setTimeout(resolve, 50))
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })
      await producer.connect()
      await producer.send({ topic, messages: ['one', 'two', 'three'].map((value) => ({ value })) })
      await consumer.connect()
      await consumer.subscribe({ topics: [topic] })
      await consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '')
        },
      })
      await waitUntil(() => values.length >= 3, 'three messages')
    } finally {
      await consumer.disconnect()
      await producer.disconnect()
      await admin.disconnect()
      await emulator.close()
    }
    expect(values).toEqual(['one', 'two', 'three'])
    expectOnlyOauthAccepted(log)
    // librdkafka asks each client instance for a token once and keeps it until 80 % of its lifetime.
    expect(tokenCalls).toHaveBeenCalled()
    const answer: unknown = await tokenCalls.mock.results[0]!.value
    expect(answer).toMatchObject({ principal: 'kafka-cluster', lifetime: expect.any(Number) as unknown })
    expect(provider).toHaveBeenCalledTimes(1)
  })
})
