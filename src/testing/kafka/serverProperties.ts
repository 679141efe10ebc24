import * as path from 'node:path'
import { CONTROLLER_LISTENER, HOST, PLAINTEXT_LISTENER } from './constants.js'

export interface ListenerSpec {
  /** Listener name as Kafka spells it (upper case letters, digits, `_`), e.g. `SASL_AUTHZ`. */
  name: string
  securityProtocol: 'PLAINTEXT' | 'SASL_PLAINTEXT'
}

export interface NodeLayout {
  nodeId: number
  /** Port of every listener of this node, by name (PLAINTEXT, CONTROLLER and the extra ones). */
  ports: Record<string, number>
  /** The node's own folder: server.properties, server.log, logs/. */
  dir: string
}

export interface ClusterLayout {
  nodes: NodeLayout[]
  listeners: ListenerSpec[]
  /** Extra server.properties for every node; they win over the defaults below. */
  properties: Record<string, string>
  nodeProperties?: (nodeId: number, ports: Record<string, number>) => Record<string, string>
}

/**
 * Replication settings as MSK sets them for a cluster of this size: internal topics and new topics get
 * RF 3 (or every broker, when there are fewer), min.insync.replicas 2 from 3 brokers on (RF 3 minus one
 * broker being patched), else 1. One __consumer_offsets partition per broker: group coordinators are then
 * spread over the brokers (not all on the bootstrap one) while readiness stays a probe per broker.
 */
export function replicationDefaults(brokers: number): Record<string, string> {
  const rf = String(Math.min(3, brokers))
  const minIsr = String(brokers >= 3 ? 2 : 1)
  const partitions = String(brokers)
  return {
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': partitions,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': partitions,
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': minIsr,
    'share.coordinator.state.topic.num.partitions': partitions,
  }
}

/** Where a node's server.properties is (its command line names it: the leftover sweep checks that). */
export const propertiesFile = (node: NodeLayout): string => path.join(node.dir, 'server.properties')

const listenerList = (ports: Record<string, number>, names: string[]): string =>
  names.map((name) => `${name}://${HOST}:${ports[name]}`).join(',')

/** server.properties of one combined broker+controller KRaft node. */
export function serverProperties(node: NodeLayout, cluster: ClusterLayout): Record<string, string> {
  const extra = cluster.listeners.map((l) => l.name)
  const brokerListeners = [PLAINTEXT_LISTENER, ...extra]
  return {
    'process.roles': 'broker,controller',
    'node.id': String(node.nodeId),
    // Static voters: every node is a controller and the quorum is known up front, so each node formats its
    // storage on its own (no --initial-controllers with directory ids) and a restarted node rejoins as is.
    'controller.quorum.voters': cluster.nodes
      .map((n) => `${n.nodeId}@${HOST}:${n.ports[CONTROLLER_LISTENER]}`)
      .join(','),
    listeners: listenerList(node.ports, [...brokerListeners, CONTROLLER_LISTENER]),
    'advertised.listeners': listenerList(node.ports, brokerListeners),
    'listener.security.protocol.map': [
      `${PLAINTEXT_LISTENER}:PLAINTEXT`,
      `${CONTROLLER_LISTENER}:PLAINTEXT`,
      ...cluster.listeners.map((l) => `${l.name}:${l.securityProtocol}`),
    ].join(','),
    'controller.listener.names': CONTROLLER_LISTENER,
    'inter.broker.listener.name': PLAINTEXT_LISTENER,
    'log.dirs': path.join(node.dir, 'logs'),
    'num.partitions': '1',
    'auto.create.topics.enable': 'true',
    ...replicationDefaults(cluster.nodes.length),
    // Tests join groups all the time; the 3 s default delay would add 3 s to each first join.
    'group.initial.rebalance.delay.ms': '0',
    // A restarted node is refused (DUPLICATE_BROKER_REGISTRATION) until its previous session expires, even
    // after a controlled shutdown: the 9 s default made each restart of a rolling restart take ~10 s.
    'broker.session.timeout.ms': '4500',
    'broker.heartbeat.interval.ms': '1000',
    // The log cleaner allocates its whole dedupe buffer (default 128 MB) on the heap at start: with a
    // 192 MB heap the node dies of OutOfMemoryError in LogManager. 16 MB is plenty for test topics.
    'log.cleaner.dedupe.buffer.size': String(16 * 1024 * 1024),
    // 2 cores shared by every node and the test runner: few threads, no recovery work.
    'num.network.threads': '2',
    'num.io.threads': '4',
    'num.recovery.threads.per.data.dir': '1',
    'background.threads': '2',
    ...cluster.properties,
    ...cluster.nodeProperties?.(node.nodeId, { ...node.ports }),
  }
}
