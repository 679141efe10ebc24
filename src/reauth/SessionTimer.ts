import type { Clock, TimerHandle } from '../clock.js'
import { RENEWAL_WINDOW } from '../constants.js'

interface Session {
  expiresAt: number
  renewAt: number
}

/**
 * One connection's SASL session as the broker granted it, and the timer that starts its renewal at a
 * random 85–95 % of the lifetime (or sooner, to retry a failed signing).
 */
export class SessionTimer {
  private session: Session | undefined
  private timer: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly onDue: () => void,
  ) {}

  /**
   * A session of `lifetimeMs` granted to the SaslAuthenticate sent at `startedAt` (a slow answer cannot push
   * the renewal past the expiry); 0 means the broker set no limit.
   */
  start(lifetimeMs: number, startedAt: number): void {
    if (lifetimeMs <= 0) {
      this.session = undefined
      return
    }
    // Node keeps a timer list per distinct delay until that delay has passed: a delay drawn freely per
    // connection leaves one behind per connection. Steps of 1 % of the lifetime keep the 85–95 % spread
    // (ten steps) with a bounded set of delays.
    const step = Math.max(100, Math.floor(lifetimeMs / 100))
    const fraction = RENEWAL_WINDOW.start + RENEWAL_WINDOW.spread * this.random()
    const delay = Math.floor((lifetimeMs * fraction) / step) * step
    this.session = { expiresAt: startedAt + lifetimeMs, renewAt: startedAt + delay }
    this.schedule(startedAt + delay - this.clock.now())
  }

  /** Whether a request written now would go out after the planned renewal time. */
  isDue(): boolean {
    return this.session !== undefined && this.clock.now() >= this.session.renewAt
  }

  /** Milliseconds until the session expires; 0 without a session. */
  remainingMs(): number {
    return this.session ? this.session.expiresAt - this.clock.now() : 0
  }

  /** Starts the renewal again after `delayMs`. */
  retryIn(delayMs: number): void {
    this.schedule(delayMs)
  }

  cancel(): void {
    if (this.timer) this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(delayMs: number): void {
    this.cancel()
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.onDue()
    }, delayMs)
  }
}
