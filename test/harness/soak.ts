// Soak: a kafkajs producer (idempotent) and consumer run through the MSK IAM emulator with short sessions
// while random faults are injected: dropped connections around the SASL exchange, responses cut in half or delayed, "Too many connects"
// bursts, a refused re-authentication, a restart of the Kafka broker behind the emulator, and credential
// sources that fail, hang or hand out credentials about to expire. At the end every acknowledged message
// must have been consumed.
//
//   npm run soak -- --minutes 3 [--mode proactive|lazy|mixed] [--seed N] [--session-ms 3000]
//                   [--fault-every-ms 4000] [--faults a,b] [--json]
//
// Without KAFKA_BOOTSTRAP the soak starts its own broker (and may then restart it as a fault); with it,
// the given broker is used and never restarted. The same loop (runSoak) runs in CI as
// test/integration/faultsSoak.test.ts; test/integration/faults*.test.ts use the building blocks below.
import { appendFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { AwsCredentialIdentity } from '@smithy/types'
import { Kafka, logLevel, type Admin, type Consumer, type KafkaConfig, type Producer } from 'kafkajs'
import { awsMskIam } from '../../src/awsMskIam.js'
import { explainError } from '../../src/explainError.js'
import { isMskIamError } from '../../src/errors.js'
import type { AwsMskIamOptions } from '../../src/options.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import type { ReauthenticationEvent, ReauthenticationFailure, SocketFactory } from '../../src/reauth/types.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, EmulatorStats, MskIamEmulator, MskIamEmulatorOptions } from '../../src/testing/types.js'
import { captureForScan, scanCaptured, TEST_SECRETS } from '../helpers/secretScan.js'
import { mskSocketFactory } from '../helpers/emulatorHelpers.js'
import { startKafkaCluster, type KafkaCluster } from '../../src/testing/kafka/startKafkaCluster.js'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Where text that leaves the code under test goes: captureForScan in tests, a collector in the CLI. */
export type Sink = (value: unknown) => void

/** The soak's identity: known to the emulator, signed with by the client. The values are test secrets. */
export const SOAK_IDENTITY = {
  accessKeyId: 'AKIASOAK000000000001',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
  principalArn: 'arn:aws:sts::123456789012:assumed-role/soak/aws-msk-iam-auth',
} as const

// ---------------------------------------------------------------------------------------------------------
// Credential faults

/** What one call of a {@link ControlledCredentials} provider does instead of answering normally. */
export type CredentialFault = 'transient' | 'permanent' | 'hang' | 'nearExpiry'

/**
 * A credential provider whose next calls can be made to fail transiently (a network error, retried by the
 * plugin), fail permanently (no credentials configured), hang (never answer: the plugin's
 * credentialsTimeoutMs applies) or return credentials that expire within `nearExpiryMs`.
 */
export class ControlledCredentials {
  /** One entry per call: 'ok' or the fault it suffered. */
  readonly served: Array<'ok' | CredentialFault> = []
  private queue: CredentialFault[] = []
  private always: CredentialFault | undefined

  constructor(
    private readonly identity: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
    private readonly options: { lifetimeMs?: number; nearExpiryMs?: number } = {},
  ) {}

  get calls(): number {
    return this.served.length
  }

  /** Faults armed with failNext() and not yet consumed. */
  get pending(): number {
    return this.queue.length
  }

  /** The next `count` calls suffer `fault` (queued after faults already armed). */
  failNext(fault: CredentialFault, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(fault)
  }

  /** Every call suffers `fault` until clear(). */
  failAlways(fault: CredentialFault): void {
    this.always = fault
  }

  clear(): void {
    this.queue = []
    this.always = undefined
  }

  /** An AWS SDK-style provider: pass it as `credentials` to awsMskIam(). */
  readonly provider = async (): Promise<AwsCredentialIdentity> => {
    const fault = this.queue.shift() ?? this.always
    this.served.push(fault ?? 'ok')
    switch (fault) {
      case 'transient':
        throw Object.assign(new Error('connect ECONNRESET 169.254.169.254:80 (injected)'), { code: 'ECONNRESET' })
      case 'permanent': {
        const error = new Error('Could not load credentials from any providers (injected)')
        error.name = 'CredentialsProviderError'
        throw error
      }
      case 'hang':
        return new Promise<AwsCredentialIdentity>(() => undefined)
      case 'nearExpiry':
        return this.credentials(this.options.nearExpiryMs ?? 2_500)
      default:
        return this.credentials(this.options.lifetimeMs)
    }
  }

