import type { Consumer } from 'kafkajs'

/** Subscribes `consumer` to `topic` from the beginning and runs it until `count` values arrived. */
export async function consumeValues(consumer: Consumer, topic: string, count: number): Promise<string[]> {
  const values: string[] = []
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '')
          if (values.length === count) resolve()
        },
      })
      .catch(reject)
  })
  return values
}
