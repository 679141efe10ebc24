import { probeUpstreamBrokers, type UpstreamNode } from './probeUpstreamBrokers.js'

/**
 * The brokers behind `addresses`, each with the address the emulator will connect to:
 * - every address carries a node id → taken as given, nothing asked (a Kafka whose advertised listeners
 *   the emulator cannot reach, e.g. inside Docker);
 * - otherwise the first address that answers Metadata names the brokers. The broker answering at a given
 *   address keeps that address (it is reachable); the others are reached at what Kafka advertises. A
 *   single-broker Kafka is reached at the given address whatever it advertises.
 * Undefined when none answers (`failure` says why).
 */
export async function discoverUpstreamBrokers(
  addresses: readonly { host: string; port: number; nodeId?: number }[],
  timeoutMs: number,
): Promise<{ nodes: UpstreamNode[]; discovered: boolean } | { nodes: undefined; failure: string }> {
  if (addresses.length > 0 && addresses.every((a) => a.nodeId !== undefined)) {
    return { nodes: addresses.map((a) => ({ nodeId: a.nodeId ?? 0, host: a.host, port: a.port })), discovered: false }
  }
  const failures: string[] = []
  for (const address of addresses) {
    const probed = await probeUpstreamBrokers(address, timeoutMs)
    if (probed.nodes === undefined) {
      failures.push(`${address.host}:${address.port}: ${probed.failure}`)
      continue
    }
    const given = (n: UpstreamNode): boolean => n.port === address.port && sameHost(n.host, address.host)
    const only = probed.nodes.length === 1
    const nodes = probed.nodes.map((n) => (only || given(n) ? { ...n, host: address.host, port: address.port } : n))
    return { nodes: nodes.sort((a, b) => a.nodeId - b.nodeId), discovered: true }
  }
  return { nodes: undefined, failure: failures.join('; ') || 'no upstream address given' }
}

function sameHost(a: string, b: string): boolean {
  const loopback = (h: string): boolean => h === 'localhost' || h === '127.0.0.1' || h === '::1'
  return a.toLowerCase() === b.toLowerCase() || (loopback(a) && loopback(b))
}
