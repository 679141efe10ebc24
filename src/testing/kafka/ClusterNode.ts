import { readFile } from 'node:fs/promises'
import * as path from 'node:path'
import { HOST, PLAINTEXT_LISTENER } from './constants.js'
import type { NodeProcess } from './launchNode.js'
import { propertiesFile, type NodeLayout } from './serverProperties.js'
import type { KafkaNode } from './startKafkaCluster.js'

/** One node of a local cluster: its fixed layout (id, ports, folder) and its current JVM, if any. */
export class ClusterNode implements KafkaNode {
  readonly host = HOST
  /** The last JVM started for this node (exited or not). */
  process: NodeProcess | undefined
  readonly propsFile: string
  readonly logFile: string

  constructor(readonly layout: NodeLayout) {
    this.propsFile = propertiesFile(layout)
    this.logFile = path.join(layout.dir, 'server.log')
  }

  get nodeId(): number {
    return this.layout.nodeId
  }

  get port(): number {
    return this.layout.ports[PLAINTEXT_LISTENER]!
  }

  get ports(): Record<string, number> {
    return { ...this.layout.ports }
  }

  get running(): boolean {
    return this.process !== undefined && this.process.exitStatus() === undefined
  }

  get pid(): number | undefined {
    return this.running ? this.process!.pid : undefined
  }

  /** The last lines of the node's log (what a start failure shows). */
  async logTail(lines = 30): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '')
    return text.trimEnd().split('\n').slice(-lines).join('\n')
  }
}
