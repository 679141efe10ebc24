// A long-running consumer (ECS, EKS, EC2) with proactive re-authentication.
//
// Environment: KAFKA_BROKERS, KAFKA_TOPIC (default 'orders'), KAFKA_GROUP_ID (default 'billing'),
// KAFKA_CA_FILE (examples/README.md). Credentials and region: the AWS default chain (the task or pod role),
// and the broker names (AWS_REGION where they name none).
import { readFileSync } from 'node:fs'
import { Kafka, type KafkaConfig } from 'kafkajs'
import { awsMskIam, explainError, proactiveReauthentication } from 'kafkajs-msk-iam'

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean)
if (brokers.length === 0) throw new Error('set KAFKA_BROKERS to the IAM bootstrap brokers (host:9098,…)')
const topic = process.env.KAFKA_TOPIC ?? 'orders'

const sasl = awsMskIam()
const config: KafkaConfig = {
  clientId: 'billing',
  brokers,
  ssl: process.env.KAFKA_CA_FILE ? { ca: [readFileSync(process.env.KAFKA_CA_FILE, 'utf8')] } : true,
  sasl,
  // MSK ends every session when the credentials it was signed with expire. The scheduler renews each
  // connection's session before that, off the request path: kafkajs's own renewal waits for the first request
  // after its threshold and can race with it.
  socketFactory: proactiveReauthentication(sasl, {
    onReauthenticated: ({ broker, kind, sessionLifetimeMs }) =>
      console.log(
        `${kind === 'initial' ? 'authenticated' : 're-authenticated'} to ${broker} (${kind}), ` +
          `session ${Math.round(sessionLifetimeMs / 1000)} s`,
      ),
    // Not fatal: the connection is closed and kafkajs reconnects with a new authentication.
    onReauthenticationFailed: ({ broker, error, action }) => console.warn(`${broker}: ${error.message} (${action})`),
  }),
}
const consumer = new Kafka(config).consumer({ groupId: process.env.KAFKA_GROUP_ID ?? 'billing' })

// Transient failures (a broker restart, throttled credentials) are retriable, and kafkajs restarts the
// consumer by itself; log why it crashed in words, with the broker's request-id when there is one.
consumer.on(consumer.events.CRASH, ({ payload }) => {
  const explained = explainError(payload.error, config)
  console.error(`consumer crashed (restart: ${payload.restart}): ${explained.message}`)
})

// Leave the group on SIGTERM (what ECS and Kubernetes send) so that the partitions move to the other
// members at once instead of after the session timeout.
let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (stopping) return
    stopping = true
    consumer.disconnect().then(
      () => {
        console.log(`stopped on ${signal}`)
        process.exit(0)
      },
      (error: unknown) => {
        console.error(`could not stop cleanly: ${String(explainError(error, config))}`)
        process.exit(1)
      },
    )
  })
}

async function main(): Promise<void> {
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      console.log(`consumed ${topic}[${partition}]@${message.offset}: ${message.value?.toString() ?? ''}`)
    },
  })
}

main().catch((error: unknown) => {
  console.error(`could not start: ${String(explainError(error, config))}`)
  process.exit(1)
})
