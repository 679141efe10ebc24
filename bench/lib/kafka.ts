// The one Kafka broker of a run: started from the Maven jars by src/testing/kafka (startKafkaCluster), or taken from
// KAFKA_BOOTSTRAP (then left running).
import { Kafka, logLevel } from 'kafkajs'
import { startKafkaCluster } from '../../src/testing/kafka/startKafkaCluster.js'

export interface Upstream {
  host: string
  port: number
  bootstrap: string
  /** Stops the broker if this run started it. */
  stop(): Promise<void>
  description: string
}

export async function kafkaForRun(log: (line: string) => void): Promise<Upstream> {
  const given = process.env.KAFKA_BOOTSTRAP?.split(',')[0]
  if (given) {
    const at = given.lastIndexOf(':')
    log(`using the Kafka broker at ${given} (KAFKA_BOOTSTRAP)`)
    return {
      host: given.slice(0, at),
      port: Number(given.slice(at + 1)),
      bootstrap: given,
      stop: async () => undefined,
      description: `existing broker at ${given} (KAFKA_BOOTSTRAP)`,
    }
  }
  log('starting Apache Kafka (KRaft, single node, full JIT) from the Maven Central jars…')
  const started = Date.now()
  const cluster = await startKafkaCluster({ brokers: 1, heapMb: 512, fastJit: false })
  const broker = cluster.nodes[0]!
  log(`kafka ready at ${cluster.bootstrap} (pid ${broker.pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return {
    host: broker.host,
    port: broker.port,
    bootstrap: cluster.bootstrap,
    stop: () => cluster.close(),
    description:
      'single-node Apache Kafka (KRaft) started by src/testing/kafka on the same machine (512 MB heap, Serial GC, full JIT)',
  }
}

/** Creates topics directly on Kafka (no emulator in the way). */
export async function createTopics(
  upstream: Upstream,
  topics: Array<{ topic: string; numPartitions: number }>,
): Promise<void> {
  const admin = new Kafka({
    clientId: 'bench-setup',
    brokers: [upstream.bootstrap],
    logLevel: logLevel.NOTHING,
  }).admin()
  await admin.connect()
  try {
    await admin.createTopics({ topics, waitForLeaders: true })
  } finally {
    await admin.disconnect()
  }
}
