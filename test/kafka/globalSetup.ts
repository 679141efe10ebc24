// Jest globalSetup of the `integration` project: one real single-node Kafka per test run (the tests'
// KAFKA_BOOTSTRAP contract: one PLAINTEXT broker; files that need several brokers or restarts start their
// own cluster). KAFKA_BOOTSTRAP already set → use that broker and start nothing. Otherwise start one,
// export its address in KAFKA_BOOTSTRAP (the workers are forked after this and inherit it) and keep a
// handle on globalThis for globalTeardown, which runs in this same process.
import Module from 'node:module'
import path from 'node:path'
import type { KafkaCluster } from '../../src/testing/kafka/startKafkaCluster.js'

declare global {
  var __kafkajsMskIamCluster: KafkaCluster | undefined
}

type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string

const REPO = path.resolve(__dirname, '../..')

/**
 * Jest loads globalSetup with Node's own resolver: moduleNameMapper does not apply there, so the `./x.js`
 * specifiers of our TypeScript sources would not find `x.ts`. Map them, for this repository's sources only.
 */
function resolveTsFromJsSpecifiers(): void {
  const mod = Module as unknown as { _resolveFilename: Resolve & { kafkaTs?: true } }
  if (mod._resolveFilename.kafkaTs) return
  const original = mod._resolveFilename
  const patched: Resolve & { kafkaTs?: true } = (request, parent, ...rest) => {
    const file = parent?.filename
    const ours =
      file !== undefined && file.startsWith(REPO + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)
    if (ours && request.startsWith('.') && request.endsWith('.js')) {
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
  if (globalThis.__kafkajsMskIamCluster) return // ours, still running (jest --watch re-runs setup)
  if (process.env.KAFKA_BOOTSTRAP) return // someone else's broker

  resolveTsFromJsSpecifiers()
  const { startKafkaCluster } = await import('../../src/testing/kafka/startKafkaCluster.js')
  const started = Date.now()
  const cluster = await startKafkaCluster({ brokers: 1 })
  globalThis.__kafkajsMskIamCluster = cluster
  process.env.KAFKA_BOOTSTRAP = cluster.bootstrap
  if (process.env.KAFKA_LAUNCHER_VERBOSE) {
    console.log(
      `\n[kafka] broker ${cluster.bootstrap} pid ${cluster.nodes[0]?.pid} ready in ${Date.now() - started} ms`,
    )
  }
}