  private credentials(lifetimeMs: number | undefined): AwsCredentialIdentity {
    return { ...this.identity, ...(lifetimeMs === undefined ? {} : { expiration: new Date(Date.now() + lifetimeMs) }) }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Clients

/** What one client's sockets and scheduler did. */
export interface ClientCounters {
  socketsOpened: number
  reauthentications: ReauthenticationEvent[]
  reauthenticationFailures: ReauthenticationFailure[]
}

export const newCounters = (): ClientCounters => ({
  socketsOpened: 0,
  reauthentications: [],
  reauthenticationFailures: [],
})

export interface ClientOptions {
  emulator: MskIamEmulator
  clientId: string
  credentials: AwsMskIamOptions['credentials']
  /** true: proactiveReauthentication() socket factory; false: kafkajs's lazy re-authentication. */
  proactive: boolean
  sink: Sink
  counters?: ClientCounters
  sasl?: Omit<AwsMskIamOptions, 'credentials'>
  config?: Partial<KafkaConfig>
}

/**
 * A kafkajs client for the emulator's TLS listener, with the plugin, short timeouts and retries sized for
 * faults that last a few seconds. Every kafkajs log entry at INFO and above, and the plugin's own debug
 * entries, go to `sink` (so the secret scan sees them).
 */
export function createClient(options: ClientOptions): Kafka {
  const { emulator, sink } = options
  const counters = options.counters ?? newCounters()
  const sasl = awsMskIam({
    credentials: options.credentials,
    maxBackoffMs: 200,
    credentialsTimeoutMs: 1_000,
    ...options.sasl,
  })
  const loopback = mskSocketFactory()
  const counted: SocketFactory = (args) => {
    counters.socketsOpened++
    return loopback(args)
  }
  const socketFactory = options.proactive
    ? proactiveReauthentication(sasl, {
        socketFactory: counted,
        answerTimeoutMs: 5_000,
        onReauthenticated: (event) => void counters.reauthentications.push(event),
        onReauthenticationFailed: (failure) => {
          counters.reauthenticationFailures.push(failure)
          sink(failure.error)
        },
      })
    : counted
  return new Kafka({
    clientId: options.clientId,
    brokers: [`${emulator.brokerHost(1)}:${emulator.tlsPort}`],
    ssl: { ca: [TEST_CA_CERT] },
    sasl,
    socketFactory,
    connectionTimeout: 3_000,
    authenticationTimeout: 5_000,
    reauthenticationThreshold: 1_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 12 },
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => {
      if (entry.level <= logLevel.INFO || entry.namespace.includes('AWS_MSK_IAM')) sink(entry.log)
    },
    ...options.config,
  })
}

// ---------------------------------------------------------------------------------------------------------
// Workload: one idempotent producer, one consumer group member, counted message by message

export interface WorkloadResult {
  /** Sends that Kafka acknowledged. */
  acked: number
  /** producer.send() calls, including the application's resends after a surfaced failure. */
  attempts: number
  /** producer.send() calls that rejected after kafkajs's own retries: surfaced to the application. */
  sendFailures: number
  /** Messages handed to eachMessage, redeliveries included. */
  deliveries: number
  /** Distinct messages consumed. */
  unique: number
  /** Acknowledged and never consumed. */
  lost: string[]
  /** deliveries − unique: the consumer saw a message again (at-least-once, after a reconnect or rebalance). */
  redelivered: number
  /** Records in the partition (its high watermark). */
  logRecords: number
  /** logRecords − unique: the same message written twice; 0 with the idempotent producer unless the
   * application resent a message whose failed send had in fact been written. */
  logDuplicates: number
  /** Every consumer.crash event; those with restart: true were handled by kafkajs itself. */
  consumerCrashes: Array<{ restart: boolean; error: string }>
  /** Times the application had to start a new consumer because kafkajs gave up (crash with restart: false). */
  consumerRestartsByApplication: number
  /** What the application saw and had to act on: failed sends, crashes with restart: false, failed restarts. */
  surfacedErrors: string[]
}

export interface WorkloadOptions {
  producerClient: Kafka
  consumerClient: Kafka
  topic: string
  sink: Sink
  /** Resend a message whose send failed (the application's at-least-once retry), default true. */
  resend?: boolean
}

/** Describes any error for a report: its MskIamError code when there is one behind it. */
export function describeError(error: unknown): string {
  const explained = explainError(error)
  if (isMskIamError(explained))
    return `MskIamError ${explained.code}${explained.retriable ? ' (retriable)' : ''}: ${explained.message.slice(0, 160)}`
  if (error instanceof Error) {
    const type = (error as { type?: string }).type
    return `${error.name}${type ? ` ${type}` : ''}: ${error.message.slice(0, 160)}`
  }
  return String(error).slice(0, 160)
}

export class Workload {
  private producer: Producer | undefined
  private consumer: Consumer | undefined
  private admin: Admin | undefined
  private nextSeq = 0
  private attempts = 0
  private stopping = false
  private restartingConsumer: Promise<void> | undefined
  private readonly acked = new Set<string>()
  private readonly pendingAcked = new Set<string>()
  private readonly received = new Map<string, number>()
  private deliveries = 0
  private readonly sentAt = new Map<string, number>()
  private readonly receivedAt = new Map<string, number>()
  private readonly crashes: Array<{ restart: boolean; error: string }> = []
  private readonly errors: string[] = []
  private sendFailures = 0
  private consumerRestarts = 0
  private lastAckAt: number | undefined
  /** Longest time between two consecutive acknowledgements. */
  longestAckGapMs = 0
  /** When each acknowledgement arrived (epoch ms), in order. */
  readonly ackTimes: number[] = []

  constructor(private readonly options: WorkloadOptions) {}

  get topic(): string {
    return this.options.topic
  }

