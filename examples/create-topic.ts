// Creates the topic the other examples use. MSK does not create topics on first use
// (auto.create.topics.enable is false), and neither does the local cluster.
//
// Environment: KAFKA_BROKERS, KAFKA_TOPIC (default 'orders'), KAFKA_CA_FILE (examples/README.md).
// Credentials and region: the AWS default chain, and the broker names (AWS_REGION where they name none).
import { readFileSync } from 'node:fs'
import { Kafka } from 'kafkajs'
import { awsMskIam, explainError } from 'kafkajs-msk-iam'

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean)
if (brokers.length === 0) throw new Error('set KAFKA_BROKERS to the IAM bootstrap brokers (host:9098,…)')
const topic = process.env.KAFKA_TOPIC ?? 'orders'

const kafka = new Kafka({
  clientId: 'create-topic',
  brokers,
  // MSK's certificates chain to public CAs: `ssl: true` is enough. KAFKA_CA_FILE is for the local cluster.
  ssl: process.env.KAFKA_CA_FILE ? { ca: [readFileSync(process.env.KAFKA_CA_FILE, 'utf8')] } : true,
  sasl: awsMskIam(),
})

async function main(): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    // The IAM policy needs kafka-cluster:Connect and kafka-cluster:CreateTopic on the topic's ARN.
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
    console.log(created ? `created topic ${topic}` : `topic ${topic} already exists`)
  } finally {
    await admin.disconnect()
  }
}

main().catch((error: unknown) => {
  console.error(String(explainError(error))) // the typed MskIamError (code, cause, fix) when there is one
  process.exit(1)
})
