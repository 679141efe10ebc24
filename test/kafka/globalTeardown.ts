// Jest globalTeardown of the `integration` project: stops the broker globalSetup started (by PID), if any.
// It imports nothing at run time: everything it needs is on the handle globalSetup left on globalThis.
import type { OwnedBroker } from './globalSetup.js'

export default async function globalTeardown(): Promise<void> {
  const owned: OwnedBroker | undefined = globalThis.__kafkajsMskIamBroker
  if (!owned) return
  globalThis.__kafkajsMskIamBroker = undefined
  delete process.env.KAFKA_BOOTSTRAP
  await owned.dispose()
}