  get ackedCount(): number {
    return this.acked.size
  }

  get uniqueReceived(): number {
    return this.received.size
  }

  /** Creates the topic (one partition), starts the consumer (from the beginning) and the producer. */
  async start(): Promise<void> {
    this.admin = this.options.producerClient.admin()
    await this.admin.connect()
    await this.admin.createTopics({ topics: [{ topic: this.topic, numPartitions: 1 }], waitForLeaders: true })
    await this.startConsumer()
    this.producer = this.options.producerClient.producer({ idempotent: true, maxInFlightRequests: 1 })
    await this.producer.connect()
  }

  /** Sends the next message; on a surfaced failure resends it (unless told not to). Resolves true once acknowledged. */
  async sendNext(): Promise<boolean> {
    const producer = this.producer
    if (!producer) throw new Error('Workload.start() first')
    const value = `m${this.nextSeq++}`
    this.sentAt.set(value, Date.now())
    for (let attempt = 1; ; attempt++) {
      this.attempts++
      try {
        await producer.send({ topic: this.topic, messages: [{ value }] })
        this.acked.add(value)
        if (!this.received.has(value)) this.pendingAcked.add(value)
        const now = Date.now()
        this.ackTimes.push(now)
        if (this.lastAckAt !== undefined) this.longestAckGapMs = Math.max(this.longestAckGapMs, now - this.lastAckAt)
        this.lastAckAt = now
        return true
      } catch (error) {
        this.sendFailures++
        this.surfaced('producer.send', error)
        if (this.options.resend === false || this.stopping || attempt >= 20) return false
        await sleep(250)
      }
    }
  }

  /** Sends `count` messages one after the other, `gapMs` apart, calling `between(i)` after each. */
  async produce(count: number, gapMs = 0, between?: (i: number) => Promise<void> | void): Promise<void> {
    for (let i = 0; i < count; i++) {
      await this.sendNext()
      await between?.(i)
      if (gapMs > 0) await sleep(gapMs)
    }
  }

  /** Waits until every acknowledged message was consumed; false at the time-out. */
  async drain(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (this.pendingAcked.size > 0 || this.restartingConsumer) {
      if (Date.now() > deadline) return false
      await sleep(50)
    }
    return true
  }

  /** When `value` was sent and first consumed (epoch ms), if it was. */
  timing(value: string): { sentAt: number | undefined; receivedAt: number | undefined } {
    return { sentAt: this.sentAt.get(value), receivedAt: this.receivedAt.get(value) }
  }

  /** The first message sent at or after `time`, if any. */
  firstSentAfter(time: number): string | undefined {
    for (const [value, at] of this.sentAt) if (at >= time) return value
    return undefined
  }

  async result(): Promise<WorkloadResult> {
    let logRecords = Number.NaN
    try {
      const offsets = await this.admin!.fetchTopicOffsets(this.topic)
      logRecords = offsets.reduce((sum, p) => sum + Number(p.high), 0)
    } catch (error) {
      this.surfaced('admin.fetchTopicOffsets', error)
    }
    const unique = this.received.size
    return {
      acked: this.acked.size,
      attempts: this.attempts,
      sendFailures: this.sendFailures,
      deliveries: this.deliveries,
      unique,
      lost: [...this.acked].filter((v) => !this.received.has(v)),
      redelivered: this.deliveries - unique,
      logRecords,
      logDuplicates: logRecords - unique,
      consumerCrashes: [...this.crashes],
      consumerRestartsByApplication: this.consumerRestarts,
      surfacedErrors: [...this.errors],
    }
  }

  async stop(): Promise<void> {
    this.stopping = true
    await this.restartingConsumer
    for (const client of [this.producer, this.consumer, this.admin]) await client?.disconnect().catch(() => undefined)
  }

  private surfaced(where: string, error: unknown): void {
    this.options.sink(error)
    this.errors.push(`${where}: ${describeError(error)}`)
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.options.consumerClient.consumer({
      groupId: `${this.topic}-group`,
      maxWaitTimeInMs: 100,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 1_000,
    })
    this.consumer = consumer
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.crashes.push({ restart: payload.restart, error: describeError(payload.error) })
      // A crash kafkajs restarts from by itself needs nothing from the application: recorded, not surfaced.
      if (payload.restart) this.options.sink(payload.error)
      else this.surfaced('consumer crash (restart: false)', payload.error)
      // kafkajs gave up on this consumer: the application starts a new one, as it would in production.
      if (!payload.restart && !this.stopping && consumer === this.consumer) this.restartConsumer(consumer)
    })
    await consumer.connect()
    await consumer.subscribe({ topic: this.topic, fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString() ?? ''
        this.deliveries++
        this.received.set(value, (this.received.get(value) ?? 0) + 1)
        if (!this.receivedAt.has(value)) this.receivedAt.set(value, Date.now())
        this.pendingAcked.delete(value)
      },
    })
  }

  private restartConsumer(old: Consumer): void {
    this.consumerRestarts++
    this.restartingConsumer = (async () => {
      await old.disconnect().catch(() => undefined)
      for (let attempt = 0; !this.stopping; attempt++) {
        try {
          await this.startConsumer()
          return
        } catch (error) {
          this.surfaced('consumer restart', error)
          await sleep(Math.min(5_000, 250 * 2 ** attempt))
        }
      }
    })().finally(() => {
      this.restartingConsumer = undefined
    })
  }
}

