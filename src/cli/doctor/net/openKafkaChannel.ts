import { KafkaChannel } from './KafkaChannel.js'
import { checkTcp } from '../checks/checkTcp.js'
import { checkTls } from '../checks/checkTls.js'
import type { CheckResult } from '../types.js'

export interface ConnectInput {
  /** Where to connect (resolved address). */
  address: string
  /** The broker name: TLS server name and certificate check. */
  host: string
  port: number
  tls: boolean
  ca: string | undefined
  timeoutMs: number
}

/**
 * TCP connect, then the TLS handshake unless --no-tls: the `tcp` and `tls` lines of the report, and a
 * channel for Kafka requests when both passed.
 */
export async function openKafkaChannel(
  input: ConnectInput,
): Promise<{ results: CheckResult[]; channel?: KafkaChannel }> {
  const tcp = await checkTcp(input.address, input.port, input.timeoutMs)
  if (!tcp.socket) return { results: [tcp.result, skipped('tls', 'TCP connect failed')] }
  if (!input.tls) {
    return { results: [tcp.result, skipped('tls', 'plaintext (--no-tls)')], channel: new KafkaChannel(tcp.socket) }
  }
  const tls = await checkTls({ socket: tcp.socket, host: input.host, ca: input.ca, timeoutMs: input.timeoutMs })
  if (!tls.socket) return { results: [tcp.result, tls.result] }
  return { results: [tcp.result, tls.result], channel: new KafkaChannel(tls.socket) }
}

/** A report line for a check that did not run. */
export function skipped(check: CheckResult['check'], why: string): CheckResult {
  return { check, status: 'skip', summary: `skipped: ${why}` }
}
