// Jest globalTeardown of the `integration` project: stops the cluster globalSetup started (by PID), if any.
// It imports nothing at run time: everything it needs is on the handle globalSetup left on globalThis.
import type { KafkaCluster } from '../../src/testing/kafka/startKafkaCluster.js'

export default async function globalTeardown(): Promise<void> {
  const cluster: KafkaCluster | undefined = globalThis.__kafkajsMskIamCluster // declared in globalSetup.ts
  if (!cluster) return
  globalThis.__kafkajsMskIamCluster = undefined
  delete process.env.KAFKA_BOOTSTRAP
  await cluster.close()
}