// ---------------------------------------------------------------------------------------------------------
// One fault scenario: emulator + one client (producer, consumer, admin) + workload

export interface FaultRun {
  emulator: MskIamEmulator
  workload: Workload
  counters: ClientCounters
  /** Every emulator log entry, in order. */
  decisions: EmulatorLogEntry[]
  /** Stops the clients and the emulator; never hangs longer than `timeoutMs` per step. */
  stop(timeoutMs?: number): Promise<void>
}

export interface FaultRunOptions {
  upstream: { host: string; port: number }
  proactive: boolean
  sink: Sink
  credentials?: AwsMskIamOptions['credentials']
  sessionMs?: number
  sasl?: Omit<AwsMskIamOptions, 'credentials'>
  config?: Partial<KafkaConfig>
  emulator?: Partial<MskIamEmulatorOptions>
}

/** Starts an emulator (TLS, short sessions) and a workload through it on a fresh topic. */
export async function startFaultRun(options: FaultRunOptions): Promise<FaultRun> {
  const decisions: EmulatorLogEntry[] = []
  const emulator = await startMskIamEmulator({
    upstream: options.upstream,
    identities: [{ ...SOAK_IDENTITY }],
    maxSessionMs: options.sessionMs ?? 3_000,
    listeners: { plaintext: false, tls: { port: 0 } },
    log: (entry) => {
      decisions.push(entry)
      options.sink(entry)
    },
    ...options.emulator,
  })
  const counters = newCounters()
  const client = createClient({
    emulator,
    clientId: `faults-${options.proactive ? 'proactive' : 'lazy'}`,
    credentials: options.credentials ?? {
      accessKeyId: SOAK_IDENTITY.accessKeyId,
      secretAccessKey: SOAK_IDENTITY.secretAccessKey,
      sessionToken: SOAK_IDENTITY.sessionToken,
    },
    proactive: options.proactive,
    sink: options.sink,
    counters,
    ...(options.sasl ? { sasl: options.sasl } : {}),
    ...(options.config ? { config: options.config } : {}),
  })
  const topic = `faults-${Date.now()}-${Math.floor(Math.random() * 1e6)}`
  const workload = new Workload({ producerClient: client, consumerClient: client, topic, sink: options.sink })
  const stop = async (timeoutMs = 15_000): Promise<void> => {
    await withTimeout(workload.stop(), timeoutMs)
    await withTimeout(emulator.close(), timeoutMs)
  }
  try {
    await workload.start()
  } catch (error) {
    await stop()
    throw error
  }
  return { emulator, workload, counters, decisions, stop }
}

export interface FaultOutcome {
  result: WorkloadResult
  drained: boolean
  counters: ClientCounters
  decisions: EmulatorLogEntry[]
  stats: EmulatorStats
}

/**
 * Sends `before` messages, arms the fault, sends `after` more `gapMs` apart (long enough to span several
 * re-authentications with 3 s sessions), disarms the emulator's faults and waits for the consumer.
 */
export async function runFaultScenario(
  run: FaultRun,
  arm: (run: FaultRun) => void | Promise<void>,
  {
    before = 4,
    after = 14,
    gapMs = 250,
    drainTimeoutMs = 30_000,
  }: { before?: number; after?: number; gapMs?: number; drainTimeoutMs?: number } = {},
): Promise<FaultOutcome> {
  await run.workload.produce(before)
  await arm(run)
  await run.workload.produce(after, gapMs)
  run.emulator.faults.clear()
  const drained = await run.workload.drain(drainTimeoutMs)
  const result = await run.workload.result()
  return { result, drained, counters: run.counters, decisions: run.decisions, stats: run.emulator.stats() }
}

/** Resolves with the promise's outcome or after `ms`, whichever comes first; never rejects. */
export function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise((resolve) => (timer = setTimeout(resolve, ms)))
  return Promise.race([promise.catch(() => undefined), limit]).finally(() => clearTimeout(timer))
}

/**
 * Appends one line of JSON (a test's name and what it observed) to the file named by FAULTS_OBSERVED_FILE,
 * if set: the material of the "observed" column in docs/reliability.md. Does nothing otherwise.
 */
export function recordObserved(name: string, observed: unknown): void {
  const file = process.env.FAULTS_OBSERVED_FILE
  if (!file) return
  const summary = summarize(observed)
  appendFileSync(file, `${JSON.stringify({ name, ...summary })}\n`)
}

function summarize(observed: unknown): Record<string, unknown> {
  const o = observed as { result?: WorkloadResult; stats?: EmulatorStats; counters?: ClientCounters }
  if (!o.result) return { observed }
  const r = o.result
  return {
    acked: r.acked,
    unique: r.unique,
    lost: r.lost.length,
    redelivered: r.redelivered,
    logDuplicates: r.logDuplicates,
    sendFailures: r.sendFailures,
    crashes: r.consumerCrashes,
    surfaced: r.surfacedErrors,
    closes: o.stats?.closesByReason,
    denied: o.stats?.authenticationsDenied,
    reauthentications: o.stats?.reauthentications,
    schedulerFailures: o.counters?.reauthenticationFailures.map((f) => `${f.action} ${f.error.code}`),
  }
}

