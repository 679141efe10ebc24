// Checks the native test broker itself (test/kafka/launcher.ts, started by globalSetup or given in
// KAFKA_BOOTSTRAP): kafkajs 2.2.4 and Kafka's Java console clients both produce and consume against it
// over plain TCP, and each reads what the other wrote.
import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { Kafka, logLevel, Partitioners } from 'kafkajs'
import { runConsoleConsumer, runConsoleProducer, writeHostsFile } from '../helpers/javaClients.js'
import { consumeValues } from '../helpers/consumeValues.js'

const bootstrap = (): string => {
  const value = process.env.KAFKA_BOOTSTRAP
  if (!value) throw new Error('KAFKA_BOOTSTRAP is not set: the integration globalSetup did not run')
  return value
}

const kafka = (): Kafka => new Kafka({ clientId: 'kafka-broker-test', brokers: [bootstrap()], logLevel: logLevel.WARN })

describe('native Kafka test broker', () => {
  const kafkajsTopic = `kafkajs-${randomUUID()}`
  const javaTopic = `java-${randomUUID()}`
  const kafkajsValues = ['a', 'b', 'c'].map((v) => `kafkajs-${v}`)
  const javaValues = ['x', 'y', 'z'].map((v) => `java-${v}`)

  test('kafkajs produces and a kafkajs consumer group consumes and commits', async () => {
    const client = kafka()
    const admin = client.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic: kafkajsTopic, numPartitions: 1 }], waitForLeaders: true })

    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    await producer.send({ topic: kafkajsTopic, messages: kafkajsValues.map((value) => ({ value })) })
    await producer.disconnect()

    const groupId = `group-${randomUUID()}`
    const consumer = client.consumer({ groupId })
    await consumer.connect()
    try {
      expect(await consumeValues(consumer, kafkajsTopic, kafkajsValues.length)).toEqual(kafkajsValues)
    } finally {
      await consumer.disconnect() // commits the consumed offsets
    }
    const [committed] = await admin.fetchOffsets({ groupId, topics: [kafkajsTopic] })
    expect(committed?.partitions[0]?.offset).toBe(String(kafkajsValues.length))
    await admin.disconnect()
  })

  test('the Java console producer writes through an MSK-shaped name; kafkajs reads it', async () => {
    // The JDK resolves the MSK name via the hosts file; the broker then advertises 127.0.0.1.
    const mskName = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'
    const hostsFile = await writeHostsFile([mskName])
    try {
      const port = bootstrap().split(':').pop()
      const produced = await runConsoleProducer({
        bootstrap: `${mskName}:${port}`,
        topic: javaTopic, // auto-created by the broker
        properties: { acks: 'all' },
        lines: javaValues,
        hostsFile,
        timeoutMs: 30_000,
      })
      // stderr may carry a WARN about the topic being auto-created: judge by exit code and failed sends.
      expect({ code: produced.code, timedOut: produced.timedOut, failedSends: produced.failedSends }).toEqual({
        code: 0,
        timedOut: false,
        failedSends: 0,
      })
    } finally {
      await rm(path.dirname(hostsFile), { recursive: true, force: true })
    }

    const consumer = kafka().consumer({ groupId: `group-${randomUUID()}` })
    await consumer.connect()
    try {
      expect(await consumeValues(consumer, javaTopic, javaValues.length)).toEqual(javaValues)
    } finally {
      await consumer.disconnect()
    }
  })

  test('the Java console consumer (in a group) reads what kafkajs wrote', async () => {
    const consumed = await runConsoleConsumer({
      bootstrap: bootstrap(),
      topic: kafkajsTopic,
      properties: {},
      maxMessages: kafkajsValues.length,
      group: `java-group-${randomUUID()}`,
      timeoutMs: 30_000,
    })
    expect(consumed.timedOut).toBe(false)
    expect(consumed.code).toBe(0)
    expect(consumed.stdout.trim().split('\n')).toEqual(kafkajsValues)
  })
})
