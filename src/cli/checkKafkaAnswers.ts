import { probeUpstreamBrokers } from '../testing/probeUpstreamBrokers.js'
import type { UpstreamAddress } from '../testing/types.js'

const PROBE_TIMEOUT_MS = 2000

/**
 * Undefined when at least one of `addresses` answers a Kafka Metadata request, else why none did: the
 * commands refuse to start in front of a Kafka that is not there, instead of failing every client later.
 */
export async function checkKafkaAnswers(addresses: readonly UpstreamAddress[]): Promise<string | undefined> {
  const failures: string[] = []
  for (const address of addresses) {
    const probed = await probeUpstreamBrokers(address, PROBE_TIMEOUT_MS)
    if (probed.nodes !== undefined) return undefined
    failures.push(`${address.host}:${address.port}: ${probed.failure}`)
  }
  return failures.join('; ')
}
