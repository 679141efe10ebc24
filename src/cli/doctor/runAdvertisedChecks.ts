import type { MetadataBroker } from '../../protocol/metadataMessages.js'
import { reachBroker, type ReachOptions } from './net/reachBroker.js'
import type { BrokerAddress } from './parseDoctorArgs.js'
import type { BrokerRun } from './runBrokerChecks.js'
import type { BrokerReport } from './types.js'

/** A broker the cluster's Metadata named that was not given on the command line. */
export interface AdvertisedBroker extends BrokerAddress {
  advertisedBy: string
}

const key = (host: string, port: number): string => `${host.toLowerCase()}:${port}`

/**
 * The brokers the bootstrap runs' Metadata named, each once, leaving out the brokers given (those were
 * checked already): kafkajs connects to these names, whatever address it was given to bootstrap.
 */
export function advertisedBrokers(runs: readonly BrokerRun[], given: readonly BrokerAddress[]): AdvertisedBroker[] {
  const seen = new Set(given.map((b) => key(b.host, b.port)))
  const out: AdvertisedBroker[] = []
  for (const run of runs) {
    for (const broker of run.advertised ?? ([] as MetadataBroker[])) {
      const id = key(broker.host, broker.port)
      if (seen.has(id)) continue
      seen.add(id)
      out.push({ host: broker.host, port: broker.port, advertisedBy: run.report.broker })
    }
  }
  return out
}

/**
 * DNS → TCP → TLS for a broker the cluster advertises: what kafkajs needs of every broker after the
 * bootstrap. Its SASL listener is the bootstrap's own (one listener per cluster), so no authentication.
 */
export async function runAdvertisedChecks(broker: AdvertisedBroker, options: ReachOptions): Promise<BrokerReport> {
  const reached = await reachBroker(broker, options)
  reached.channel?.close()
  return { broker: `${broker.host}:${broker.port}`, advertisedBy: broker.advertisedBy, checks: reached.checks }
}
