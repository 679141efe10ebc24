// Starts a real single-node Apache Kafka 4.x (KRaft, broker+controller in one JVM) on 127.0.0.1 straight
// from the Maven jars: no Docker, no tarball, no shell scripts. Every start gets fresh ports and a fresh
// temp data dir, so a broker left behind by a crashed run never gets in the way.
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, openSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { Kafka, logLevel } from 'kafkajs'
import { ensureKafkaJars, javaBin, log4jConfig } from './jars.js'
import { freePort, sleep, terminate, waitForPort } from './processes.js'

export { ensureKafkaJars } from './jars.js'

const execFileAsync = promisify(execFile)

export interface KafkaBroker {
  host: string
  port: number
  bootstrap: string
  pid: number
  dataDir: string
  /** Where the broker's stdout/stderr go (inside dataDir unless `logFile` was given). */
  logFile: string
  /** Port of every listener by name: PLAINTEXT, CONTROLLER and the extra `listeners`. */
  ports: Record<string, number>
  stop(): Promise<void>
}

/** A listener beside PLAINTEXT and CONTROLLER, on 127.0.0.1 and a free port. */
export interface ExtraListener {
  name: string
  securityProtocol: 'PLAINTEXT' | 'SASL_PLAINTEXT'
}

export interface StartKafkaOptions {
  /** PLAINTEXT port; 0 or absent picks a free one. */
  port?: number
  /** Broker output; default `<dataDir>/server.log` (removed with the data dir). */
  logFile?: string
  /** Max heap, default 512 MB. */
  heapMb?: number
  /** How long to wait for the first successful Metadata round trip, default 60 s. */
  readyTimeoutMs?: number
  /** Extra or overriding server.properties entries. */
  properties?: Record<string, string>
  /** Extra listeners, advertised as bound; their ports are in `KafkaBroker.ports`. */
  listeners?: ExtraListener[]
  /** Extra jars for the broker's classpath (e.g. an authorizer). */
  classpath?: string[]
  /**
   * C1-only JIT (-XX:TieredStopAtLevel=1), default true: starts ~0.8 s faster (of ~3.5 s) but runs slower
   * under sustained load. Pass false for benchmarks and soak runs.
   */
  fastJit?: boolean
}

/** Temp data dirs start with this, which lets leftover cleanup recognise ours. */
export const DATA_DIR_PREFIX = 'kafkajs-msk-iam-kafka-'
const HOST = '127.0.0.1'
const STOP_GRACE_MS = 10_000

/** A Kafka cluster id: base64url of 16 random bytes, never starting with '-' (Kafka's own rule). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

function serverProperties(
  port: number,
  controllerPort: number,
  dataDir: string,
  extra: Record<string, string>,
  listeners: ReadonlyArray<ExtraListener & { port: number }> = [],
): string {
  const endpoints = [
    `PLAINTEXT://${HOST}:${port}`,
    `CONTROLLER://${HOST}:${controllerPort}`,
    ...listeners.map((l) => `${l.name}://${HOST}:${l.port}`),
  ].join(',')
  const protocols = [
    'PLAINTEXT:PLAINTEXT',
    'CONTROLLER:PLAINTEXT',
    ...listeners.map((l) => `${l.name}:${l.securityProtocol}`),
  ]
  const props: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    // Dynamic quorum (KIP-853), formatted with --standalone: the Kafka 4 way to run one controller.
    'controller.quorum.bootstrap.servers': `${HOST}:${controllerPort}`,
    listeners: endpoints,
    'advertised.listeners': endpoints,
    'listener.security.protocol.map': protocols.join(','),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': path.join(dataDir, 'logs'),
    'num.partitions': '1',
    'auto.create.topics.enable': 'true',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    // One node: every internal topic must have RF 1; one partition each keeps the first group join fast.
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'share.coordinator.state.topic.num.partitions': '1',
    // Tests join groups all the time; the 3 s default delay would add 3 s to each first join.
    'group.initial.rebalance.delay.ms': '0',
    // 2 cores, short-lived data: few threads, no recovery work.
    'num.network.threads': '2',
    'num.io.threads': '4',
    'num.recovery.threads.per.data.dir': '1',
    'log.flush.interval.messages': '9223372036854775807',
    ...extra,
  }
  return (
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  )
}

function jvmArgs(classpath: string, heapMb: number, fastJit: boolean): string[] {
  return [
    `-Xmx${heapMb}m`,
    `-Xms${Math.min(heapMb, 128)}m`,
    // Serial GC: fewer threads and a faster start than G1 on a 2-core machine for a tiny heap.
    '-XX:+UseSerialGC',
    ...(fastJit ? ['-XX:TieredStopAtLevel=1'] : []),
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4jConfig()}`,
    `-Dkafka.test.log.level=${process.env.KAFKA_LOG_LEVEL ?? 'WARN'}`,
    '-cp',
    classpath,
  ]
}

async function formatStorage(classpath: string, propsFile: string): Promise<void> {
  const args = [
    ...jvmArgs(classpath, 256, true),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId(),
    '-c',
    propsFile,
    '--standalone',
  ]
  try {
    await execFileAsync(javaBin(), args, { timeout: 60_000 })
  } catch (err) {
    // Not err.message: it repeats the whole command line, classpath included.
    const e = err as { code?: number | string; signal?: string; stdout?: string; stderr?: string }
    throw new Error(
      `kafka StorageTool format (${propsFile}) failed (${e.signal ?? e.code}):\n${e.stdout ?? ''}${e.stderr ?? ''}`,
    )
  }
}

async function logTail(file: string, lines = 40): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text.split('\n').slice(-lines).join('\n')
}

/**
 * One ApiVersions + Metadata round trip through kafkajs; the broker must list itself (registered,
 * unfenced). Then a DescribeGroups, which makes the broker create and load __consumer_offsets now: else
 * the first consumer group of a test run meets COORDINATOR_LOAD_IN_PROGRESS, which kafkajs 2.2.4 handles
 * by crashing and restarting the consumer (noisy, and ~1 s lost).
 */
