import type { Clock, TimerHandle } from '../clock.js'

/**
 * kafkajs's writes held back while a renewal is under way (nothing may reach the broker between the
 * renewal's SaslHandshake and SaslAuthenticate, KIP-368), and released in their order afterwards.
 *
 * kafkajs starts a request's timeout when it writes the request, here: a frame held past kafkajs's
 * `requestTimeout` belongs to a request kafkajs has already failed and may retry, and writing it late
 * could duplicate a non-idempotent Produce. So no frame is held longer than `maxHoldMs`: then `onExpired`
 * is called instead, to close the connection with the frames unwritten.
 */
export class WriteHold {
  private frames: Buffer[] = []
  private active = false
  private deadline: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    private readonly maxHoldMs: number,
    private readonly onExpired: (heldCount: number) => void,
  ) {}

  get holding(): boolean {
    return this.active
  }

  start(): void {
    this.active = true
  }

  push(frame: Buffer): void {
    this.frames.push(frame)
    if (this.frames.length === 1) {
      this.deadline = this.clock.setTimeout(() => {
        this.deadline = undefined
        this.onExpired(this.frames.length)
      }, this.maxHoldMs)
    }
  }

  /** Ends the hold; the held frames, oldest first, for the caller to write. */
  release(): Buffer[] {
    const frames = this.frames
    this.clear()
    return frames
  }

  /** Drops the held frames (the connection is closing: kafkajs fails their requests itself). */
  clear(): void {
    if (this.deadline) this.clock.clearTimeout(this.deadline)
    this.deadline = undefined
    this.frames = []
    this.active = false
  }
}
