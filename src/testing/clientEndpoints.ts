import { UNKNOWN_NODE_PORT } from './constants.js'
import type { EmulatorLog } from './emulatorLog.js'
import type { EmulatorBroker } from './types.js'
import type { EndpointFor } from './wire/spliceEndpoint.js'

/**
 * Broker addresses as one connection's client must see them: each broker at its own listener of the
 * connection's kind (TLS or plaintext), under its MSK name, or under `alias` (the loopback name the client
 * came in by). A node Kafka names but the emulator has no listener for keeps its MSK name with port 0
 * (unreachable, rather than Kafka's own address), logged once.
 */
export function clientEndpoints(
  brokers: readonly EmulatorBroker[],
  brokerHost: (nodeId: number) => string,
  log: EmulatorLog,
): (listener: 'plaintext' | 'tls', alias: string | undefined) => EndpointFor {
  const byNodeId = new Map(brokers.map((b) => [b.nodeId, b]))
  const reported = new Set<string>()
  return (listener, alias) => (nodeId) => {
    if (nodeId < 0) return undefined
    const broker = byNodeId.get(nodeId)
    const port = listener === 'tls' ? broker?.tlsPort : broker?.plaintextPort
    if (broker === undefined || port === undefined) {
      const key = `${listener}:${nodeId}`
      if (!reported.has(key)) {
        reported.add(key)
        log({ event: 'unknown-node', nodeId, detail: `Kafka names node ${nodeId}, which has no ${listener} listener` })
      }
      return { host: brokerHost(nodeId), port: UNKNOWN_NODE_PORT }
    }
    return { host: alias ?? broker.host, port }
  }
}
