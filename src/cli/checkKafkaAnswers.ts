import * as net from 'node:net'
import { probeUpstreamBrokers } from '../testing/probeUpstreamBrokers.js'
import type { UpstreamAddress } from '../testing/types.js'

const PROBE_TIMEOUT_MS = 2000

/**
 * Undefined when at least one of `addresses` answers a Kafka Metadata request, else why none did: the
 * commands refuse to start in front of a Kafka that is not there, instead of failing every client later.
 */
export async function checkKafkaAnswers(
  addresses: readonly UpstreamAddress[],
  options: { sasl?: boolean } = {},
): Promise<string | undefined> {
  const failures: string[] = []
  for (const address of addresses) {
    // A SASL listener (IAM_UPSTREAM, with authorization) closes on a request before authentication: there,
    // accepting the connection is the answer.
    const failure = options.sasl
      ? await refusesConnections(address)
      : await probeUpstreamBrokers(address, PROBE_TIMEOUT_MS).then((p) =>
          p.nodes === undefined ? p.failure : undefined,
        )
    if (failure === undefined) return undefined
    failures.push(`${address.host}:${address.port}: ${failure}`)
  }
  return failures.join('; ')
}

function refusesConnections(address: UpstreamAddress): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address.host, port: address.port })
    const done = (failure: string | undefined): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(failure)
    }
    const timer = setTimeout(() => done(`no connection within ${PROBE_TIMEOUT_MS} ms`), PROBE_TIMEOUT_MS)
    socket.once('connect', () => done(undefined))
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message))
  })
}
