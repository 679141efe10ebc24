// kafkajs 2.2.4's createTopics({ waitForLeaders: true }) retries only LEADER_NOT_AVAILABLE. On several
// brokers its Metadata request can reach a broker that has not applied the new topic yet, which answers
// UNKNOWN_TOPIC_OR_PARTITION: createTopics then throws although the topic exists (seen in a full run on
// 3 brokers). So tests create without waiting and wait here, tolerating what a lagging broker answers.
import type { Admin, PartitionMetadata } from 'kafkajs'

const POLL_MS = 100

export interface TopicSpec {
  numPartitions: number
  replicationFactor?: number
}

/** Creates `topic` and resolves with its partitions once every one of them has a leader. */
export async function createTopicAndWait(
  admin: Admin,
  topic: string,
  spec: TopicSpec,
  timeoutMs = 30_000,
): Promise<PartitionMetadata[]> {
  await admin.createTopics({ topics: [{ topic, ...spec }], waitForLeaders: false })
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics
      const partitions = metadata?.partitions ?? []
      if (partitions.length === spec.numPartitions && partitions.every((p) => p.leader >= 0)) return partitions
      last = new Error(`${partitions.length} of ${spec.numPartitions} partitions with a leader`)
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true) throw error
      last = error
    }
    if (Date.now() > deadline) throw new Error(`topic ${topic} has no leaders after ${timeoutMs} ms: ${String(last)}`)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
