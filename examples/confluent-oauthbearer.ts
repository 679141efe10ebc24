// @confluentinc/kafka-javascript (librdkafka) producing to MSK with IAM authentication over OAUTHBEARER,
// through its kafkajs-compatible API.
//
// Environment: KAFKA_BROKERS, KAFKA_TOPIC (default 'orders'), KAFKA_CA_FILE (examples/README.md). Credentials:
// the AWS default chain. Region: AWS_REGION (the token is signed for the region, not for a broker).
import { KafkaJS } from '@confluentinc/kafka-javascript'
import { explainError, mskIamOAuthBearer } from 'kafkajs-msk-iam'

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean)
if (brokers.length === 0) throw new Error('set KAFKA_BROKERS to the IAM bootstrap brokers (host:9098,…)')
const topic = process.env.KAFKA_TOPIC ?? 'orders'

const kafka = new KafkaJS.Kafka({
  kafkaJS: {
    clientId: 'orders-confluent',
    brokers,
    ssl: true,
    // { mechanism: 'oauthbearer', oauthBearerProvider }: librdkafka asks for a new token at about 80 % of the
    // lifetime the provider reports, and this one hands out a cached token until then.
    sasl: mskIamOAuthBearer().confluent(),
    logLevel: KafkaJS.logLevel.WARN,
  },
  // librdkafka reads its trust store from a file: MSK needs none, the local cluster its CA.
  ...(process.env.KAFKA_CA_FILE ? { 'ssl.ca.location': process.env.KAFKA_CA_FILE } : {}),
})
const producer = kafka.producer()

async function main(): Promise<void> {
  await producer.connect()
  try {
    const [result] = await producer.send({
      topic,
      messages: [{ key: 'order-4', value: JSON.stringify({ id: 'order-4', total: 7 }) }],
    })
    console.log(`sent 1 message to ${topic}: partition ${result?.partition}, offset ${result?.baseOffset}`)
  } finally {
    await producer.disconnect()
  }
}

main().catch((error: unknown) => {
  console.error(String(explainError(error))) // the typed MskIamError (code, cause, fix) when there is one
  process.exit(1)
})