// ---------------------------------------------------------------------------------------------------------
// Restarting the Kafka broker behind the emulator

/** A broker that can be restarted in place: same node id, same ports, same data directory. */
export interface RestartableBroker {
  readonly host: string
  readonly port: number
  readonly bootstrap: string
  /** The current JVM's PID (changes with each restart; undefined while it is down). */
  readonly pid: number | undefined
  readonly restarts: number
  /** Stops the JVM (SIGTERM: a controlled shutdown that flushes the logs), starts it again, waits until ready. */
  restart(options?: { downtimeMs?: number }): Promise<void>
  /** Stops the broker for good and removes its data. */
  stop(): Promise<void>
}

/**
 * One node of a local cluster (src/testing/kafka's startKafkaCluster) as a broker that restarts the way a
 * broker of an MSK cluster does during patching: the process goes away and comes back on the same address
 * with its data (topics, committed offsets, producer state).
 */
export function restartable(cluster: KafkaCluster, nodeId = 1): RestartableBroker {
  const node = cluster.nodes.find((n) => n.nodeId === nodeId)
  if (!node) throw new Error(`no node ${nodeId} in the cluster`)
  let restarts = 0
  return {
    host: node.host,
    port: node.port,
    bootstrap: `${node.host}:${node.port}`,
    get pid() {
      return node.pid
    },
    get restarts() {
      return restarts
    },
    async restart(options = {}) {
      await cluster.stopBroker(nodeId)
      if (options.downtimeMs) await sleep(options.downtimeMs)
      await cluster.startBroker(nodeId)
      restarts++
    },
    stop: () => cluster.close(),
  }
}

// ---------------------------------------------------------------------------------------------------------
// The soak loop

/** The faults the soak draws from. All of them are recoverable: a permanently failing credential source is not. */
export const SOAK_FAULTS = [
  'dropAfterHandshake',
  'dropAfterAuthenticate',
  'dropMidFrame',
  'delayResponses',
  'tooManyConnectsBurst',
  'refuseReauthOnce',
  'credentialsTransient',
  'credentialsHang',
  'credentialsNearExpiry',
  'upstreamRestart',
] as const
export type SoakFault = (typeof SOAK_FAULTS)[number]

/**
 * Faults kafkajs 2.2.4's own (lazy) re-authentication path does not survive without the application's help,
 * so the soak draws them only when every client uses proactiveReauthentication (docs/reliability.md):
 * a response cut mid-frame wedges kafkajs's connection after the reconnect; a refused re-authentication
 * handshake, and the too-frequent re-authentications that sessions of a few seconds cause, surface as a
 * non-retriable ILLEGAL_SASL_STATE that stops the consumer.
 */
export const LAZY_UNRECOVERABLE: readonly SoakFault[] = ['dropMidFrame', 'refuseReauthOnce', 'credentialsNearExpiry']

/** Which re-authentication the soak's clients use: both proactive, both lazy, or producer proactive and consumer lazy. */
export type SoakMode = 'proactive' | 'lazy' | 'mixed'

export interface SoakOptions {
  /** The Kafka broker (PLAINTEXT) behind the emulator. */
  upstream: { host: string; port: number }
  durationMs: number
  seed?: number
  /** The emulator's maxSessionMs, default 3000. */
  sessionMs?: number
  /** A fault every this many ms (± 30 %), default 4000. */
  faultEveryMs?: number
  /** Pause between two sends, default 20 ms. */
  messageGapMs?: number
  /** Restarts the upstream broker in place; without it the upstreamRestart fault is not drawn. */
  restartUpstream?: () => Promise<void>
  /** Which faults to draw from, default all of SOAK_FAULTS (minus LAZY_UNRECOVERABLE when a client is lazy). */
  faults?: readonly SoakFault[]
  /** Default 'proactive'. */
  mode?: SoakMode
  /** Receives every emulator log entry, kafkajs log entry and error: the secret scan's input. */
  sink?: Sink
  /** Progress lines. */
  progress?: (line: string) => void
  /** How long to wait at the end for the consumer to catch up, default 30 s. */
  drainTimeoutMs?: number
}

export interface InjectedFault {
  fault: SoakFault
  /** ms since the start of the soak. */
  atMs: number
  /** When the fault was in place (for a broker restart: the broker is back), ms since the start. */
  readyAtMs: number
  /** Whether it took effect (a counted emulator fault was consumed, a credential call suffered it, …). */
  triggered: boolean
  /** From readyAtMs to the consumption of the first message sent after it; undefined: never consumed. */
  recoveryMs: number | undefined
  /** The longest pause between two acknowledgements from the injection to the next fault: its cost. */
  stallMs: number
}

