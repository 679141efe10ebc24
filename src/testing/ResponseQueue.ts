import type { CloseReason } from './types.js'

/** What happens to the connection once a slot's bytes have been written. */
export type AfterWrite =
  /** Close after a delay, as Kafka does after an authentication failure response. */
  | { kind: 'close'; reason: CloseReason; delayMs: number; detail?: string }
  /** Drop the connection as soon as the bytes are flushed (fault injection). */
  | { kind: 'drop'; reason: CloseReason; detail?: string }

/** One entry leaving the queue, in request order. */
export interface Delivery {
  bytes: Buffer
  /** True for answers relayed from Kafka (as opposed to the emulator's own SASL answers). */
  upstream: boolean
  after: AfterWrite | undefined
}

/** A reserved place in the response order; fill it exactly once. */
export interface Slot {
  readonly id: number
}

interface Entry {
  id: number
  upstream: boolean
  delivery: Delivery | undefined
}

/**
 * Keeps a connection's responses in the order of its requests. Kafka guarantees that order per
 * connection; the emulator answers SASL requests itself and relays everything else, so each request that
 * expects an answer reserves a slot when it arrives, and slots are released strictly front to back as
 * they are filled. Pure: delivery goes to the callback; after a slot with an `after` action nothing more
 * is delivered.
 */
export class ResponseQueue {
  private readonly entries: Entry[] = []
  private nextId = 0
  private ended = false

  constructor(private readonly deliver: (delivery: Delivery) => void) {}

  /** Reserves the next place in response order. */
  reserve(upstream: boolean): Slot {
    const entry: Entry = { id: this.nextId++, upstream, delivery: undefined }
    this.entries.push(entry)
    return { id: entry.id }
  }

  /** Fills a reserved slot and delivers everything that is now at the front. */
  fill(slot: Slot, bytes: Buffer, after?: AfterWrite): void {
    const entry = this.entries.find((e) => e.id === slot.id)
    if (entry === undefined || entry.delivery !== undefined) throw new Error(`slot ${slot.id} is not open`)
    entry.delivery = { bytes, upstream: entry.upstream, after }
    this.flush()
  }

  /** Slots reserved and not yet delivered. */
  get pending(): number {
    return this.entries.length
  }

  private flush(): void {
    while (!this.ended) {
      const head = this.entries[0]
      if (head?.delivery === undefined) return
      this.entries.shift()
      if (head.delivery.after !== undefined) this.ended = true
      this.deliver(head.delivery)
    }
  }
}
