// MSK's connection limits as the emulator enforces them, on an injected clock: new connections per rolling
// second and open connections, per broker or for the whole cluster.
import { ConnectionLimiter } from '../../../src/testing/ConnectionLimiter.js'

const T0 = 1_000_000

/** Opens a connection to `nodeId` and asks for its first authentication at `at`. */
function attempt(limiter: ConnectionLimiter, nodeId: number, at: number): boolean {
  limiter.opened(nodeId)
  return limiter.admit(nodeId, at) === true
}

describe('ConnectionLimiter', () => {
  it('admits everything without limits', () => {
    const limiter = new ConnectionLimiter(undefined)
    for (let i = 0; i < 1000; i++) expect(attempt(limiter, 1, T0)).toBe(true)
  })

  it('admits exactly perSecond per broker in any rolling second, each broker on its own', () => {
    const limiter = new ConnectionLimiter({ perSecond: 20 })
    const burst = (nodeId: number, at: number): number =>
      Array.from({ length: 30 }, () => attempt(limiter, nodeId, at)).filter(Boolean).length
    expect(burst(1, T0)).toBe(20)
    expect(burst(2, T0)).toBe(20)
    expect(burst(3, T0 + 500)).toBe(20)
    // Broker 1's permits come back one second after they were used, not before.
    expect(attempt(limiter, 1, T0 + 999)).toBe(false)
    expect(burst(1, T0 + 1000)).toBe(20)
  })

  it('counts only admitted attempts: a refused storm does not starve the next second', () => {
    const limiter = new ConnectionLimiter({ perSecond: 4 })
    for (let ms = 0; ms < 1000; ms += 10) attempt(limiter, 1, T0 + ms)
    expect(attempt(limiter, 1, T0 + 1000)).toBe(true)
  })

  it('with cluster scope shares one rate across the brokers (MSK Serverless)', () => {
    const limiter = new ConnectionLimiter({ perSecond: 100, scope: 'cluster' })
    const admitted = Array.from({ length: 300 }, (_, i) => attempt(limiter, (i % 3) + 1, T0)).filter(Boolean).length
    expect(admitted).toBe(100)
  })

  it('refuses a connection beyond maxConnections open, and admits again once one closes', () => {
    const limiter = new ConnectionLimiter({ maxConnections: 3 })
    expect([1, 2, 3].map(() => attempt(limiter, 1, T0))).toEqual([true, true, true])
    expect(attempt(limiter, 1, T0)).toBe(false)
    expect(attempt(limiter, 2, T0)).toBe(true)
    limiter.closed(1) // the refused one
    limiter.closed(1)
    expect(attempt(limiter, 1, T0)).toBe(true)
  })

  it('counts open connections for the whole cluster with cluster scope', () => {
    const limiter = new ConnectionLimiter({ maxConnections: 4, scope: 'cluster' })
    expect([1, 2, 3, 1].map((n) => attempt(limiter, n, T0))).toEqual([true, true, true, true])
    expect(attempt(limiter, 2, T0)).toBe(false)
    expect(limiter.openConnections(3)).toBe(5)
  })

  it('says which limit refused', () => {
    const limiter = new ConnectionLimiter({ perSecond: 1, maxConnections: 2 })
    attempt(limiter, 1, T0)
    limiter.opened(1)
    expect(limiter.admit(1, T0)).toBe('1 new connections on broker 1 in the last second, limit 1')
    limiter.opened(1)
    expect(limiter.admit(1, T0)).toBe('3 connections open on broker 1, limit 2')
  })

  it('applies new limits to the next decision', () => {
    const limiter = new ConnectionLimiter({ perSecond: 1 })
    expect(attempt(limiter, 1, T0)).toBe(true)
    expect(attempt(limiter, 1, T0)).toBe(false)
    limiter.set(undefined)
    expect(attempt(limiter, 1, T0)).toBe(true)
  })
})
