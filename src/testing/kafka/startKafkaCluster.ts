// A real Apache Kafka cluster on 127.0.0.1, started natively from the Maven Central jars: N combined
// broker+controller KRaft nodes, one JVM each, in a fresh temp dir, stopped by PID. One JVM per node (not
// all nodes in one JVM) because stopping and restarting one node must be what it is on MSK: a process
// that goes away (SIGTERM, controlled shutdown) and comes back with the same ports and data. Measured on
// 2 busy cores: 3 nodes ready in 8–15 s, ~170 MB resident each (docs in src/testing/kafka/README.md).
import { checkJava } from './checkJava.js'
import { clusterSettings } from './clusterSettings.js'
import { kafkaBrokerJars } from './kafkaBrokerJars.js'
import { LocalKafkaCluster } from './LocalKafkaCluster.js'
import { cleanupLeftoverNodes } from './leftovers.js'

export interface KafkaClusterOptions {
  /** Combined broker+controller KRaft nodes, 1–5; default 3. Node ids are 1…N. */
  brokers?: number
  /** Max heap per node in MB, default 256 (at least 128). */
  heapMb?: number
  /** Extra or overriding server.properties for every node. */
  properties?: Record<string, string>
  /** Extra server.properties per node, given its id and its ports by listener name. */
  nodeProperties?: (nodeId: number, ports: Record<string, number>) => Record<string, string>
  /** Extra listeners on every node, each on its own free 127.0.0.1 port (inter-broker stays PLAINTEXT). */
  listeners?: { name: string; securityProtocol: 'PLAINTEXT' | 'SASL_PLAINTEXT' }[]
  /** Extra jars on every node's classpath (e.g. an authorizer). */
  classpath?: string[]
  /** How long start (and each startBroker) may take to be ready; default 90 s. */
  readyTimeoutMs?: number
  /** C1-only JIT, default true: starts faster; pass false for benchmarks and long runs. */
  fastJit?: boolean
  /** The brokers' log4j level (their output goes to each node's logFile); default $KAFKA_LOG_LEVEL or WARN. */
  logLevel?: string
  /** Kafka cluster id (16 bytes in base64url); default a random one. */
  clusterId?: string
}

export interface KafkaNode {
  readonly nodeId: number
  readonly host: string
  /** The PLAINTEXT listener's port. */
  readonly port: number
  /** Every listener's port by name: PLAINTEXT, CONTROLLER and the extra ones. */
  readonly ports: Record<string, number>
  /** The running JVM's PID; undefined while the node is stopped. */
  readonly pid: number | undefined
  readonly running: boolean
  /** The node's stdout/stderr (log4j at `logLevel`); removed with the cluster on close(). */
  readonly logFile: string
}

export interface KafkaCluster {
  readonly clusterId: string
  readonly nodes: readonly KafkaNode[]
  /** `host:port` of every node's PLAINTEXT listener, comma-separated. */
  readonly bootstrap: string
  /** The cluster's temp dir (one folder per node); removed on close(). */
  readonly dir: string
  /**
   * Stops one node: SIGTERM (a controlled shutdown: leadership moves to the other nodes first), SIGKILL
   * after 30 s; `{ kill: true }` sends SIGKILL at once (a crash). Resolves when the JVM has exited.
   */
  stopBroker(nodeId: number, options?: { kill?: boolean }): Promise<void>
  /**
   * Starts a stopped node again with the same node id, ports and data; resolves when the cluster is ready
   * again (the node is registered and unfenced and back in the ISR of all its partitions).
   */
  startBroker(nodeId: number): Promise<void>
  /** Kills every node (SIGKILL by PID: the data is thrown away) and removes the temp dir. Idempotent. */
  close(): Promise<void>
}

let swept: Promise<void> | undefined

/**
 * Starts a local Kafka cluster; resolves when every node is registered and unfenced, Metadata from every
 * node lists them all and __consumer_offsets is loaded. Needs Java 17+ (and Maven once, to fetch the
 * jars into the per-user cache, see kafkaCacheRoot); otherwise rejects with a LocalKafkaError saying what
 * to install. Nodes left behind by processes that died are stopped first.
 */
export async function startKafkaCluster(options: KafkaClusterOptions = {}): Promise<KafkaCluster> {
  const settings = clusterSettings(options)
  await checkJava()
  const jars = await kafkaBrokerJars()
  swept ??= cleanupLeftoverNodes().then(
    (lines) => lines.forEach((line) => process.emitWarning(line, { code: 'KAFKAJS_MSK_IAM_LEFTOVER' })),
    () => undefined, // a sweep that fails must not stop this start
  )
  await swept
  return LocalKafkaCluster.start(settings, jars)
}
