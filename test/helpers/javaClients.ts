// Runs Apache Kafka's own console producer and consumer (with aws-msk-iam-auth on the classpath) as child
// JVMs: the Java reference client is the yardstick for our AWS_MSK_IAM / OAUTHBEARER code and emulator.
// MSK-shaped hostnames are mapped to 127.0.0.1 with the JDK's own hosts-file name service, so no DNS or
// /etc/hosts change is needed.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { javaBin } from '../../src/testing/kafka/checkJava.js'
import { DEFAULT_LOG_LEVEL, LOG_LEVEL_ENV, LOG_LEVEL_PROPERTY } from '../../src/testing/kafka/constants.js'
import { javaPropertiesText } from '../../src/testing/kafka/javaPropertiesText.js'
import { clientJars, type ClientJars } from './clientJars.js'

export { javaPropertiesText }

export interface JavaClientResult {
  stdout: string
  stderr: string
  /** Exit code; null when the JVM was killed (see `signal`, `timedOut`). */
  code: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  durationMs: number
}

export interface JavaRunOptions {
  /** Added to (and overriding) this process's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>
  /** A JDK hosts file (see writeHostsFile); without it Java resolves names as usual. */
  hostsFile?: string
  /** Killed (SIGKILL, by PID) after this long; default 60 s. */
  timeoutMs?: number
  /** Extra JVM options (the KAFKA_OPTS of the shell scripts), e.g. `-Djavax.net.debug=ssl`. */
  jvmArgs?: string[]
  /** Written to stdin, which is then closed. */
  stdin?: string
}

export interface ConsoleClientOptions extends JavaRunOptions {
  bootstrap: string
  topic: string
  /** Client config (security.protocol, sasl.*, ssl.*), passed with --command-config. */
  properties?: Record<string, string>
  /** PEM CA bundle to trust: sets ssl.truststore.type=PEM and ssl.truststore.location. */
  truststorePem?: string
  extraArgs?: string[]
}

export interface ConsoleProducerOptions extends ConsoleClientOptions {
  /** One record value per line. */
  lines: string[]
}

export interface ConsoleConsumerOptions extends ConsoleClientOptions {
  /** The consumer exits after this many records. */
  maxMessages: number
  /** Default true. */
  fromBeginning?: boolean
  /** Consumer group; default: the tool's random `console-consumer-NNNNN`. */
  group?: string
}

const PRODUCER_MAIN = 'org.apache.kafka.tools.ConsoleProducer'
const CONSUMER_MAIN = 'org.apache.kafka.tools.consumer.ConsoleConsumer'

/**
 * Writes a hosts file for `-Djdk.net.hosts.file`: names → address (default 127.0.0.1). With it the JVM
 * resolves *only* these names (others fail), so `localhost` is always included. Returns the file's path.
 */
export async function writeHostsFile(hosts: string[] | Record<string, string>, file?: string): Promise<string> {
  const map: Record<string, string> = Array.isArray(hosts)
    ? Object.fromEntries(hosts.map((h) => [h, '127.0.0.1']))
    : { ...hosts }
  map.localhost ??= '127.0.0.1'
  const target = file ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-hosts-')), 'hosts')
  await writeFile(
    target,
    Object.entries(map)
      .map(([name, ip]) => `${ip} ${name}`)
      .join('\n') + '\n',
  )
  return target
}

function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // The AWS SDK's default chain ends with EC2 instance metadata (a link-local address): never reach for it.
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}

function javaArgs(jars: ClientJars, opts: JavaRunOptions, mainClass: string, args: string[]): string[] {
  return [
    // Short-lived client JVMs: small heap, serial GC and C1 only start fastest.
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${jars.log4jConfig}`,
    `-D${LOG_LEVEL_PROPERTY}=${process.env[LOG_LEVEL_ENV] ?? DEFAULT_LOG_LEVEL}`,
    ...(opts.hostsFile ? [`-Djdk.net.hosts.file=${opts.hostsFile}`] : []),
    ...(opts.jvmArgs ?? []),
    '-cp',
    jars.classpath.join(path.delimiter),
    mainClass,
    ...args,
  ]
}

/** Runs `mainClass` from the client classpath; never rejects for a non-zero exit, only if Java can't start. */
export async function runJavaClient(
  mainClass: string,
  args: string[],
  opts: JavaRunOptions = {},
): Promise<JavaClientResult> {
  const jars = await clientJars()
  const started = Date.now()
  const child = spawn(javaBin(), javaArgs(jars, opts, mainClass, args), {
    env: childEnv(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  child.stdin.on('error', () => undefined) // the JVM may exit before reading all of stdin
  child.stdin.end(opts.stdin ?? '')

  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL')
  }, opts.timeoutMs ?? 60_000)

  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, code, signal, timedOut, durationMs: Date.now() - started })
    })
  })
}

/** Writes the client config to a private temp file, runs `fn` with its path, then removes it. */
async function withConfigFile<T>(opts: ConsoleClientOptions, fn: (file: string) => Promise<T>): Promise<T> {
  const props: Record<string, string> = { ...opts.properties }
  if (opts.truststorePem) {
    props['ssl.truststore.type'] = 'PEM'
    props['ssl.truststore.location'] = opts.truststorePem
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-client-'))
  const file = path.join(dir, 'client.properties')
  try {
    await writeFile(file, javaPropertiesText(props), { mode: 0o600 })
    return await fn(file)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export interface ConsoleProducerResult extends JavaClientResult {
  /**
   * Records the producer reported as not sent. Check this, not only `code`: the console producer logs a
   * failed send (e.g. an authentication failure) and still exits 0.
   */
  failedSends: number
}

/** Kafka's console producer: sends `lines` (one record each) to `topic`, then exits. */
export function runConsoleProducer(opts: ConsoleProducerOptions): Promise<ConsoleProducerResult> {
  return withConfigFile(opts, async (config) => {
    const args = [
      '--bootstrap-server',
      opts.bootstrap,
      '--topic',
      opts.topic,
      '--command-config',
      config,
      ...(opts.extraArgs ?? []),
    ]
    const stdin = opts.lines.length > 0 ? opts.lines.join('\n') + '\n' : ''
    const result = await runJavaClient(PRODUCER_MAIN, args, { ...opts, stdin })
    // Logged at ERROR by Kafka's ErrorLoggingCallback, once per failed record.
    const failedSends = result.stderr.split('\n').filter((l) => l.includes('Error when sending message')).length
    return { ...result, failedSends }
  })
}

/** Kafka's console consumer: prints up to `maxMessages` record values (one per line) on stdout, then exits. */
export function runConsoleConsumer(opts: ConsoleConsumerOptions): Promise<JavaClientResult> {
  return withConfigFile(opts, (config) => {
    const args = [
      '--bootstrap-server',
      opts.bootstrap,
      '--topic',
      opts.topic,
      '--command-config',
      config,
      '--max-messages',
      String(opts.maxMessages),
      ...((opts.fromBeginning ?? true) ? ['--from-beginning'] : []),
      ...(opts.group ? ['--group', opts.group] : []),
      ...(opts.extraArgs ?? []),
    ]
    return runJavaClient(CONSUMER_MAIN, args, opts)
  })
}
