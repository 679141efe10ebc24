import { RATE_LIMIT_WINDOW_MS } from './constants.js'

/**
 * Admits at most `perSecond` authentications in any rolling window of one second. Only admitted attempts
 * are counted, so exactly `perSecond` of a burst succeed and the rest see `Too many connects`, as a
 * client hammering MSK does. Time comes from the caller (the emulator's injected clock).
 */
export class ConnectionRateLimiter {
  private admitted: number[] = []

  /** `perSecond` undefined: no limit. */
  constructor(private perSecond: number | undefined) {}

  setLimit(perSecond: number | undefined): void {
    this.perSecond = perSecond
  }

  tryAcquire(nowMs: number): boolean {
    if (this.perSecond === undefined) return true
    const windowStart = nowMs - RATE_LIMIT_WINDOW_MS
    this.admitted = this.admitted.filter((t) => t > windowStart && t <= nowMs)
    if (this.admitted.length >= this.perSecond) return false
    this.admitted.push(nowMs)
    return true
  }
}
