import {
  CONTROLLER_LISTENER,
  DEFAULT_BROKERS,
  DEFAULT_HEAP_MB,
  DEFAULT_LOG_LEVEL,
  DEFAULT_READY_TIMEOUT_MS,
  LOG_LEVEL_ENV,
  MAX_BROKERS,
  MIN_HEAP_MB,
  PLAINTEXT_LISTENER,
} from './constants.js'
import { isClusterId, newClusterId } from './formatStorage.js'
import { LocalKafkaError } from './LocalKafkaError.js'
import type { KafkaClusterOptions } from './startKafkaCluster.js'
import type { ListenerSpec } from './serverProperties.js'

/** KafkaClusterOptions with every default filled in and every value checked. */
export interface ClusterSettings {
  brokers: number
  heapMb: number
  properties: Record<string, string>
  nodeProperties: KafkaClusterOptions['nodeProperties']
  listeners: ListenerSpec[]
  classpath: string[]
  readyTimeoutMs: number
  fastJit: boolean
  logLevel: string
  clusterId: string
}

const invalid = (message: string): LocalKafkaError => new LocalKafkaError('INVALID_OPTIONS', message)

function checkListeners(listeners: ListenerSpec[]): void {
  const seen = new Set([PLAINTEXT_LISTENER, CONTROLLER_LISTENER])
  for (const listener of listeners) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(listener.name))
      throw invalid(`listener name ${JSON.stringify(listener.name)}: use upper case letters, digits and _`)
    if (seen.has(listener.name)) throw invalid(`listener name ${listener.name} is taken`)
    if (listener.securityProtocol !== 'PLAINTEXT' && listener.securityProtocol !== 'SASL_PLAINTEXT')
      throw invalid(`listener ${listener.name}: securityProtocol must be PLAINTEXT or SASL_PLAINTEXT`)
    seen.add(listener.name)
  }
}

export function clusterSettings(options: KafkaClusterOptions, env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  const brokers = options.brokers ?? DEFAULT_BROKERS
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > MAX_BROKERS)
    throw invalid(`brokers must be an integer from 1 to ${MAX_BROKERS}, got ${String(brokers)}`)
  const heapMb = options.heapMb ?? DEFAULT_HEAP_MB
  if (!Number.isInteger(heapMb) || heapMb < MIN_HEAP_MB)
    throw invalid(`heapMb must be an integer of at least ${MIN_HEAP_MB}, got ${String(heapMb)}`)
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS
  if (!(readyTimeoutMs > 0)) throw invalid(`readyTimeoutMs must be positive, got ${String(readyTimeoutMs)}`)
  const clusterId = options.clusterId ?? newClusterId()
  if (!isClusterId(clusterId))
    throw invalid(`clusterId must be 16 bytes in base64url (22 characters), got ${clusterId}`)
  const listeners = options.listeners ?? []
  checkListeners(listeners)
  return {
    brokers,
    heapMb,
    properties: { ...options.properties },
    nodeProperties: options.nodeProperties,
    listeners,
    classpath: [...(options.classpath ?? [])],
    readyTimeoutMs,
    fastJit: options.fastJit ?? true,
    logLevel: options.logLevel ?? env[LOG_LEVEL_ENV] ?? DEFAULT_LOG_LEVEL,
    clusterId,
  }
}
