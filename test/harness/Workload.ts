// Workload: one idempotent producer, one consumer group member, counted message by message.
import { Kafka, type Admin, type Consumer, type Producer } from 'kafkajs'
import { explainError } from '../../src/explainError.js'
import { isMskIamError } from '../../src/errors.js'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Sink } from './soakIdentity.js'

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
