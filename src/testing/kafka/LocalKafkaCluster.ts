// The running cluster behind startKafkaCluster(): its nodes, their JVMs, and the clean-up on close() and
// on process exit. Every state change of a node (stop, start) is serialized per node.
import { rmSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { STOP_GRACE_MS } from './constants.js'
import { ClusterNode } from './ClusterNode.js'
import { waitClusterReady } from './clusterReadiness.js'
import type { ClusterSettings } from './clusterSettings.js'
import type { JvmSettings } from './jvmArgs.js'
import type { KafkaBrokerJars } from './kafkaBrokerJars.js'
import { launchNode } from './launchNode.js'
import { forgetClusterSync, recordNode } from './leftovers.js'
import { LocalKafkaError } from './LocalKafkaError.js'
import { prepareCluster, type PreparedCluster } from './prepareCluster.js'
import { terminate } from './processes.js'
import type { KafkaCluster } from './startKafkaCluster.js'

const PORT_TAKEN = /BindException|Address already in use/

export class LocalKafkaCluster implements KafkaCluster {
  readonly dir: string
  readonly nodes: ClusterNode[]
  readonly bootstrap: string
  private readonly offsetsPartitions: number
  private closing: Promise<void> | undefined
  private readonly busy = new Map<number, Promise<unknown>>()
  private readonly killOnExit = (): void => this.killSync()

  private constructor(
    prepared: PreparedCluster,
    readonly clusterId: string,
    private readonly settings: ClusterSettings,
    private readonly jvm: JvmSettings,
  ) {
    this.dir = prepared.dir
    this.nodes = prepared.layouts.map((layout) => new ClusterNode(layout))
    this.bootstrap = this.nodes.map((n) => `${n.host}:${n.port}`).join(',')
    this.offsetsPartitions = prepared.offsetsPartitions
    process.once('exit', this.killOnExit)
  }

  /** Prepares and starts every node; retried once with new ports if one was taken meanwhile. */
  static async start(settings: ClusterSettings, jars: KafkaBrokerJars): Promise<LocalKafkaCluster> {
    const jvm: JvmSettings = {
      classpath: [...jars.classpath, ...settings.classpath],
      log4jConfig: jars.log4jConfig,
      heapMb: settings.heapMb,
      fastJit: settings.fastJit,
      logLevel: settings.logLevel,
    }
    for (let attempt = 1; ; attempt++) {
      const cluster = new LocalKafkaCluster(await prepareCluster(settings, jvm), settings.clusterId, settings, jvm)
      try {
        await cluster.startNodes(cluster.nodes)
        return cluster
      } catch (err) {
        const raced = attempt === 1 && (await cluster.logsMention(PORT_TAKEN))
        await cluster.close()
        if (!raced) throw err
      }
    }
  }

  private async startNodes(nodes: ClusterNode[]): Promise<void> {
    for (const node of nodes) {
      node.process = launchNode(this.jvm, node.propsFile, node.logFile)
      await recordNode({ ...this.recordOf(node), pid: node.process.pid })
    }
    const deadline = Date.now() + this.settings.readyTimeoutMs
    const exited = (): Error | undefined => {
      const dead = nodes.find((n) => !n.running)
      return dead && new Error(`node ${dead.nodeId} ${dead.process?.exitStatus() ?? 'is not running'}`)
    }
    try {
      await waitClusterReady(() => this.nodes.filter((n) => n.running), this.offsetsPartitions, deadline, exited)
    } catch (err) {
      const tails = await Promise.all(
        nodes.map(async (n) => `--- node ${n.nodeId}: ${n.logFile} ---\n${await n.logTail()}`),
      )
      const hint =
        this.settings.logLevel === 'WARN' ? ' (WARN and above; logLevel INFO or KAFKA_LOG_LEVEL=INFO shows more)' : ''
      throw new LocalKafkaError(
        'KAFKA_START_FAILED',
        `kafka node(s) ${nodes.map((n) => n.nodeId).join(',')} not ready after ${this.settings.readyTimeoutMs} ms or exited: ${(err as Error).message}\nlast log lines${hint}:\n${tails.join('\n')}`,
        { cause: err, detail: tails.join('\n') },
      )
    }
  }

  private recordOf(node: ClusterNode): { clusterDir: string; nodeId: number; propsFile: string; bootstrap: string } {
    return {
      clusterDir: this.dir,
      nodeId: node.nodeId,
      propsFile: node.propsFile,
      bootstrap: `${node.host}:${node.port}`,
    }
  }

  private node(nodeId: number): ClusterNode {
    const node = this.nodes.find((n) => n.nodeId === nodeId)
    if (!node) throw new LocalKafkaError('INVALID_OPTIONS', `no node ${nodeId}: node ids are 1 to ${this.nodes.length}`)
    return node
  }

  private serialize<T>(nodeId: number, task: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new LocalKafkaError('INVALID_OPTIONS', 'the cluster is closed'))
    const run = (this.busy.get(nodeId) ?? Promise.resolve()).catch(() => undefined).then(task)
    this.busy.set(nodeId, run)
    return run
  }

  stopBroker(nodeId: number, options: { kill?: boolean } = {}): Promise<void> {
    const node = this.node(nodeId)
    return this.serialize(nodeId, async () => {
      const child = node.process
      if (!child || !node.running) return
      child.holdUntilExit()
      await terminate(child.pid, options.kill ? 0 : STOP_GRACE_MS, child.exited)
      await child.exited // gone already; `running` turns false once Node has reaped it
      await recordNode(this.recordOf(node))
    })
  }

  startBroker(nodeId: number): Promise<void> {
    const node = this.node(nodeId)
    return this.serialize(nodeId, async () => {
      if (!node.running) await this.startNodes([node])
    })
  }

  private async logsMention(pattern: RegExp): Promise<boolean> {
    const texts = await Promise.all(this.nodes.map((n) => readFile(n.logFile, 'utf8').catch(() => '')))
    return texts.some((text) => pattern.test(text))
  }

  /** For process 'exit' (synchronous only): SIGKILL by PID, remove the dir and the records. */
  private killSync(): void {
    for (const node of this.nodes) {
      const pid = node.pid
      if (pid === undefined) continue
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    rmSync(this.dir, { recursive: true, force: true })
    forgetClusterSync(this.dir)
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      process.removeListener('exit', this.killOnExit)
      await Promise.all(
        this.nodes.map(async (node) => {
          const child = node.process
          if (!child || !node.running) return
          child.holdUntilExit()
          await terminate(child.pid, 0, child.exited)
          await child.exited
        }),
      )
      await rm(this.dir, { recursive: true, force: true })
      forgetClusterSync(this.dir)
    })()
    return this.closing
  }
}
