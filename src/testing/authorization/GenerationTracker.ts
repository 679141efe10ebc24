import type { Clock, TimerHandle } from '../../clock.js'

/** What the service knows about one authorizer instance (a broker role of one Kafka node). */
export interface AuthorizerStatus {
  id: string
  /** The highest generation it has polled with: every decision it caches is at least this new. */
  acknowledged: number
  /** Polling now, or answered recently enough to be expected back. */
  live: boolean
}

interface AuthorizerState {
  acknowledged: number
  held: number
  lastSeen: number
}

interface Waiter {
  generation: number
  resolve(): void
}

/**
 * The generation number (bumped on every policy or identity change) and the authorizers' long polls for
 * it. An authorizer polls with the last generation it knows; a different one is answered at once, the same
 * one is held until it changes or the authorizer's wait is over. Polling with generation N acknowledges N:
 * that authorizer has emptied its cache of older decisions, so {@link awaitGeneration} resolves once every
 * live authorizer has. An authorizer that stops polling (its broker stopped) is no longer waited for once
 * `staleMs` has passed since it was last heard from.
 */
export class GenerationTracker {
  private value = 1
  private readonly authorizers = new Map<string, AuthorizerState>()
  private readonly held = new Set<{ answer(): void; timer: TimerHandle }>()
  private readonly waiters = new Set<Waiter>()
  private recheck: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    private readonly staleMs: number,
  ) {}

  get current(): number {
    return this.value
  }

  /** A new generation: every held poll is answered with it. */
  bump(): number {
    this.value += 1
    for (const poll of [...this.held]) poll.answer()
    return this.value
  }

  /**
   * Registers one poll; `answer` is called exactly once with the generation to send, unless the returned
   * `cancel` (the HTTP request went away) comes first.
   */
  poll(
    authorizer: string,
    after: number,
    waitMs: number,
    answer: (generation: number) => void,
  ): { cancel: () => void } {
    const state = this.state(authorizer)
    state.acknowledged = Math.max(state.acknowledged, after)
    state.lastSeen = this.clock.now()
    if (after !== this.value) {
      answer(this.value)
      this.settle()
      return { cancel: () => undefined }
    }
    let done = false
    const finish = (send: boolean): void => {
      if (done) return
      done = true
      this.held.delete(entry)
      this.clock.clearTimeout(entry.timer)
      state.held -= 1
      state.lastSeen = this.clock.now()
      if (send) answer(this.value)
      this.settle()
    }
    state.held += 1
    const entry = { answer: () => finish(true), timer: this.clock.setTimeout(() => finish(true), waitMs) }
    this.held.add(entry)
    this.settle()
    return { cancel: () => finish(false) }
  }

  /**
   * Resolves once every live authorizer has acknowledged `generation` (at once if there is none); rejects
   * after `timeoutMs`.
   */
  awaitGeneration(generation: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        generation,
        resolve: () => {
          this.clock.clearTimeout(timer)
          resolve()
        },
      }
      const timer = this.clock.setTimeout(() => {
        if (!this.waiters.delete(waiter)) return
        const laggards = this.status().filter((a) => a.live && a.acknowledged < generation)
        reject(
          new Error(
            `generation ${generation} not acknowledged within ${timeoutMs} ms by ${laggards.map((a) => a.id).join(', ')}`,
          ),
        )
      }, timeoutMs)
      this.waiters.add(waiter)
      this.settle()
    })
  }

  /** Stops waiting: every pending awaitGeneration() resolves and held polls are answered. */
  close(): void {
    for (const poll of [...this.held]) poll.answer()
    for (const waiter of this.waiters) waiter.resolve()
    this.waiters.clear()
    if (this.recheck) this.clock.clearTimeout(this.recheck)
  }

  status(): AuthorizerStatus[] {
    const now = this.clock.now()
    return [...this.authorizers].map(([id, s]) => ({ id, acknowledged: s.acknowledged, live: this.isLive(s, now) }))
  }

  private state(id: string): AuthorizerState {
    let s = this.authorizers.get(id)
    if (!s) this.authorizers.set(id, (s = { acknowledged: -1, held: 0, lastSeen: this.clock.now() }))
    return s
  }

  private isLive(s: AuthorizerState, now: number): boolean {
    return s.held > 0 || now - s.lastSeen < this.staleMs
  }

  /** Resolves the waiters that are satisfied; re-checks when a laggard would turn stale. */
  private settle(): void {
    if (this.waiters.size === 0) return
    const now = this.clock.now()
    let nextStale = Number.POSITIVE_INFINITY
    for (const waiter of [...this.waiters]) {
      let satisfied = true
      for (const s of this.authorizers.values()) {
        if (s.acknowledged >= waiter.generation || !this.isLive(s, now)) continue
        satisfied = false
        if (s.held === 0) nextStale = Math.min(nextStale, s.lastSeen + this.staleMs)
      }
      if (satisfied) {
        this.waiters.delete(waiter)
        waiter.resolve()
      }
    }
    if (this.recheck) this.clock.clearTimeout(this.recheck)
    this.recheck = undefined
    if (this.waiters.size > 0 && nextStale !== Number.POSITIVE_INFINITY) {
      this.recheck = this.clock.setTimeout(() => this.settle(), nextStale - now)
    }
  }
}