export interface SoakReport {
  seed: number
  mode: SoakMode
  durationMs: number
  sessionMs: number
  messages: WorkloadResult & { drained: boolean }
  /** Longest time between two consecutive acknowledgements while producing. */
  longestAckGapMs: number
  reauthentications: { emulator: number; scheduler: number; refusedOrFailedScheduler: number }
  connections: {
    /** Connections the emulator accepted; reconnects: those after start-up. */
    opened: number
    reconnects: number
    /** Sockets the clients' socket factories opened (the emulator's count seen from the other side). */
    clientSockets: number
    closesByReason: EmulatorStats['closesByReason']
    authenticationsDenied: EmulatorStats['authenticationsDenied']
  }
  credentialCalls: Record<'ok' | CredentialFault, number>
  faults: InjectedFault[]
  faultSummary: Record<
    string,
    { injected: number; triggered: number; recovered: number; maxRecoveryMs: number; maxStallMs: number }
  >
}

/** mulberry32: small, seedable, good enough to pick faults reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Runs the soak: emulator in front of `upstream`, producer (proactive re-authentication) and consumer
 * (lazy re-authentication) on one topic, a random recoverable fault every few seconds, then a drain and
 * a count. Never throws for what the clients do; everything is in the report.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
  const random = prng(seed)
  const sink = options.sink ?? (() => undefined)
  const progress = options.progress ?? (() => undefined)
  const sessionMs = options.sessionMs ?? 3_000
  const faultEveryMs = options.faultEveryMs ?? 4_000
  const mode = options.mode ?? 'proactive'
  const defaults = mode === 'proactive' ? SOAK_FAULTS : SOAK_FAULTS.filter((f) => !LAZY_UNRECOVERABLE.includes(f))
  const pool = (options.faults ?? defaults).filter(
    (f) => f !== 'upstreamRestart' || options.restartUpstream !== undefined,
  )
  if (pool.length === 0) throw new Error('runSoak: no fault to draw from')

  const credentials = new ControlledCredentials(SOAK_IDENTITY, { lifetimeMs: 40_000, nearExpiryMs: 2_500 })
  const emulatorOptions: MskIamEmulatorOptions = {
    upstream: options.upstream,
    identities: [{ ...SOAK_IDENTITY }],
    maxSessionMs: sessionMs,
    listeners: { plaintext: false, tls: { port: 0 } },
    log: (entry) => sink(entry),
  }
  const emulator = await startMskIamEmulator(emulatorOptions)
  const producerCounters = newCounters()
  const consumerCounters = newCounters()
  const producerClient = createClient({
    emulator,
    clientId: 'soak-producer',
    credentials: credentials.provider,
    proactive: mode !== 'lazy',
    sink,
    counters: producerCounters,
  })
  const consumerClient = createClient({
    emulator,
    clientId: 'soak-consumer',
    credentials: credentials.provider,
    proactive: mode === 'proactive',
    sink,
    counters: consumerCounters,
  })
  const workload = new Workload({ producerClient, consumerClient, topic: `soak-${Date.now()}-${seed}`, sink })
  const injected: Array<InjectedFault & { check: () => boolean }> = []
  const started = Date.now()
  let timers: NodeJS.Timeout[] = []
  try {
    await workload.start()
    await workload.produce(5)
    const baselineConnections = emulator.stats().connectionsOpened
    progress(
      `soak seed ${seed}: producing for ${Math.round(options.durationMs / 1000)} s with a fault every ~${faultEveryMs} ms from ${pool.join(', ')}`,
    )

    const end = started + options.durationMs
    // No fault in the last stretch, so that recovery from the last one is seen before the producer stops.
    const lastFaultAt = end - Math.min(5_000, options.durationMs / 10)
    let producing = true
    const producer = (async () => {
      while (producing) {
        await workload.sendNext()
        if (options.messageGapMs !== 0) await sleep(options.messageGapMs ?? 20)
      }
    })()

    let nextReport = Date.now() + 30_000
    while (Date.now() < lastFaultAt) {
      await sleep(Math.min(lastFaultAt - Date.now(), faultEveryMs * (0.7 + 0.6 * random())))
      if (Date.now() >= lastFaultAt) break
      const fault = pool[Math.floor(random() * pool.length)]!
      const atMs = Date.now() - started
      const check = await inject(fault, {
        emulator,
        credentials,
        random,
        restartUpstream: options.restartUpstream,
        timers,
      })
      injected.push({
        fault,
        atMs,
        readyAtMs: Date.now() - started,
        triggered: false,
        recoveryMs: undefined,
        stallMs: 0,
        check,
      })
      if (Date.now() >= nextReport) {
        nextReport += 30_000
        progress(
          `${Math.round((Date.now() - started) / 1000)} s: ${workload.ackedCount} acknowledged, ${workload.uniqueReceived} consumed, ${injected.length} faults`,
        )
      }
    }
    await sleep(Math.max(0, end - Date.now()))
    producing = false
    await producer
    emulator.faults.clear()
    credentials.clear()
    for (const timer of timers) clearTimeout(timer)
    timers = []
    const drained = await workload.drain(options.drainTimeoutMs ?? 30_000)
    const messages = { ...(await workload.result()), drained }
    const stats = emulator.stats()
    const acks = workload.ackTimes
    for (const [i, entry] of injected.entries()) {
      entry.triggered = entry.check()
      const from = started + entry.atMs
      const to = i + 1 < injected.length ? started + injected[i + 1]!.atMs : end
      // Pauses that end before the next fault: a pause that outlasts it is that fault's too.
      for (let k = 1; k < acks.length; k++) {
        if (acks[k]! > from && acks[k]! <= to)
          entry.stallMs = Math.max(entry.stallMs, acks[k]! - Math.max(acks[k - 1]!, from))
      }
      const first = workload.firstSentAfter(started + entry.readyAtMs)
      const receivedAt = first === undefined ? undefined : workload.timing(first).receivedAt
      entry.recoveryMs = receivedAt === undefined ? undefined : Math.max(0, receivedAt - (started + entry.readyAtMs))
    }
    const faults = injected.map(({ check: _check, ...rest }) => rest)
    const faultSummary: SoakReport['faultSummary'] = {}
    for (const f of faults) {
      const s = (faultSummary[f.fault] ??= { injected: 0, triggered: 0, recovered: 0, maxRecoveryMs: 0, maxStallMs: 0 })
      s.injected++
      s.maxStallMs = Math.max(s.maxStallMs, f.stallMs)
      if (f.triggered) s.triggered++
      if (f.recoveryMs !== undefined) {
        s.recovered++
        s.maxRecoveryMs = Math.max(s.maxRecoveryMs, f.recoveryMs)
      }
    }
    const credentialCalls = { ok: 0, transient: 0, permanent: 0, hang: 0, nearExpiry: 0 }
    for (const served of credentials.served) credentialCalls[served]++
    return {
      seed,
      mode,
      durationMs: Date.now() - started,
      sessionMs,
      messages,
      longestAckGapMs: workload.longestAckGapMs,
      reauthentications: {
        emulator: stats.reauthentications,
        scheduler: [...producerCounters.reauthentications, ...consumerCounters.reauthentications].filter(
          (e) => e.kind !== 'initial',
        ).length,
        refusedOrFailedScheduler:
          producerCounters.reauthenticationFailures.length + consumerCounters.reauthenticationFailures.length,
      },
      connections: {
        opened: stats.connectionsOpened,
        reconnects: stats.connectionsOpened - baselineConnections,
        clientSockets: producerCounters.socketsOpened + consumerCounters.socketsOpened,
        closesByReason: stats.closesByReason,
        authenticationsDenied: stats.authenticationsDenied,
      },
      credentialCalls,
      faults,
      faultSummary,
    }
  } finally {
    for (const timer of timers) clearTimeout(timer)
    await workload.stop()
    await emulator.close()
  }
}

interface InjectContext {
  emulator: MskIamEmulator
  credentials: ControlledCredentials
  random: () => number
  restartUpstream: (() => Promise<void>) | undefined
  timers: NodeJS.Timeout[]
}

/** Arms one fault; returns a check that says, later, whether it took effect. */
async function inject(fault: SoakFault, ctx: InjectContext): Promise<() => boolean> {
  const { emulator, credentials } = ctx
  const closedByFault = (): number => emulator.stats().closesByReason.fault ?? 0
  const deniedTooMany = (): number => emulator.stats().authenticationsDenied['Too many connects'] ?? 0
  const consumedCredentialFaults = (kind: CredentialFault): number =>
    credentials.served.filter((s) => s === kind).length
  switch (fault) {
    case 'dropAfterHandshake':
    case 'dropAfterAuthenticate':
    case 'dropMidFrame': {
      const before = closedByFault()
      emulator.faults.set({ [fault]: 1 })
      return () => closedByFault() > before
    }
    case 'delayResponses': {
      emulator.faults.set({ delayResponsesMs: 200 + Math.floor(ctx.random() * 600) })
      ctx.timers.push(setTimeout(() => emulator.faults.set({ delayResponsesMs: 0 }), 2_000))
      return () => true
    }
    case 'tooManyConnectsBurst': {
      // A connection is cut (at its next re-authentication) and its first reconnects are refused, as MSK
      // does when clients reconnect in a storm.
      const before = deniedTooMany()
      emulator.faults.set({ dropAfterAuthenticate: 1, tooManyConnectsBurst: 2 })
      return () => deniedTooMany() > before
    }
    case 'refuseReauthOnce': {
      const before = closedByFault()
      emulator.faults.set({ refuseReauthOnce: true })
      return () => closedByFault() > before
    }
    case 'credentialsTransient':
    case 'credentialsHang':
    case 'credentialsNearExpiry': {
      const kind: CredentialFault =
        fault === 'credentialsTransient' ? 'transient' : fault === 'credentialsHang' ? 'hang' : 'nearExpiry'
      const before = consumedCredentialFaults(kind)
      credentials.failNext(kind, kind === 'transient' ? 2 : 1)
      return () => consumedCredentialFaults(kind) > before
    }
    case 'upstreamRestart':
      await ctx.restartUpstream!()
      return () => true
  }
}

