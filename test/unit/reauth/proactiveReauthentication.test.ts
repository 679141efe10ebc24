// The scheduler under kafkajs 2.2.4's real Connection class (its framing, request queue and SASL flow),
// against an in-memory broker that verifies every token and records KIP-368 violations.
import { awsMskIam } from '../../../src/awsMskIam.js'
import { proactiveReauthentication } from '../../../src/reauth/proactiveReauthentication.js'
import type { ReauthenticationEvent, ReauthenticationFailure, RenewableSasl } from '../../../src/reauth/types.js'
import { FakeClock, flushMicrotasks } from '../../helpers/FakeClock.js'
import { MemoryBroker } from '../../helpers/MemoryBroker.js'
import {
  authenticatedConnection,
  HOST,
  identity,
  memorySockets,
  probe,
  schedulerSetup,
} from '../../helpers/schedulerHarness.js'

const setup = (sessionLifetimeMs = 10_000, deny?: (n: number) => string | undefined) =>
  schedulerSetup({ sessionLifetimeMs, ...(deny ? { deny } : {}) })

describe('proactiveReauthentication', () => {
  it('takes over the session: kafkajs sees no expiry, the hook sees the real lifetime', async () => {
    const { connection, events, broker } = await setup()
    expect(connection.sessionLifetime.toString()).toBe('0')
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'initial',
        broker: `${HOST}:9098`,
        requestId: 'rid-1',
        sessionLifetimeMs: 10_000,
      }),
    ])
    await expect(connection.send(probe(1))).resolves.toBe(1)
    expect(broker.violations).toEqual([])
    await connection.disconnect()
  })

  it('re-authenticates at 90 % of the lifetime with its own correlation ids, hidden from kafkajs', async () => {
    const { clock, connection, events, broker } = await setup()
    await clock.advance(8_999)
    expect(broker.authentications).toBe(1)
    await clock.advance(1)
    expect(broker.authentications).toBe(2)
    const sasl = broker.received.filter((r) => r.apiKey === 17 || r.apiKey === 36)
    expect(sasl.slice(2).map((r) => r.correlationId)).toEqual([-1, -2])
    expect(events.map((e) => e.kind)).toEqual(['initial', 'scheduled'])
    expect(events[1]).toMatchObject({ requestId: 'rid-2', sessionLifetimeMs: 10_000 })
    // Renewals keep going, each on a fresh 10 s session.
    for (let i = 0; i < 5; i++) await clock.advance(9_000)
    expect(broker.authentications).toBe(7)
    await expect(connection.send(probe(2))).resolves.toBe(2)
    expect(broker.violations).toEqual([])
    await connection.disconnect()
  })

  it('holds requests issued during the exchange and writes them after the answer, in order', async () => {
    const { clock, connection, broker } = await setup()
    broker.pauseSasl()
    await clock.advance(9_000) // handshake written, answer held back by the broker
    const sent = [connection.send(probe(10)), connection.send(probe(11)), connection.send(probe(12))]
    await flushMicrotasks()
    const probesSeen = () => broker.received.filter((r) => r.apiKey === 3).length
    expect(probesSeen()).toBe(0)
    broker.resumeSasl()
    await flushMicrotasks()
    await expect(Promise.all(sent)).resolves.toEqual([10, 11, 12])
    const order = broker.received.map((r) => r.apiKey)
    expect(order.slice(-5)).toEqual([17, 36, 3, 3, 3])
    expect(broker.violations).toEqual([])
    await connection.disconnect()
  })

  it('re-authenticates before the first request after a freeze in which timers did not fire', async () => {
    const { clock, connection, events, broker } = await setup()
    clock.jump(60_000) // the session expired long ago, no timer ran
    await expect(connection.send(probe(3))).resolves.toBe(3)
    expect(broker.received.map((r) => r.apiKey).slice(-3)).toEqual([17, 36, 3])
    expect(events.at(-1)).toMatchObject({ kind: 'late' })
    expect(broker.violations).toEqual([])
    await connection.disconnect()
  })

  it('closes the connection with the typed error when a renewal is refused', async () => {
    const { clock, connection, failures, sockets } = await setup(10_000, (n) => (n === 2 ? 'Access denied' : undefined))
    await clock.advance(9_000)
    await flushMicrotasks()
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ action: 'closed', error: { code: 'ACCESS_DENIED', requestId: 'rid-2' } })
    expect(sockets[0]!.destroyed).toBe(true)
    expect(connection.isConnected()).toBe(false)
  })

  it('retries a transient signing failure before the session expires', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
    // 30 s sessions, 20 s credentials: at the renewal (27 s) the cached credentials are expired and the
    // refresh fails once; the scheduler must retry while the session lasts instead of dropping the connection.
    const broker = new MemoryBroker({
      clock,
      identities: [identity],
      region: 'us-east-1',
      host: HOST,
      sessionLifetimeMs: 30_000,
    })
    let calls = 0
    const provider = async () => {
      calls++
      if (calls === 2) throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })
      return { ...identity, expiration: new Date(clock.now() + 20_000) }
    }
    const failures: ReauthenticationFailure[] = []
    const events: ReauthenticationEvent[] = []
    const sasl = awsMskIam({ credentials: provider, clock, maxRetries: 0 })
    const socketFactory = proactiveReauthentication(sasl, {
      clock,
      random: () => 0.5,
      socketFactory: memorySockets(broker),
      onReauthenticated: (e) => events.push(e),
      onReauthenticationFailed: (f) => failures.push(f),
    })
    const connection = await authenticatedConnection(socketFactory, sasl)
    await clock.advance(27_000)
    expect(failures).toEqual([
      expect.objectContaining({
        action: 'retrying',
        error: expect.objectContaining({ code: 'CREDENTIALS_UNAVAILABLE', retriable: true }) as unknown,
      }),
    ])
    expect(events.map((e) => e.kind)).toEqual(['initial'])
    await clock.advance(1_000)
    expect(calls).toBe(3)
    expect(events.map((e) => e.kind)).toEqual(['initial', 'scheduled'])
    await expect(connection.send(probe(4))).resolves.toBe(4)
    expect(broker.violations).toEqual([])
    await connection.disconnect()
  })

  it('leaves no timer behind when connections close', async () => {
    const clock = new FakeClock()
    const broker = new MemoryBroker({
      clock,
      identities: [identity],
      region: 'us-east-1',
      host: HOST,
      sessionLifetimeMs: 10_000,
    })
    const sasl = awsMskIam({ credentials: identity, clock })
    const socketFactory = proactiveReauthentication(sasl, { clock, socketFactory: memorySockets(broker) })
    for (let i = 0; i < 200; i++) {
      const connection = await authenticatedConnection(socketFactory, sasl)
      await connection.disconnect()
    }
    await flushMicrotasks()
    expect(broker.authentications).toBe(200)
    expect(clock.pendingTimers).toBe(0)
  })

  it('reloads credentials after a renewal refused with "Session too short"', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
    const broker = new MemoryBroker({
      clock,
      identities: [identity],
      region: 'us-east-1',
      host: HOST,
      sessionLifetimeMs: 10_000,
      denyAuthentication: (n) => (n === 2 ? 'Session too short' : undefined),
    })
    let calls = 0
    const provider = async () => {
      calls++
      return { ...identity }
    }
    const failures: ReauthenticationFailure[] = []
    const sasl = awsMskIam({ credentials: provider, clock })
    const socketFactory = proactiveReauthentication(sasl, {
      clock,
      random: () => 0.5,
      socketFactory: memorySockets(broker),
      onReauthenticationFailed: (f) => failures.push(f),
    })
    await authenticatedConnection(socketFactory, sasl)
    expect(calls).toBe(1)
    await clock.advance(9_000)
    expect(failures.map((f) => f.error.code)).toEqual(['SESSION_TOO_SHORT'])
    // The next authentication (kafkajs reconnecting) must not sign with the refused credentials.
    await awsMskIamAuthenticateAgain(sasl)
    expect(calls).toBe(2)
  })

  it('closes the connection when the broker sends a frame with an impossible size', async () => {
    const { sockets, failures } = await setup()
    sockets[0]!.emit('data', Buffer.from([0xff, 0xff, 0xff, 0xf0]))
    await flushMicrotasks()
    expect(failures).toEqual([
      expect.objectContaining({
        action: 'closed',
        error: expect.objectContaining({ code: 'INVALID_BROKER_RESPONSE' }) as unknown,
      }),
    ])
    expect(sockets[0]!.destroyed).toBe(true)
  })

  it('refuses anything but an awsMskIam() mechanism', () => {
    expect(() => proactiveReauthentication({ mechanism: 'AWS_MSK_IAM' } as unknown as RenewableSasl)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    )
  })

  it('renews through a copy of the mechanism object ({ ...sasl })', async () => {
    const { clock, connection, events, broker } = await schedulerSetup({ wrapSasl: (sasl) => ({ ...sasl }) })
    await clock.advance(9_000)
    expect(events.map((e) => e.kind)).toEqual(['initial', 'scheduled'])
    await expect(connection.send(probe(5))).resolves.toBe(5)
    expect(broker.violations).toEqual([])
    await connection.disconnect()
  })

  it('names the saslClient property when a wrapper dropped it, and refuses a mismatched mechanism', () => {
    const sasl = awsMskIam({ credentials: identity })
    const { saslClient: _dropped, ...wrapped } = sasl
    expect(() => proactiveReauthentication(wrapped as unknown as RenewableSasl)).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTIONS',
        message: expect.stringMatching(/saslClient/) as unknown,
      }) as Error,
    )
    expect(() => proactiveReauthentication({ ...sasl, mechanism: 'PLAIN' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTIONS',
        message: expect.stringMatching(/PLAIN.*AWS_MSK_IAM/) as unknown,
      }) as Error,
    )
    expect(() => proactiveReauthentication({ ...sasl, mechanism: 'aws_msk_iam' })).not.toThrow()
  })
})

/** One more kafkajs-style authentication with the mechanism, against a broker that accepts it. */
async function awsMskIamAuthenticateAgain(sasl: ReturnType<typeof awsMskIam>): Promise<void> {
  const clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
  const broker = new MemoryBroker({
    clock,
    identities: [identity],
    region: 'us-east-1',
    host: HOST,
    sessionLifetimeMs: 10_000,
  })
  const connection = await authenticatedConnection(memorySockets(broker), sasl)
  await connection.disconnect()
}
