import { launchLocalMsk } from './local/launchLocalMsk.js'
import { startKafkaCluster } from './kafka/startKafkaCluster.js'
import type { LocalMsk, LocalMskOptions } from './local/types.js'

/**
 * Starts a local MSK cluster: `brokers` Apache Kafka brokers (KRaft, from Maven Central's jars; needs Java
 * 17+ and Maven) behind the MSK IAM emulator, with MSK's broker names, TLS (a CA issued for them), IAM
 * authentication (AWS_MSK_IAM and OAUTHBEARER, signatures really verified), MSK's session lifetime and
 * connection limits. Resolves when every broker is ready. Without Java (or, on first use, Maven) it
 * rejects with a LocalKafkaError saying what to install; bad options reject with MskIamError
 * INVALID_OPTIONS.
 *
 * ```ts
 * const msk = await startLocalMsk({ brokers: 3 })
 * const kafka = new Kafka({ brokers: msk.bootstrapBrokers, ssl: { ca: [msk.caCert] },
 *   sasl: awsMskIam({ credentials: msk.identity }), socketFactory: msk.socketFactory })
 * await msk.close()
 * ```
 */
export function startLocalMsk(options: LocalMskOptions = {}): Promise<LocalMsk> {
  return launchLocalMsk(options, { startCluster: startKafkaCluster })
}
