import { RATE_LIMIT_WINDOW_MS } from './constants.js'
import type { ConnectionLimits } from './types.js'

/** The cluster-wide counter key when limits apply to the whole cluster (MSK Serverless). */
const CLUSTER = 'cluster'

/**
 * MSK's IAM connection limits, per broker or for the whole cluster: at most `perSecond` new connections
 * authenticated in any rolling second, and at most `maxConnections` open at once. Both are enforced where
 * MSK reports them, at the first SaslAuthenticate of a connection (`Too many connects`); re-authentications
 * are not counted. Only admitted attempts use up the rate, so of a burst exactly `perSecond` pass. Time
 * comes from the caller (the emulator's injected clock).
 */
export class ConnectionLimiter {
  private limits: ConnectionLimits = {}
  private readonly admitted = new Map<string, number[]>()
  private readonly open = new Map<number, number>()

  constructor(limits: ConnectionLimits | undefined) {
    this.set(limits)
  }

  set(limits: ConnectionLimits | undefined): void {
    this.limits = { ...limits }
  }

  /** A client connection to `nodeId` opened; pair with {@link closed}. */
  opened(nodeId: number): void {
    this.open.set(nodeId, (this.open.get(nodeId) ?? 0) + 1)
  }

  closed(nodeId: number): void {
    const left = (this.open.get(nodeId) ?? 1) - 1
    if (left > 0) this.open.set(nodeId, left)
    else this.open.delete(nodeId)
  }

  /** Open client connections to `nodeId`, or to the whole cluster when the limits are cluster-wide. */
  openConnections(nodeId: number): number {
    if (this.limits.scope !== 'cluster') return this.open.get(nodeId) ?? 0
    let total = 0
    for (const count of this.open.values()) total += count
    return total
  }

  /**
   * Whether the first authentication of a connection to `nodeId` (already counted by {@link opened}) may
   * proceed at `nowMs`: true uses up one of the second's permits; otherwise the limit that refused it.
   */
  admit(nodeId: number, nowMs: number): true | string {
    const { perSecond, maxConnections } = this.limits
    const where = this.limits.scope === 'cluster' ? 'in the cluster' : `on broker ${nodeId}`
    const open = this.openConnections(nodeId)
    if (maxConnections !== undefined && open > maxConnections)
      return `${open} connections open ${where}, limit ${maxConnections}`
    if (perSecond === undefined) return true
    const key = this.key(nodeId)
    const windowStart = nowMs - RATE_LIMIT_WINDOW_MS
    const recent = (this.admitted.get(key) ?? []).filter((t) => t > windowStart && t <= nowMs)
    this.admitted.set(key, recent)
    if (recent.length >= perSecond)
      return `${recent.length} new connections ${where} in the last second, limit ${perSecond}`
    recent.push(nowMs)
    return true
  }

  private key(nodeId: number): string {
    return this.limits.scope === 'cluster' ? CLUSTER : String(nodeId)
  }
}
