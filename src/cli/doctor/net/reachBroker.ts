import { checkDns } from '../checks/checkDns.js'
import type { BrokerAddress } from '../parseDoctorArgs.js'
import type { CheckResult } from '../types.js'
import type { KafkaChannel } from './KafkaChannel.js'
import { openKafkaChannel, skipped, type ConnectInput } from './openKafkaChannel.js'

/** How the doctor reaches any broker: the options that apply to all of them. */
export interface ReachOptions {
  /** --resolve overrides, keyed by lower-case host name. */
  resolve: ReadonlyMap<string, string>
  explicitRegion: string | undefined
  tls: boolean
  ca: string | undefined
  timeoutMs: number
}

export interface Reached {
  /** The `dns`, `tcp` and `tls` lines (skipped after a failure). */
  checks: CheckResult[]
  /** Where it connected, once the name resolved: for a second connection. */
  connectInput?: ConnectInput
  /** A channel for Kafka requests when DNS, TCP and TLS passed; the caller closes it. */
  channel?: KafkaChannel
}

/** DNS → TCP → TLS for one broker: what every connection kafkajs makes needs first. */
export async function reachBroker(broker: BrokerAddress, options: ReachOptions): Promise<Reached> {
  const dns = await checkDns({
    broker,
    overrides: options.resolve,
    explicitRegion: options.explicitRegion,
    timeoutMs: options.timeoutMs,
  })
  if (dns.address === undefined)
    return { checks: [dns.result, skipped('tcp', 'DNS failed'), skipped('tls', 'DNS failed')] }
  const connectInput: ConnectInput = {
    address: dns.address,
    host: broker.host,
    port: broker.port,
    tls: options.tls,
    ca: options.ca,
    timeoutMs: options.timeoutMs,
  }
  const opened = await openKafkaChannel(connectInput)
  return {
    checks: [dns.result, ...opened.results],
    connectInput,
    ...(opened.channel ? { channel: opened.channel } : {}),
  }
}
