import { DEFAULT_UPSTREAM_NODE_ID, UPSTREAM_PROBE_TIMEOUT_MS } from './constants.js'
import { discoverUpstreamBrokers } from './discoverUpstreamBrokers.js'
import type { UpstreamNode } from './probeUpstreamBrokers.js'
import type { EmulatorLogEntry, MskIamEmulatorOptions, UpstreamAddress } from './types.js'

/** The `upstream` option as a list; throws a TypeError for anything else. */
export function checkUpstream(upstream: MskIamEmulatorOptions['upstream']): readonly UpstreamAddress[] {
  const list: readonly UpstreamAddress[] = Array.isArray(upstream) ? upstream : [upstream as UpstreamAddress]
  const valid = (a: UpstreamAddress): boolean =>
    typeof a?.host === 'string' &&
    Number.isInteger(a.port) &&
    a.port > 0 &&
    a.port <= 65535 &&
    (a.nodeId === undefined || (Number.isInteger(a.nodeId) && a.nodeId >= 0))
  if (list.length === 0 || !list.every(valid)) {
    throw new TypeError(
      'startMskIamEmulator: upstream must be { host, port, nodeId? } of a Kafka broker, or a list of them',
    )
  }
  const ids = list.map((a) => a.nodeId).filter((id) => id !== undefined)
  if (new Set(ids).size !== ids.length) throw new TypeError('startMskIamEmulator: upstream node ids must be distinct')
  return list
}

/** The brokers to front, discovered or given; a silent Kafka is taken as one broker at the first address. */
export async function upstreamNodes(
  addresses: readonly UpstreamAddress[],
  log: (entry: Omit<EmulatorLogEntry, 'time'>) => void,
): Promise<UpstreamNode[]> {
  const found = await discoverUpstreamBrokers(addresses, UPSTREAM_PROBE_TIMEOUT_MS)
  const first = addresses[0] as UpstreamAddress
  if (found.nodes === undefined || found.nodes.length === 0) {
    const nodeId = first.nodeId ?? DEFAULT_UPSTREAM_NODE_ID
    const why = found.nodes === undefined ? found.failure : 'Metadata lists no brokers'
    log({
      event: 'upstream-probe',
      host: first.host,
      port: first.port,
      detail: `no Metadata answer (${why}), assuming node id ${nodeId}`,
    })
    return [{ nodeId, host: first.host, port: first.port }]
  }
  const ids = found.nodes.map((n) => n.nodeId).join(', ')
  log({
    event: 'upstream-probe',
    host: first.host,
    port: first.port,
    detail: found.discovered
      ? `upstream node id${found.nodes.length === 1 ? '' : 's'} ${ids}`
      : `upstream node ids ${ids}, as given`,
  })
  return found.nodes
}
