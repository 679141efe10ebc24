// One fault scenario: emulator + one client (producer, consumer, admin) + workload.
import type { KafkaConfig } from 'kafkajs'
import type { AwsMskIamOptions } from '../../src/options.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import type { EmulatorLogEntry, EmulatorStats, MskIamEmulator, MskIamEmulatorOptions } from '../../src/testing/types.js'
import { SOAK_IDENTITY, type Sink } from './soakIdentity.js'
import { createClient, newCounters, type ClientCounters } from './createClient.js'
import { Workload, type WorkloadResult } from './Workload.js'
import { settleWithin } from './settleWithin.js'

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
    await settleWithin(workload.stop(), timeoutMs)
    await settleWithin(emulator.close(), timeoutMs)
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
