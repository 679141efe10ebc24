// An AWS Lambda handler that produces to MSK with IAM authentication.
//
// Environment: KAFKA_BROKERS, KAFKA_TOPIC (default 'orders'), KAFKA_CA_FILE (examples/README.md). Lambda sets
// the credentials (the function's role) and AWS_REGION; the region also comes from MSK's broker names.
import { readFileSync } from 'node:fs'
import { Kafka, Partitioners, type KafkaConfig } from 'kafkajs'
import { awsMskIam, explainError, proactiveReauthentication } from 'kafkajs-msk-iam'

export interface OrderEvent {
  orders: Array<{ id: string; total: number }>
}

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean)
if (brokers.length === 0) throw new Error('set KAFKA_BROKERS to the IAM bootstrap brokers (host:9098,…)')
const topic = process.env.KAFKA_TOPIC ?? 'orders'

// Module scope: created once per execution environment and reused by every warm invocation, with its
// connections and cached credentials. One client per invocation would open new connections each time, and
// MSK accepts only about 20 new IAM connections per second per broker.
const sasl = awsMskIam()
const config: KafkaConfig = {
  clientId: 'orders-lambda',
  brokers,
  ssl: process.env.KAFKA_CA_FILE ? { ca: [readFileSync(process.env.KAFKA_CA_FILE, 'utf8')] } : true,
  sasl,
  // A frozen environment's timers do not run. After a thaw, the scheduler renews a session that came due while
  // frozen before the first request is written on it, instead of that request meeting an expired session.
  socketFactory: proactiveReauthentication(sasl),
  // Cold starts that arrive together meet MSK's limit on new connections ("Too many connects", retriable):
  // retry soon, often and at random (factor 1), so that a refused client takes the next free slot (README).
  retry: { initialRetryTime: 100, maxRetryTime: 500, factor: 1, retries: 40 },
}
// The default partitioner, chosen explicitly: kafkajs warns on every cold start otherwise.
const producer = new Kafka(config).producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner })
let connected: Promise<void> | undefined

export async function handler(event: OrderEvent): Promise<{ sent: number }> {
  // Connect on the first invocation, not at import: a failure then fails one invocation (and is retried
  // by the next) instead of the whole cold start. A failed attempt is forgotten so that the next one retries.
  connected ??= producer.connect().catch((error: unknown) => {
    connected = undefined
    throw error
  })
  try {
    await connected
    await producer.send({
      topic,
      messages: event.orders.map((order) => ({ key: order.id, value: JSON.stringify(order) })),
    })
  } catch (error) {
    // The typed MskIamError (code, request-id, plain-words cause) instead of kafkajs's wrapper, in the log.
    throw explainError(error, config)
  }
  // No disconnect: the environment is frozen between invocations and the connection is reused after the thaw.
  return { sent: event.orders.length }
}
