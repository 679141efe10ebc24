import type { Socket } from 'node:net'
import type { Faults } from './Faults.js'
import type { AfterWrite, Delivery } from './ResponseQueue.js'
import type { CloseReason } from './types.js'

/**
 * The socket side of one connection: writes responses to the client in the order the ResponseQueue
 * releases them (also when a delay fault holds them back), carries out what follows a final answer
 * (Kafka's delayed close, or an injected drop), injects mid-frame drops, and applies backpressure both
 * ways so a slow reader on one side pauses the other instead of buffering without bound.
 * Timers are real time (faults and Kafka's close delay are wall-clock) and unref'ed.
 */
export class OrderedWriter {
  /** Set once a final answer is on its way: the connection's close is then recorded under this reason. */
  closingReason: CloseReason | undefined
  private readonly held: { delivery: Delivery; notBefore: number }[] = []
  private timer: NodeJS.Timeout | undefined
  private closeTimer: NodeJS.Timeout | undefined
  private stopped = false
  private clientBlocked = false
  private upstreamBlocked = false

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly faults: Faults,
    private readonly close: (reason: CloseReason, detail?: string) => void,
  ) {}

  push(delivery: Delivery): void {
    if (this.stopped) return
    const delay = this.faults.delayResponsesMs
    if (delay <= 0 && this.held.length === 0) return this.write(delivery)
    // Never earlier than what is already held: order survives a delay that shrinks mid-test.
    const notBefore = Math.max(Date.now() + delay, this.held.at(-1)?.notBefore ?? 0)
    this.held.push({ delivery, notBefore })
    this.schedule()
  }

  toUpstream(frame: Buffer): void {
    if (this.stopped) return
    if (!this.upstream.write(frame) && !this.upstreamBlocked) {
      this.upstreamBlocked = true
      this.client.pause()
      this.upstream.once('drain', () => {
        this.upstreamBlocked = false
        this.client.resume()
      })
    }
  }

  stop(): void {
    this.stopped = true
    this.held.length = 0
    clearTimeout(this.timer)
    clearTimeout(this.closeTimer)
  }

  private schedule(): void {
    const head = this.held[0]
    if (this.timer !== undefined || this.stopped || head === undefined) return
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        while (!this.stopped && this.held[0] !== undefined && this.held[0].notBefore <= Date.now()) {
          const due = this.held.shift()
          if (due !== undefined) this.write(due.delivery)
        }
        this.schedule()
      },
      Math.max(0, head.notBefore - Date.now()),
    )
    this.timer.unref()
  }

  private write(delivery: Delivery): void {
    if (this.stopped) return
    if (delivery.upstream && delivery.after === undefined && this.faults.take('dropMidFrame')) {
      this.closingReason = 'fault'
      this.stopped = true
      const half = delivery.bytes.subarray(0, Math.max(1, Math.floor(delivery.bytes.length / 2)))
      this.client.write(half, () => this.close('fault', 'dropMidFrame'))
      return
    }
    const { after } = delivery
    if (after !== undefined) this.closingReason = after.reason
    const flushed = this.client.write(delivery.bytes, after === undefined ? undefined : () => this.afterFlush(after))
    if (!flushed && !this.clientBlocked) {
      this.clientBlocked = true
      this.upstream.pause()
      this.client.once('drain', () => {
        this.clientBlocked = false
        this.upstream.resume()
      })
    }
  }

  private afterFlush(after: AfterWrite): void {
    if (this.stopped) return
    if (after.kind === 'drop') return this.close(after.reason, after.detail)
    this.closeTimer = setTimeout(() => this.close(after.reason, after.detail), after.delayMs)
    this.closeTimer.unref()
  }
}
