// A jest integration test of an application against a local MSK cluster: a real Kafka broker (started from
// Maven Central's jars: needs Java 17+ and Maven) behind the MSK IAM emulator, which checks every signature as
// MSK does. No AWS account, no Docker.
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs'
import { awsMskIam, explainError, isMskIamError } from 'kafkajs-msk-iam'
import { startLocalMsk, type LocalMsk } from 'kafkajs-msk-iam/testing'
import { publishOrders, type Order } from './orders.js'

let msk: LocalMsk
let config: KafkaConfig

beforeAll(async () => {
  msk = await startLocalMsk({ brokers: 1 })
  config = {
    clientId: 'orders-test',
    brokers: msk.bootstrapBrokers, // MSK's names (b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com:…)
    ssl: { ca: [msk.caCert] }, // the certificate is issued for those names by this CA
    sasl: awsMskIam({ credentials: msk.identity }), // the one identity the local cluster accepts
    socketFactory: msk.socketFactory, // resolves the MSK names to the local listeners
    logLevel: logLevel.NOTHING,
  }
  // Like MSK, the local cluster does not create topics on first use.
  const admin = new Kafka(config).admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }], waitForLeaders: true })
  await admin.disconnect()
}, 180_000)

afterAll(async () => {
  await msk?.close()
})

test('published orders are read back, each with its id as the key', async () => {
  const orders: Order[] = [
    { id: 'o-1', total: 10 },
    { id: 'o-2', total: 20 },
  ]
  const kafka = new Kafka(config)
  await publishOrders(kafka, 'orders', orders)

  const consumer = kafka.consumer({ groupId: 'orders-test' })
  const received: Array<{ key: string | undefined; order: Order }> = []
  await consumer.connect()
  await consumer.subscribe({ topic: 'orders', fromBeginning: true })
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          received.push({ key: message.key?.toString(), order: JSON.parse(message.value!.toString()) as Order })
          if (received.length === orders.length) resolve()
        },
      })
      .catch(reject)
  })
  await consumer.disconnect()
  received.sort((a, b) => a.order.id.localeCompare(b.order.id))
  expect(received).toEqual(orders.map((order) => ({ key: order.id, order })))
}, 60_000)

test('a wrong secret key is refused, as MSK refuses it', async () => {
  const kafka = new Kafka({
    ...config,
    sasl: awsMskIam({ credentials: { ...msk.identity, secretAccessKey: 'not-the-right-secret' } }),
  })
  const error = await publishOrders(kafka, 'orders', [{ id: 'o-3', total: 30 }]).then(
    () => undefined,
    (thrown: unknown) => explainError(thrown, config),
  )
  // ACCESS_DENIED is not retriable: kafkajs gives up at once instead of retrying a signature that cannot pass.
  expect(isMskIamError(error) && error.code).toBe('ACCESS_DENIED')
}, 60_000)
