// kafkajs's writes held during a renewal are never written after kafkajs could have timed them out.
import type { RenewableSasl } from '../../../src/reauth/types.js'
import type { SaslClient } from '../../../src/saslClient.js'
import { disconnectAll, probe, PROBE_API_KEY, schedulerSetup } from '../../helpers/schedulerHarness.js'

afterEach(disconnectAll)

/** The sasl object with its renewals' signing replaced (kafkajs's first authentication is unchanged). */
const withToken = (token: SaslClient['token']) => (sasl: RenewableSasl) => ({
  ...sasl,
  saslClient: { ...sasl.saslClient, token },
})
const neverSigns = withToken(() => new Promise(() => undefined))

describe('writes held during a renewal', () => {
  it('are never written when signing does not finish: the connection fails before kafkajs times them out', async () => {
    const { clock, connection, failures, sockets, broker } = await schedulerSetup({ wrapSasl: neverSigns })
    await clock.advance(9_000) // the renewal starts; its signing never finishes
    const held = connection.send(probe(7)).catch((e: unknown) => e)
    await clock.advance(24_999)
    expect(failures).toEqual([])
    expect(sockets[0]!.destroyed).toBe(false)
    await clock.advance(1) // 25 s after the probe was held: below kafkajs's 30 s requestTimeout
    expect(failures).toEqual([
      expect.objectContaining({
        action: 'closed',
        error: expect.objectContaining({ code: 'CONNECTION_LOST', retriable: true }) as unknown,
      }),
    ])
    expect(failures[0]!.error.message).toMatch(/within 25000 ms \(maxHoldMs\).*1 held request/)
    expect(sockets[0]!.destroyed).toBe(true)
    expect(await held).toMatchObject({ name: 'KafkaJSConnectionError' })
    expect(broker.received.filter((r) => r.apiKey === PROBE_API_KEY)).toEqual([])
  })

  it('counts from the oldest held write, honours maxHoldMs, and costs nothing while nothing is held', async () => {
    const { clock, connection, failures, broker } = await schedulerSetup({
      wrapSasl: neverSigns,
      options: { maxHoldMs: 5_000 },
    })
    await clock.advance(9_000 + 60_000) // signing hangs for a minute with nothing to hold: the connection stays
    expect(failures).toEqual([])
    void connection.send(probe(8)).catch(() => undefined)
    await clock.advance(1_000)
    void connection.send(probe(9)).catch(() => undefined)
    await clock.advance(3_999)
    expect(failures).toEqual([])
    await clock.advance(1)
    expect(failures.map((f) => [f.action, f.error.code])).toEqual([['closed', 'CONNECTION_LOST']])
    expect(failures[0]!.error.message).toMatch(/2 held requests/)
    expect(broker.received.filter((r) => r.apiKey === PROBE_API_KEY)).toEqual([])
  })

  it('leaves no deadline behind once the renewal released them', async () => {
    const { clock, connection, failures, broker } = await schedulerSetup()
    broker.pauseSasl()
    await clock.advance(9_000)
    const held = connection.send(probe(10))
    await clock.advance(8_000)
    broker.resumeSasl()
    await expect(held).resolves.toBe(10)
    await clock.advance(20_000) // past the first hold's deadline (and through the next renewal)
    expect(failures).toEqual([])
    await expect(connection.send(probe(11))).resolves.toBe(11)
  })

  it('refuses a maxHoldMs or answerTimeoutMs that is not a positive integer', async () => {
    for (const options of [{ maxHoldMs: 0 }, { maxHoldMs: 1.5 }, { answerTimeoutMs: -1 }]) {
      await expect(schedulerSetup({ options })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
    }
  })
})
