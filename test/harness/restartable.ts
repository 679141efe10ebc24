// Restarting the Kafka broker behind the emulator.
import type { KafkaCluster } from '../../src/testing/kafka/startKafkaCluster.js'
import { setTimeout as sleep } from 'node:timers/promises'

/** A broker that can be restarted in place: same node id, same ports, same data directory. */
export interface RestartableBroker {
  readonly host: string
  readonly port: number
  readonly bootstrap: string
  /** The current JVM's PID (changes with each restart; undefined while it is down). */
  readonly pid: number | undefined
  readonly restarts: number
  /** Stops the JVM (SIGTERM: a controlled shutdown that flushes the logs), starts it again, waits until ready. */
  restart(options?: { downtimeMs?: number }): Promise<void>
  /** Stops the broker for good and removes its data. */
  stop(): Promise<void>
}

/**
 * One node of a local cluster (src/testing/kafka's startKafkaCluster) as a broker that restarts the way a
 * broker of an MSK cluster does during patching: the process goes away and comes back on the same address
 * with its data (topics, committed offsets, producer state).
 */
export function restartable(cluster: KafkaCluster, nodeId = 1): RestartableBroker {
  const node = cluster.nodes.find((n) => n.nodeId === nodeId)
  if (!node) throw new Error(`no node ${nodeId} in the cluster`)
  let restarts = 0
  return {
    host: node.host,
    port: node.port,
    bootstrap: `${node.host}:${node.port}`,
    get pid() {
      return node.pid
    },
    get restarts() {
      return restarts
    },
    async restart(options = {}) {
      await cluster.stopBroker(nodeId)
      if (options.downtimeMs) await sleep(options.downtimeMs)
      await cluster.startBroker(nodeId)
      restarts++
    },
    stop: () => cluster.close(),
  }
}