async function readinessProbe(bootstrap: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'kafka-launcher-probe',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  }).admin()
  await admin.connect()
  try {
    const { brokers } = await admin.describeCluster()
    if (brokers.length === 0) throw new Error('metadata lists no brokers yet')
    await admin.listTopics()
    await admin.describeGroups(['kafka-launcher-probe'])
  } finally {
    await admin.disconnect()
  }
}

async function waitReady(
  bootstrap: string,
  port: number,
  deadline: number,
  exitError: () => Error | undefined,
): Promise<void> {
  await waitForPort(HOST, port, deadline, exitError)
  let last: unknown
  while (Date.now() < deadline) {
    const failure = exitError()
    if (failure) throw failure
    try {
      return await readinessProbe(bootstrap)
    } catch (err) {
      last = err
      await sleep(200)
    }
  }
  throw new Error(`no metadata round trip with ${bootstrap}: ${(last as Error | undefined)?.message ?? 'timeout'}`)
}

function launch(classpath: string, propsFile: string, opts: StartKafkaOptions, logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a')
  try {
    // stdio goes to a file, not a pipe, so the broker neither blocks on a full pipe nor keeps Node alive.
    const child = spawn(
      javaBin(),
      [...jvmArgs(classpath, opts.heapMb ?? 512, opts.fastJit ?? true), 'kafka.Kafka', propsFile],
      {
        stdio: ['ignore', fd, fd],
      },
    )
    child.unref()
    return child
  } finally {
    closeSync(fd)
  }
}

interface Attempt {
  broker?: KafkaBroker
  error?: Error
  /** The bind raced with another process for an auto-picked port: worth one more try. */
  portRace?: boolean
}

async function attempt(opts: StartKafkaOptions, brokerClasspath: string): Promise<Attempt> {
  const port = opts.port || (await freePort())
  const controllerPort = await freePort()
  const listeners = await Promise.all((opts.listeners ?? []).map(async (l) => ({ ...l, port: await freePort() })))
  const ports: Record<string, number> = { PLAINTEXT: port, CONTROLLER: controllerPort }
  for (const l of listeners) ports[l.name] = l.port
  const dataDir = await mkdtemp(path.join(os.tmpdir(), DATA_DIR_PREFIX))
  const logFile = opts.logFile ?? path.join(dataDir, 'server.log')
  const propsFile = path.join(dataDir, 'server.properties')
  const bootstrap = `${HOST}:${port}`
  const cleanup = (): Promise<void> => rm(dataDir, { recursive: true, force: true })

  await writeFile(propsFile, serverProperties(port, controllerPort, dataDir, opts.properties ?? {}, listeners))
  await formatStorage(brokerClasspath, propsFile).catch(async (err: unknown) => {
    await cleanup()
    throw err
  })

  const classpath = [brokerClasspath, ...(opts.classpath ?? [])].join(path.delimiter)
  const child = launch(classpath, propsFile, opts, logFile)
  const pid = child.pid
  if (pid === undefined) {
    await cleanup()
    return { error: new Error(`could not spawn ${javaBin()}`) }
  }
  let exit: string | undefined
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, sig) => ((exit = `exited (${sig ?? code})`), resolve())),
  )
  // If this Node process ends without stop(), do not leave a JVM behind (the data dir is then swept by
  // the leftover cleanup in globalSetup).
  const killOnExit = (): void => {
    if (exit !== undefined) return
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  process.once('exit', killOnExit)

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit)
    await terminate(pid, STOP_GRACE_MS, exited)
    await cleanup()
  }
  const broker: KafkaBroker = { host: HOST, port, bootstrap, pid, dataDir, logFile, ports, stop }

  try {
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000)
    await waitReady(bootstrap, port, deadline, () => (exit ? new Error(`kafka ${exit}`) : undefined))
    return { broker }
  } catch (err) {
    const tail = await logTail(logFile)
    await stop()
    const portRace = (!opts.port || listeners.length > 0) && /BindException|Address already in use/.test(tail)
    const hint = process.env.KAFKA_LOG_LEVEL ? '' : ' (WARN and above; KAFKA_LOG_LEVEL=INFO shows more)'
    const message = `kafka on ${bootstrap} did not become ready: ${(err as Error).message}\n--- last lines of ${logFile}${hint} ---\n${tail}`
    return { error: new Error(message), portRace }
  }
}

/**
 * Formats a fresh KRaft storage dir and starts `kafka.Kafka` as a child JVM; resolves once a kafkajs
 * admin has done a real Metadata round trip. On failure the error carries the last lines of the log.
 * About 3.5 s on 2 cores with warm caches (format ~1 s, broker ~2.5 s).
 */
export async function startKafka(opts: StartKafkaOptions = {}): Promise<KafkaBroker> {
  const { brokerClasspath } = await ensureKafkaJars()
  let result = await attempt(opts, brokerClasspath)
  if (result.portRace) result = await attempt(opts, brokerClasspath)
  if (result.broker) return result.broker
  throw result.error ?? new Error('kafka did not start')
}
