#!/usr/bin/env node
// Command-line wrapper around src/testing/kafka (the native, Docker-free Apache Kafka of the tests, the
// demo and startLocalMsk).
//
//   node scripts/kafka.mjs jars        resolve the broker's and the Java test clients' jars into the
//                                      per-user cache; print where and how many
//   node scripts/kafka.mjs start [--brokers N] [--heap MB] [--log-level LEVEL] [--full-jit]
//                                      run a cluster (default 1 node) in the foreground until Ctrl-C or
//                                      SIGTERM; prints KAFKA_BOOTSTRAP=host:port,… once it is ready
//   node scripts/kafka.mjs cleanup     stop nodes left behind by processes that died
//
// The TypeScript sources are bundled with esbuild (a devDependency) on each call, so this needs no build
// step.
import { mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// Per process: two invocations at once must not read each other's half-written bundle.
const bundle = path.join(root, '.cache', 'kafka-cli', `cli-${process.pid}.cjs`)

async function loadKafkaModules() {
  const esbuild = require('esbuild')
  mkdirSync(path.dirname(bundle), { recursive: true })
  await esbuild.build({
    stdin: {
      contents: [
        "export { startKafkaCluster } from './src/testing/kafka/startKafkaCluster.ts'",
        "export { cleanupLeftoverNodes } from './src/testing/kafka/leftovers.ts'",
        "export { kafkaCacheRoot } from './src/testing/kafka/kafkaCacheRoot.ts'",
        "export { checkJava } from './src/testing/kafka/checkJava.ts'",
        "export { allJars } from './test/helpers/clientJars.ts'",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    outfile: bundle,
    logLevel: 'warning',
  })
  try {
    return require(bundle)
  } finally {
    rmSync(bundle, { force: true })
  }
}

async function jars(kafka) {
  const started = Date.now()
  await kafka.checkJava()
  const { broker, clients } = await kafka.allJars()
  console.log(`cache: ${kafka.kafkaCacheRoot()}`)
  console.log(`broker classpath: ${broker.length} jars in ${path.dirname(broker[0])}`)
  console.log(`client classpath: ${clients.length} jars in ${path.dirname(clients[0])}`)
  console.log(`ready in ${Date.now() - started} ms`)
}

async function start(kafka, argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      brokers: { type: 'string', default: '1' },
      heap: { type: 'string' },
      'log-level': { type: 'string' },
      'full-jit': { type: 'boolean' },
    },
  })
  const started = Date.now()
  const cluster = await kafka.startKafkaCluster({
    brokers: Number(values.brokers),
    heapMb: values.heap ? Number(values.heap) : undefined,
    logLevel: values['log-level'],
    fastJit: !values['full-jit'],
  })
  for (const node of cluster.nodes) console.error(`[kafka] node ${node.nodeId} pid ${node.pid}, log ${node.logFile}`)
  console.error(`[kafka] ${cluster.nodes.length} node(s) in ${cluster.dir}, ready in ${Date.now() - started} ms`)
  console.log(`KAFKA_BOOTSTRAP=${cluster.bootstrap}`)

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await cluster.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // Keeps this process (the nodes' owner) alive until a signal arrives.
  setInterval(() => undefined, 1 << 30)
}

async function cleanup(kafka) {
  const done = await kafka.cleanupLeftoverNodes()
  for (const line of done) console.log(line)
  if (done.length === 0) console.log('no leftover nodes')
}

const [command, ...rest] = process.argv.slice(2)
const commands = { jars, start, cleanup }
if (!command || !(command in commands)) {
  console.error(
    'usage: node scripts/kafka.mjs jars | start [--brokers N] [--heap MB] [--log-level LEVEL] [--full-jit] | cleanup',
  )
  process.exit(2)
}
try {
  await commands[command](await loadKafkaModules(), rest)
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
