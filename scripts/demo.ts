// The main job on the embedded default: starts a real Kafka broker (from Maven Central) and the MSK IAM
// emulator in front of it, then runs a kafkajs producer and consumer through kafkajs-msk-iam over TLS,
// printing every (re-)authentication and every message. Stops everything it started, by PID.
//   npm run demo            (KAFKA_BOOTSTRAP=host:port to use a running broker instead)
import net from 'node:net'
import tls from 'node:tls'
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs'
import { awsMskIam, proactiveReauthentication } from '../src/index.js'
import { startMskIamEmulator, TEST_CA_CERT, type EmulatorLogEntry } from '../src/testing/index.js'
import { startKafkaCluster, type KafkaCluster } from '../src/testing/kafka/startKafkaCluster.js'

const SESSION_MS = 6_000 // short sessions, so that re-authentication shows within the demo
const MESSAGES = 12

// Demo credentials known to the emulator's credential store; nothing here reaches AWS.
const identity = {
  accessKeyId: 'AKIADEMOEXAMPLE00001',
  secretAccessKey: 'demo-secret-access-key-not-a-real-secret',
  principalArn: 'arn:aws:iam::123456789012:user/demo',
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`)
}

/** MSK-shaped broker names resolve to the emulator on loopback; TLS still checks them (SNI + cert). */
const loopback: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const lookup: net.LookupFunction = (_h, options, cb) =>
    (options as { all?: boolean }).all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)
  return ssl
    ? tls.connect({ ...ssl, host, port, servername: host, lookup }, onConnect)
    : net.connect({ host, port, lookup }, onConnect)
}

async function main(): Promise<void> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
  let cluster: KafkaCluster | undefined
  const cleanups: Array<() => Promise<unknown>> = []
  try {
    let upstream = process.env.KAFKA_BOOTSTRAP
    if (!upstream) {
      log('starting Apache Kafka (KRaft, single node) from the Maven Central jars…')
      cluster = await startKafkaCluster({ brokers: 1 })
      cleanups.push(() => cluster!.close())
      upstream = cluster.bootstrap
      log(`kafka ready at ${upstream} (pid ${cluster.nodes[0]?.pid})`)
    }
    const [host, port] = [
      upstream.slice(0, upstream.lastIndexOf(':')),
      Number(upstream.slice(upstream.lastIndexOf(':') + 1)),
    ]
    const emulator = await startMskIamEmulator({
      upstream: { host, port },
      identities: [identity],
      maxSessionMs: SESSION_MS,
      listeners: { plaintext: false, tls: { port: 0 } },
      log: (entry: EmulatorLogEntry) => {
        if (entry.event === 'authenticate' || entry.event === 'reauthenticate') {
          log(
            `emulator: ${entry.event} ${entry.outcome} principal=${entry.principal ?? '-'} request-id=${entry.requestId ?? '-'} lifetime=${entry.sessionLifetimeMs ?? '-'}ms`,
          )
        }
      },
    })
    cleanups.unshift(() => emulator.close())
    const bootstrap = `${emulator.brokerHost(1)}:${emulator.tlsPort}`
    log(`MSK IAM emulator listening, bootstrap ${bootstrap} (TLS)`)

    const sasl = awsMskIam({ credentials: identity })
    const kafka = new Kafka({
      clientId: 'msk-iam-demo',
      brokers: [bootstrap],
      ssl: { ca: [TEST_CA_CERT] },
      sasl,
      socketFactory: proactiveReauthentication(sasl, {
        socketFactory: loopback,
        onReauthenticated: (e) =>
          log(
            `client: ${e.kind === 'initial' ? 'authenticated' : 're-authenticated'} ${e.broker} request-id=${e.requestId} session=${e.sessionLifetimeMs}ms${e.kind === 'initial' ? '' : ` took ${e.durationMs}ms`}`,
          ),
        onReauthenticationFailed: (f) => log(`client: re-authentication failed on ${f.broker}: ${f.error.message}`),
      }),
      // kafkajs logs retried, harmless coordinator-loading errors at start-up; failures still throw.
      logLevel: logLevel.NOTHING,
    })
    const topic = `demo-${Date.now()}`
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })
    await admin.disconnect()

    const consumer = kafka.consumer({ groupId: `${topic}-group` })
    const producer = kafka.producer({ idempotent: true })
    cleanups.unshift(
      () => consumer.disconnect(),
      () => producer.disconnect(),
    )
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    const received = new Set<string>()
    const allReceived = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const value = message.value?.toString() ?? ''
          received.add(value)
          log(`consumed ${value}`)
          if (received.size === MESSAGES) resolve()
        },
      })
    })
    await producer.connect()
    for (let i = 1; i <= MESSAGES; i++) {
      await producer.send({ topic, messages: [{ value: `message ${i}` }] })
      log(`produced message ${i}`)
      await new Promise((r) => setTimeout(r, 1_000)) // spread over two sessions, so renewals show
    }
    await Promise.race([
      allReceived,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out waiting for messages')), 60_000)),
    ])
    const stats = emulator.stats()
    log(
      `done: ${received.size}/${MESSAGES} messages consumed; emulator: ${stats.authenticationsAccepted} authentications, ${stats.reauthentications} re-authentications, ${stats.connectionsClosed} connections closed`,
    )
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e: unknown) => log(`cleanup: ${String(e)}`))
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
