// startKafkaCluster() with 3 real brokers: start, replication across all of them, a rolling restart under
// a running idempotent producer (plain kafkajs on PLAINTEXT: the IAM end-to-end version runs through
// startLocalMsk), a crash and restart, and nothing left behind by close().
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { ConfigResourceTypes, Kafka, logLevel, type Producer } from 'kafkajs'
import { recordsDir } from '../../src/testing/kafka/leftovers.js'
import { isAlive } from '../../src/testing/kafka/processes.js'
import { startKafkaCluster, type KafkaCluster } from '../../src/testing/kafka/startKafkaCluster.js'
import { consumeValues } from '../helpers/consumeValues.js'
import { createTopicAndWait } from '../helpers/createTopicAndWait.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
jest.setTimeout(300_000)

let cluster: KafkaCluster
let startMs = 0

beforeAll(async () => {
  const started = Date.now()
  cluster = await startKafkaCluster({
    brokers: 3,
    listeners: [{ name: 'EXTERNAL', securityProtocol: 'PLAINTEXT' }],
    nodeProperties: (nodeId) => ({ 'broker.rack': `use1-az${nodeId}` }),
  })
  startMs = Date.now() - started
  // Logged, not asserted: wall-clock on a shared 2-core runner says little (the target is ≤ 30 s).
  console.log(`3 kafka nodes ready in ${startMs} ms`)
})

afterAll(async () => {
  await cluster?.close()
})

const kafka = (brokers = cluster.bootstrap.split(',')): Kafka =>
  new Kafka({ clientId: 'cluster-test', brokers, logLevel: logLevel.NOTHING })