/** A report as aligned text, for the terminal and docs/reliability.md. */
export function formatReport(report: SoakReport): string {
  const m = report.messages
  const lines = [
    `seed ${report.seed}, mode ${report.mode}, ${(report.durationMs / 1000).toFixed(0)} s, sessions ${report.sessionMs} ms`,
    `messages: sent (acknowledged) ${m.acked}, send attempts ${m.attempts}, received ${m.deliveries} (${m.unique} distinct), lost ${m.lost.length}, ` +
      `duplicated: ${m.redelivered} consumer redeliveries, ${m.logDuplicates} duplicates in the log${m.drained ? '' : ' — NOT DRAINED'}`,
    `re-authentications: ${report.reauthentications.emulator} accepted by the emulator (${report.reauthentications.scheduler} by proactiveReauthentication), ` +
      `${report.reauthentications.refusedOrFailedScheduler} scheduler renewals failed and reconnected`,
    `connections: ${report.connections.opened} opened, ${report.connections.reconnects} after start-up; closes ${JSON.stringify(report.connections.closesByReason)}; denied ${JSON.stringify(report.connections.authenticationsDenied)}`,
    `credential source calls: ${JSON.stringify(report.credentialCalls)}`,
    `longest pause between two acknowledgements: ${report.longestAckGapMs} ms`,
    `surfaced errors: ${m.sendFailures} failed sends, ${m.consumerCrashes.filter((c) => !c.restart).length} consumer crashes kafkajs gave up on` +
      ` (and ${m.consumerCrashes.filter((c) => c.restart).length} it restarted from by itself)`,
    ...m.surfacedErrors.slice(0, 10).map((e) => `  ${e}`),
    ...m.consumerCrashes
      .filter((c) => c.restart)
      .slice(0, 5)
      .map((c) => `  consumer crash, restarted by kafkajs: ${c.error}`),
    'faults: injected / took effect / recovered / slowest recovery / longest pause in acknowledgements after it',
    ...Object.entries(report.faultSummary).map(
      ([name, s]) =>
        `  ${name.padEnd(22)} ${String(s.injected).padStart(3)} / ${String(s.triggered).padStart(3)} / ${String(s.recovered).padStart(3)} / ${s.maxRecoveryMs} ms / ${s.maxStallMs} ms`,
    ),
  ]
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------------------
// Command line

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '3' },
      seed: { type: 'string' },
      'session-ms': { type: 'string', default: '3000' },
      'fault-every-ms': { type: 'string', default: '4000' },
      faults: { type: 'string' },
      mode: { type: 'string', default: 'proactive' },
      json: { type: 'boolean', default: false },
    },
  })
  const faults = values.faults?.split(',').map((f) => f.trim()) as SoakFault[] | undefined
  const mode = values.mode as SoakMode
  if (!['proactive', 'lazy', 'mixed'].includes(mode)) throw new Error('--mode must be proactive, lazy or mixed')
  const unknown = faults?.filter((f) => !(SOAK_FAULTS as readonly string[]).includes(f)) ?? []
  if (unknown.length > 0) throw new Error(`unknown fault(s) ${unknown.join(', ')}; known: ${SOAK_FAULTS.join(', ')}`)
  const minutes = Number(values.minutes)
  if (!(minutes > 0)) throw new Error('--minutes must be a positive number')
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`)
  let broker: RestartableBroker | undefined
  let upstream = process.env.KAFKA_BOOTSTRAP?.split(',')[0]
  try {
    if (!upstream) {
      log('starting Apache Kafka (KRaft, single node)…')
      broker = restartable(await startKafkaCluster({ brokers: 1, fastJit: false }))
      upstream = broker.bootstrap
      log(`kafka ready at ${upstream} (pid ${broker.pid})`)
    }
    const at = upstream.lastIndexOf(':')
    const owned = broker
    const report = await runSoak({
      upstream: { host: upstream.slice(0, at), port: Number(upstream.slice(at + 1)) },
      durationMs: minutes * 60_000,
      seed: values.seed === undefined ? undefined : Number(values.seed),
      sessionMs: Number(values['session-ms']),
      faultEveryMs: Number(values['fault-every-ms']),
      ...(faults ? { faults } : {}),
      mode,
      restartUpstream: owned
        ? async () => {
            log(`restarting kafka (pid ${owned.pid})…`)
            const t = Date.now()
            await owned.restart()
            log(`kafka back (pid ${owned.pid}) after ${Date.now() - t} ms`)
          }
        : undefined,
      sink: captureForScan,
      progress: log,
    })
    const scan = scanCaptured()
    if (values.json) process.stdout.write(`${JSON.stringify({ ...report, secretScan: scan }, null, 2)}\n`)
    else {
      process.stdout.write(`${formatReport(report)}\n`)
      process.stdout.write(
        `secret scan of ${scan.scannedChars} characters of logs and errors: ${scan.leaks.length === 0 ? 'clean' : scan.leaks.join('; ')}\n`,
      )
    }
    const recovered = report.faults.every((f) => f.recoveryMs !== undefined)
    if (report.messages.lost.length > 0 || !report.messages.drained || !recovered || scan.leaks.length > 0)
      process.exitCode = 1
  } finally {
    await broker?.stop()
  }
}

// Only as the entry point (scripts/run-ts.mjs bundles this file and runs the bundle), never when imported.
if (process.argv[1] !== undefined && process.argv[1] === __filename) {
  main().catch((error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  })
}
