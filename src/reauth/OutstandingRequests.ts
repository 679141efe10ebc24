/** Who wrote a request on the connection: kafkajs, or the scheduler (the SASL pair of a renewal). */
export type RequestOwner = 'kafkajs' | 'renewal'

/** A request written on the connection whose answer has not come yet. */
export interface OutstandingRequest {
  correlationId: number
  apiKey: number
  apiVersion: number
  owner: RequestOwner
  sentAt: number
}

/**
 * The requests written on one connection that still await an answer, oldest first. Kafka reads a
 * connection's next request only after answering the previous one, so answers come in request order: an
 * answer settles its request and every older one still listed, which can no longer be answered (a raw SASL
 * frame without a header, a request wrongly guessed to be answered). Produce with acks = 0 is never listed.
 */
export class OutstandingRequests {
  private queue: OutstandingRequest[] = []

  add(request: OutstandingRequest): void {
    this.queue.push(request)
  }

  /** The request an answer with this correlation id belongs to, or undefined when none is listed. */
  answered(correlationId: number): OutstandingRequest | undefined {
    const index = this.queue.findIndex((request) => request.correlationId === correlationId)
    if (index < 0) return undefined
    return this.queue.splice(0, index + 1)[index]
  }

  /** Whether every request written before this one has been answered. */
  isFirst(correlationId: number): boolean {
    return this.queue[0]?.correlationId === correlationId
  }

  clear(): void {
    this.queue = []
  }
}