describe('a 3-broker cluster', () => {
  it('has three running nodes on distinct ports, each with its own PID and the extra listener', () => {
    expect(cluster.nodes.map((n) => n.nodeId)).toEqual([1, 2, 3])
    expect(cluster.nodes.every((n) => n.running && typeof n.pid === 'number')).toBe(true)
    const ports = cluster.nodes.flatMap((n) => [n.ports.PLAINTEXT, n.ports.CONTROLLER, n.ports.EXTERNAL])
    expect(new Set(ports).size).toBe(9)
    expect(cluster.bootstrap).toBe(cluster.nodes.map((n) => `127.0.0.1:${n.port}`).join(','))
  })

  it('Metadata lists all three brokers, on each listener; nodeProperties reached every node', async () => {
    const admin = kafka().admin()
    await admin.connect()
    try {
      const { brokers } = await admin.describeCluster()
      expect(brokers.map((b) => [b.nodeId, b.port]).sort()).toEqual(cluster.nodes.map((n) => [n.nodeId, n.port]))
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: cluster.nodes.map((n) => ({
          type: ConfigResourceTypes.BROKER,
          name: String(n.nodeId),
          configNames: ['broker.rack', 'min.insync.replicas'],
        })),
      })
      const racks = resources.map((r) => r.configEntries.find((e) => e.configName === 'broker.rack')?.configValue)
      expect(racks.sort()).toEqual(['use1-az1', 'use1-az2', 'use1-az3'])
      for (const r of resources)
        expect(r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue).toBe('2')
    } finally {
      await admin.disconnect()
    }
    const external = kafka([`127.0.0.1:${cluster.nodes[1]!.ports.EXTERNAL}`]).admin()
    await external.connect()
    try {
      const { brokers } = await external.describeCluster()
      expect(brokers.map((b) => b.port).sort()).toEqual(cluster.nodes.map((n) => n.ports.EXTERNAL).sort())
    } finally {
      await external.disconnect()
    }
  })

  it('a topic with 6 partitions and RF 3 has leaders on every broker and all replicas in sync', async () => {
    const topic = `rf3-${randomUUID()}`
    const admin = kafka().admin()
    await admin.connect()
    try {
      const partitions = await createTopicAndWait(admin, topic, { numPartitions: 6, replicationFactor: 3 })
      expect(partitions).toHaveLength(6)
      expect(new Set(partitions.map((p) => p.leader))).toEqual(new Set([1, 2, 3]))
      for (const p of partitions) {
        expect([...p.replicas].sort()).toEqual([1, 2, 3])
        expect([...p.isr].sort()).toEqual([1, 2, 3])
      }
    } finally {
      await admin.disconnect()
    }
  })

  it('rolling restart under an idempotent producer: every node stops (controlled) and comes back; nothing acknowledged is lost, no send fails', async () => {
    const topic = `rolling-${randomUUID()}`
    const client = kafka()
    const admin = client.admin()
    await admin.connect()
    await createTopicAndWait(admin, topic, { numPartitions: 6, replicationFactor: 3 })
    await admin.disconnect()

    const producer: Producer = client.producer({ idempotent: true, maxInFlightRequests: 1 })
    await producer.connect()
    const acknowledged: string[] = []
    const failures: string[] = []
    let stop = false
    const producing = (async () => {
      for (let i = 0; !stop; i++) {
        const value = `m-${i}`
        try {
          await producer.send({ topic, acks: -1, messages: [{ key: String(i % 12), value }] })
          acknowledged.push(value)
        } catch (error) {
          failures.push(`${value}: ${(error as Error).message}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()

    const pids: Array<number | undefined> = []
    try {
      for (const node of cluster.nodes) {
        pids.push(node.pid)
        await cluster.stopBroker(node.nodeId)
        const before = acknowledged.length
        expect(node.running).toBe(false)
        expect(node.pid).toBeUndefined()
        // With RF 3 and min ISR 2, acks=all keeps working while one node is down.
        while (acknowledged.length < before + 10 && failures.length === 0) await new Promise((r) => setTimeout(r, 50))
        await cluster.startBroker(node.nodeId)
        expect(node.running).toBe(true)
      }
    } finally {
      stop = true
      await producing
      await producer.disconnect()
    }
    expect(failures).toEqual([])
    expect(cluster.nodes.map((n) => n.pid)).not.toEqual(pids)
    expect(cluster.nodes.every((n, i) => n.pid !== pids[i])).toBe(true)

    const consumer = client.consumer({ groupId: `rolling-${randomUUID()}` })
    await consumer.connect()
    try {
      const consumed = await consumeValues(consumer, topic, acknowledged.length)
      expect(new Set(consumed)).toEqual(new Set(acknowledged))
      expect(consumed).toHaveLength(acknowledged.length) // idempotence: no duplicate in the log
    } finally {
      await consumer.disconnect()
    }
  })

  it('a crashed node (SIGKILL) restarts from its data with the same ports', async () => {
    const node = cluster.nodes[2]!
    const ports = node.ports
    await cluster.stopBroker(node.nodeId, { kill: true })
    expect(node.running).toBe(false)
    await cluster.startBroker(node.nodeId)
    expect(node.ports).toEqual(ports)
    const admin = kafka([`127.0.0.1:${node.port}`]).admin()
    await admin.connect()
    try {
      expect((await admin.describeCluster()).brokers).toHaveLength(3)
      expect(await admin.listTopics()).toEqual(expect.arrayContaining([expect.stringMatching(/^rolling-/)]))
    } finally {
      await admin.disconnect()
    }
  })

  it('close() leaves no JVM, no data dir and no record behind', async () => {
    const pids = cluster.nodes.map((n) => n.pid!)
    expect(pids.every(isAlive)).toBe(true)
    const prefix = `${process.pid}-${path.basename(cluster.dir)}-`
    expect((await readdir(recordsDir())).filter((f) => f.startsWith(prefix))).toHaveLength(3)
    await cluster.close()
    expect(pids.filter(isAlive)).toEqual([])
    expect(existsSync(cluster.dir)).toBe(false)
    expect((await readdir(recordsDir())).filter((f) => f.startsWith(prefix))).toEqual([])
    await cluster.close() // idempotent
    await expect(cluster.startBroker(1)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })
})
