// Jest globalSetup of the `integration` project: one real Kafka broker per test run.
// KAFKA_BOOTSTRAP already set → use that broker and start nothing. Otherwise start one, export its address
// in KAFKA_BOOTSTRAP (the workers are forked after this and inherit it) and keep a handle on globalThis
// for globalTeardown, which runs in this same process.
import Module from 'node:module'
import path from 'node:path'
import type { KafkaBroker } from './launcher.js'

export interface OwnedBroker {
  broker: KafkaBroker
  /** Stops the broker (by PID) and removes its leftover record. */
  dispose(): Promise<void>
}

declare global {
  // eslint-disable-next-line no-var
  var __kafkajsMskIamBroker: OwnedBroker | undefined
}

type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string

/**
 * Jest loads globalSetup with Node's own resolver: moduleNameMapper does not apply there, so the `./x.js`
 * specifiers of our TypeScript sources would not find `x.ts`. Map them, for files in this folder only.
 */
function resolveTsFromJsSpecifiers(): void {
  const mod = Module as unknown as { _resolveFilename: Resolve & { kafkaTs?: true } }
  if (mod._resolveFilename.kafkaTs) return
  const original = mod._resolveFilename
  const patched: Resolve & { kafkaTs?: true } = (request, parent, ...rest) => {
    const fromHere = parent?.filename !== undefined && path.dirname(parent.filename) === __dirname
    if (fromHere && request.startsWith('./') && request.endsWith('.js')) {
      try {
        return original(request, parent, ...rest)
      } catch {
        return original(request.replace(/\.js$/, '.ts'), parent, ...rest)
      }
    }
    return original(request, parent, ...rest)
  }
  patched.kafkaTs = true
  mod._resolveFilename = patched
}

export default async function globalSetup(): Promise<void> {
  if (globalThis.__kafkajsMskIamBroker) return // ours, still running (jest --watch re-runs setup)
  if (process.env.KAFKA_BOOTSTRAP) return // someone else's broker

  resolveTsFromJsSpecifiers()
  const { startKafka } = await import('./launcher.js')
  const { cleanupLeftoverBrokers, forgetBroker, recordBroker } = await import('./leftovers.js')
  for (const line of await cleanupLeftoverBrokers()) console.warn(`[kafka] ${line}`)

  const started = Date.now()
  const broker = await startKafka()
  const recordFile = await recordBroker(broker)
  globalThis.__kafkajsMskIamBroker = {
    broker,
    dispose: async () => {
      await broker.stop()
      await forgetBroker(recordFile)
    },
  }
  process.env.KAFKA_BOOTSTRAP = broker.bootstrap
  if (process.env.KAFKA_LAUNCHER_VERBOSE) {
    console.log(`\n[kafka] broker ${broker.bootstrap} pid ${broker.pid} ready in ${Date.now() - started} ms`)
  }
}
