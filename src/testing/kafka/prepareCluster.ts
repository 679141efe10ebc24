import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { CONTROLLER_LISTENER, DATA_DIR_PREFIX, HOST, PLAINTEXT_LISTENER } from './constants.js'
import type { ClusterSettings } from './clusterSettings.js'
import { formatStorage } from './formatStorage.js'
import { javaPropertiesText } from './javaPropertiesText.js'
import type { JvmSettings } from './jvmArgs.js'
import { freePorts } from './processes.js'
import { propertiesFile, serverProperties, type ClusterLayout, type NodeLayout } from './serverProperties.js'

export interface PreparedCluster {
  dir: string
  layouts: NodeLayout[]
  /** __consumer_offsets partitions, as configured (the readiness probe loads each). */
  offsetsPartitions: number
}

/**
 * A fresh temp dir with one folder per node, free ports for every listener of every node, server.properties
 * written and the storage formatted (all nodes at once); the dir is removed again if any of it fails. No
 * JVM runs yet (the StorageTool runs are waited for), so there is nothing to record for the leftover sweep.
 */
export async function prepareCluster(settings: ClusterSettings, jvm: JvmSettings): Promise<PreparedCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), DATA_DIR_PREFIX))
  try {
    return await prepareIn(dir, settings, jvm)
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
}

async function prepareIn(dir: string, settings: ClusterSettings, jvm: JvmSettings): Promise<PreparedCluster> {
  const names = [PLAINTEXT_LISTENER, CONTROLLER_LISTENER, ...settings.listeners.map((l) => l.name)]
  const ports = await freePorts(settings.brokers * names.length, HOST)
  const layouts: NodeLayout[] = Array.from({ length: settings.brokers }, (_, i) => ({
    nodeId: i + 1,
    dir: path.join(dir, `node-${i + 1}`),
    ports: Object.fromEntries(names.map((name, j) => [name, ports[i * names.length + j]!])),
  }))
  const cluster: ClusterLayout = {
    nodes: layouts,
    listeners: settings.listeners,
    properties: settings.properties,
    nodeProperties: settings.nodeProperties,
  }
  const props = layouts.map((layout) => serverProperties(layout, cluster))
  const propsFiles = layouts.map(propertiesFile)
  for (const [i, layout] of layouts.entries()) {
    await mkdir(layout.dir, { recursive: true })
    await writeFile(propsFiles[i]!, javaPropertiesText(props[i]!))
  }
  await Promise.all(propsFiles.map((file) => formatStorage(jvm, settings.clusterId, file)))
  return { dir, layouts, offsetsPartitions: Number(props[0]!['offsets.topic.num.partitions']) }
}
