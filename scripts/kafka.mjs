#!/usr/bin/env node
// Command-line wrapper around test/kafka (the native, Docker-free Apache Kafka used by tests and the demo).
//
//   node scripts/kafka.mjs jars                   resolve the jars; print both classpaths' jar counts
//   node scripts/kafka.mjs start [--port N] [--heap MB] [--log FILE] [--full-jit]
//                                                 run one broker in the foreground until Ctrl-C / SIGTERM;
//                                                 prints KAFKA_BOOTSTRAP=host:port once it is ready
//   node scripts/kafka.mjs cleanup                stop brokers left behind by runs that died
//
// The TypeScript sources are bundled with esbuild (a devDependency) into .cache/kafka on each call, so
// this needs no build step; kafkajs stays external and loads from node_modules.
import { mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// Per process: two invocations at once must not read each other's half-written bundle.
const bundle = path.join(root, '.cache', 'kafka', `cli-${process.pid}.cjs`)

async function loadKafkaModules() {
  const esbuild = require('esbuild')
  mkdirSync(path.dirname(bundle), { recursive: true })
  await esbuild.build({
    stdin: {
      contents: "export * from './test/kafka/launcher.ts'; export * from './test/kafka/leftovers.ts'",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['kafkajs'],
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
  const { brokerClasspath, clientClasspath } = await kafka.ensureKafkaJars()
  const count = (cp) => cp.split(path.delimiter).length
  console.log(`broker classpath: ${count(brokerClasspath)} jars`)
  console.log(`client classpath: ${count(clientClasspath)} jars`)
  console.log(`ready in ${Date.now() - started} ms`)
}

async function start(kafka, argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      heap: { type: 'string' },
      log: { type: 'string' },
      'full-jit': { type: 'boolean' },
    },
  })
  for (const line of await kafka.cleanupLeftoverBrokers()) console.error(`[kafka] ${line}`)
  const started = Date.now()
  const broker = await kafka.startKafka({
    port: values.port ? Number(values.port) : undefined,
    heapMb: values.heap ? Number(values.heap) : undefined,
    logFile: values.log ? path.resolve(values.log) : undefined,
    fastJit: !values['full-jit'],
  })
  const record = await kafka.recordBroker(broker)
  console.error(
    `[kafka] pid ${broker.pid}, data ${broker.dataDir}, log ${broker.logFile}, ready in ${Date.now() - started} ms`,
  )
  console.log(`KAFKA_BOOTSTRAP=${broker.bootstrap}`)

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await broker.stop()
    await kafka.forgetBroker(record)
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // Keeps this process (the broker's owner) alive until a signal arrives.
  setInterval(() => undefined, 1 << 30)
}

async function cleanup(kafka) {
  const done = await kafka.cleanupLeftoverBrokers()
  for (const line of done) console.log(line)
  if (done.length === 0) console.log('no leftover brokers')
}

const [command, ...rest] = process.argv.slice(2)
const commands = { jars, start, cleanup }
if (!command || !(command in commands)) {
  console.error('usage: node scripts/kafka.mjs jars | start [--port N] [--heap MB] [--log FILE] [--full-jit] | cleanup')
  process.exit(2)
}
try {
  await commands[command](await loadKafkaModules(), rest)
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
