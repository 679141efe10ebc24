// The application code under test: it takes a kafkajs client, so that the test can hand it one connected to
// the local cluster and production one connected to MSK.
import type { Kafka } from 'kafkajs'

export interface Order {
  id: string
  total: number
}

/** Publishes orders keyed by id, so that all events of one order land on one partition, in order. */
export async function publishOrders(kafka: Kafka, topic: string, orders: Order[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true })
  await producer.connect()
  try {
    await producer.send({ topic, messages: orders.map((order) => ({ key: order.id, value: JSON.stringify(order) })) })
  } finally {
    await producer.disconnect()
  }
}
