// Pieces of the local MSK scenarios: kafkajs clients on the cluster with a recording socket factory and an
// error-collecting logger, a decision log indexed by connection, and the group coordinator's broker.
import { Kafka, logLevel, Partitioners, type Admin, type KafkaConfig, type LogEntry, type logCreator } from 'kafkajs'
import { awsMskIam } from '../../src/awsMskIam.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import type { ReauthenticationEvent, ReauthenticationFailure, SocketFactory } from '../../src/reauth/types.js'
import type { LocalMsk } from '../../src/testing/local/types.js'
import type { EmulatorLogEntry } from '../../src/testing/types.js'
import { captureForScan } from './secretScan.js'
import { createTopicAndWait } from './createTopicAndWait.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

/** What a scenario watches: kafkajs ERROR entries, proactive renewals and their failures, sockets opened. */
export interface Observed {
  kafkajsErrors: string[]
  kafkajsWarnings: string[]
  renewals: ReauthenticationEvent[]
  renewalFailures: ReauthenticationFailure[]
  sockets: { host: string; port: number }[]
}

export function observed(): Observed {
  return { kafkajsErrors: [], kafkajsWarnings: [], renewals: [], renewalFailures: [], sockets: [] }
}

function collectingLogger(into: Observed): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const text = `${log.message}${log.error ? `: ${String(log.error)}` : ''}`
      captureForScan(text)
      if (level === logLevel.ERROR) into.kafkajsErrors.push(text)
      else if (level === logLevel.WARN) into.kafkajsWarnings.push(text)
    }
}

/** kafkajs on the local MSK with awsMskIam() (optionally proactive), recording into `into`. */
export function localKafka(
  msk: LocalMsk,
  into: Observed,
  opts: { proactive?: boolean; brokers?: string[] } & Partial<KafkaConfig> = {},
): Kafka {
  const { proactive, brokers, ...config } = opts
  const sasl = awsMskIam({ credentials: msk.identity })
  const recording: SocketFactory = (args) => {
    into.sockets.push({ host: args.host, port: args.port })
    return msk.socketFactory(args)
  }
  return new Kafka({
    clientId: 'local-msk-test',
    brokers: brokers ?? msk.bootstrapBrokers,
    ssl: { ca: [msk.caCert] },
    sasl,
    socketFactory: proactive
      ? proactiveReauthentication(sasl, {
          socketFactory: recording,
          onReauthenticated: (e) => into.renewals.push(e),
          onReauthenticationFailed: (f) => into.renewalFailures.push(f),
        })
      : recording,
    logLevel: logLevel.WARN,
    logCreator: collectingLogger(into),
    ...config,
  })
}

export const defaultPartitioner = { createPartitioner: Partitioners.DefaultPartitioner }

/** Creates a topic with RF 3 and waits until every partition has a leader; returns the leader of each. */
export async function createTopic(admin: Admin, topic: string, partitions: number): Promise<Map<number, number>> {
  const created = await createTopicAndWait(admin, topic, { numPartitions: partitions, replicationFactor: 3 })
  return new Map(created.map((p) => [p.partitionId, p.leader]))
}

/** Resolves once every partition of `topics` has all 3 replicas in sync (as MSK waits between broker patches). */
export async function waitFullyReplicated(admin: Admin, topics: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics })
      if (metadata.every((t) => t.partitions.every((p) => p.isr.length === 3 && p.leader >= 0))) return
    } catch {
      // a broker on its way back; ask again
    }
    if (Date.now() > deadline) throw new Error(`partitions of ${topics.join(', ')} not back in sync`)
    await sleep(500)
  }
}

/**
 * The broker coordinating `groupId`: the leader of its __consumer_offsets partition, which Kafka picks as
 * abs(Java String.hashCode(groupId)) % partitions (GroupCoordinatorService.topicPartitionFor).
 */
export async function groupCoordinator(admin: Admin, groupId: string): Promise<number> {
  // A DescribeGroups makes Kafka create __consumer_offsets if it does not exist yet.
  await admin.describeGroups([groupId])
  const { topics } = await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] })
  const partitions = topics[0]?.partitions ?? []
  let hash = 0
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(31, hash) + groupId.charCodeAt(i)) | 0
  const partition = (hash & 0x7fffffff) % partitions.length
  const leader = partitions.find((p) => p.partitionId === partition)?.leader
  if (leader === undefined) throw new Error(`no leader for __consumer_offsets partition ${partition}`)
  return leader
}

/** The emulator's decisions, by connection: which broker, when it opened and closed, its re-authentications. */
export interface ConnectionRecord {
  nodeId: number
  openedAt: number
  closedAt: number | undefined
  reauthentications: number
  closeReason: string | undefined
}

export function connectionsOf(log: readonly EmulatorLogEntry[]): Map<string, ConnectionRecord> {
  const byId = new Map<string, ConnectionRecord>()
  for (const e of log) {
    const id = e.connectionId
    if (id === undefined) continue
    if (e.event === 'connection' && e.nodeId !== undefined) {
      byId.set(id, {
        nodeId: e.nodeId,
        openedAt: Date.parse(e.time),
        closedAt: undefined,
        reauthentications: 0,
        closeReason: undefined,
      })
    }
    const record = byId.get(id)
    if (record === undefined) continue
    if (e.event === 'reauthenticate' && e.outcome === 'accepted') record.reauthentications++
    if (e.event === 'close') {
      record.closedAt = Date.parse(e.time)
      record.closeReason = e.reason
    }
  }
  return byId
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `predicate` holds, polling; throws `what` after `timeoutMs`. */
export async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}
