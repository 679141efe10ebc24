// npm run demo: a local MSK cluster (3 real Apache Kafka brokers behind the MSK IAM emulator, TLS and IAM
// as on MSK) and kafkajs talking to it through kafkajs-msk-iam, printing every authentication and
// re-authentication. Needs Java 17+ and, the first time, Maven; stops everything it started.
//
// Copy it into your own tests: the two relative imports below are 'kafkajs-msk-iam' and
// 'kafkajs-msk-iam/testing' there; the rest stays as it is.
import { Kafka, logLevel, type Admin, type PartitionMetadata } from 'kafkajs'
import { awsMskIam, proactiveReauthentication } from '../src/index.js'
import { LocalKafkaError, startLocalMsk } from '../src/testing/index.js'

// MSK sessions last about an hour (until the credentials expire). Here they last 6 s, so that the
// re-authentications kafkajs-msk-iam performs show within a demo of a few seconds.
const SESSION_MS = 6_000
const MESSAGES = 12

const log = (line: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`)

/** `b-2` for `b-2.local.abc123.c1.kafka.us-east-1.amazonaws.com:9098`. */
const brokerName = (hostPort: string): string => hostPort.slice(0, hostPort.indexOf('.'))

/**
 * The partitions of a new topic once each has a leader. Not kafkajs's `waitForLeaders`: on several brokers
 * its Metadata request may reach a broker that has not heard of the topic yet, and kafkajs 2.2.4 then
 * throws UNKNOWN_TOPIC_OR_PARTITION although the topic exists (it retries LEADER_NOT_AVAILABLE only).
 */
async function leadersOf(admin: Admin, topic: string, count: number): Promise<PartitionMetadata[]> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const partitions = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions ?? []
      if (partitions.length === count && partitions.every((p) => p.leader >= 0)) return partitions
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable) throw error
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`topic ${topic} has no leaders after 30 s`)
}

async function main(): Promise<void> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
  log(
    `sessions last ${SESSION_MS / 1000} s here (MSK: about an hour) so that re-authentication shows; code: scripts/demo.ts`,
  )
  log('starting a local MSK cluster: 3 Apache Kafka brokers (jars from Maven Central, cached) behind the emulator…')
  const msk = await startLocalMsk({ brokers: 3, sessionLifetime: SESSION_MS })
  try {
    log(`ready: ${msk.clusterArn}`)
    log(`bootstrap brokers (TLS + IAM): ${msk.bootstrapBrokers.join(',')}`)

    // What an application on MSK writes, plus the local cluster's CA and its name resolution.
    const sasl = awsMskIam({ credentials: msk.identity })
    const kafka = new Kafka({
      clientId: 'msk-iam-demo',
      brokers: msk.bootstrapBrokers,
      ssl: { ca: [msk.caCert] },
      sasl,
      // Renews each connection's session before it expires (and reports it), instead of before a request.
      socketFactory: proactiveReauthentication(sasl, {
        socketFactory: msk.socketFactory,
        onReauthenticated: (e) =>
          e.kind === 'initial'
            ? log(
                `${brokerName(e.broker)}: authenticated, request-id ${e.requestId}, session ${e.sessionLifetimeMs} ms`,
              )
            : log(
                `${brokerName(e.broker)}: re-authenticated in ${e.durationMs} ms, request-id ${e.requestId}, session ${e.sessionLifetimeMs} ms`,
              ),
        onReauthenticationFailed: (f) => log(`${brokerName(f.broker)}: re-authentication failed: ${f.error.message}`),
      }),
      logLevel: logLevel.NOTHING, // kafkajs logs harmless, retried start-up errors; failures still throw
    })

    const topic = `demo-${Date.now()}`
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: false })
    const partitions = await leadersOf(admin, topic, 3)
    log(`topic ${topic}: ${partitions.map((p) => `partition ${p.partitionId} led by broker ${p.leader}`).join(', ')}`)
    await admin.disconnect()

    const consumer = kafka.consumer({ groupId: `${topic}-group` })
    const producer = kafka.producer({ idempotent: true })
    const received = new Set<string>()
    try {
      await consumer.connect()
      await consumer.subscribe({ topic, fromBeginning: true })
      const allReceived = new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            received.add(message.value?.toString() ?? '')
            log(`consumed ${message.value?.toString()} from partition ${partition}`)
            if (received.size === MESSAGES) resolve()
          },
        })
      })
      await producer.connect()
      for (let i = 1; i <= MESSAGES; i++) {
        await producer.send({ topic, messages: [{ key: String(i), value: `message ${i}` }] })
        log(`produced message ${i}`)
        await new Promise((resolve) => setTimeout(resolve, 1_000)) // spread over two sessions
      }
      await Promise.race([
        allReceived,
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out waiting for messages')), 60_000)),
      ])
    } finally {
      await producer.disconnect()
      await consumer.disconnect()
    }
    const stats = msk.emulator.stats()
    log(
      `done: ${received.size}/${MESSAGES} messages consumed; the emulator verified ${stats.authenticationsAccepted} authentications and ${stats.reauthentications} re-authentications`,
    )
  } finally {
    await msk.close()
    log('stopped Kafka and the emulator')
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Java or Maven missing: one line saying what to install.
    if (error instanceof LocalKafkaError) console.error(`demo: ${error.message}`)
    else console.error(error)
    process.exit(1)
  },
)
