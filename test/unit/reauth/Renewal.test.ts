// A renewal behind requests already in flight: Kafka answers a connection's requests in order, so the
// SaslHandshake waits for a long-poll Fetch written before it.
import { protocol } from 'kafkajs/src/protocol/requests/produce'
import {
  disconnectAll,
  FETCH_API_KEY,
  longPoll,
  probe,
  PROBE_API_KEY,
  schedulerSetup,
} from '../../helpers/schedulerHarness.js'

afterEach(disconnectAll)

const parkFetches = (ms: number) => (apiKey: number) => (apiKey === FETCH_API_KEY ? ms : 0)

describe('a renewal behind a long-poll Fetch', () => {
  it('waits for the Fetch longer than the answer timeout, then renews', async () => {
    const { clock, connection, events, failures, broker } = await schedulerSetup({ answerDelayMs: parkFetches(15_000) })
    await clock.advance(8_500)
    const fetched = connection.send(longPoll(1)) // parked by the broker until 23.5 s
    await clock.advance(500) // 9 s: the renewal starts; its SaslHandshake waits behind the Fetch
    await clock.advance(3_000)
    const held = connection.send(probe(2)) // held: the renewal is under way
    await clock.advance(11_000) // 23 s: 14 s after the renewal started, still behind the Fetch
    expect(failures).toEqual([])
    expect(events.map((e) => e.kind)).toEqual(['initial'])
    await clock.advance(500) // 23.5 s: the Fetch is answered, then the SASL pair, then the held probe
    await expect(fetched).resolves.toBe(1)
    await expect(held).resolves.toBe(2)
    expect(failures).toEqual([])
    expect(events.map((e) => e.kind)).toEqual(['initial', 'scheduled'])
    expect(broker.received.slice(-4).map((r) => r.apiKey)).toEqual([FETCH_API_KEY, 17, 36, PROBE_API_KEY])
    expect(broker.violations).toEqual([])
    // The new session started with the SaslAuthenticate (23.5 s): the next renewal is due at 32.5 s.
    await clock.advance(8_999)
    expect(broker.authentications).toBe(2)
    await clock.advance(1)
    expect(broker.authentications).toBe(3)
  })

  it('still times out a broker that sits on the SASL pair itself once nothing is ahead of it', async () => {
    const { clock, connection, failures, broker } = await schedulerSetup({ answerDelayMs: parkFetches(15_000) })
    await clock.advance(8_500)
    const fetched = connection.send(longPoll(1))
    await clock.advance(500)
    broker.pauseSasl() // the SaslHandshake, read at 23.5 s, is never answered
    await clock.advance(14_500)
    await expect(fetched).resolves.toBe(1)
    await clock.advance(9_999) // 10 s after the Fetch's answer: the answer timer's limit
    expect(failures).toEqual([])
    await clock.advance(1)
    expect(failures).toEqual([
      expect.objectContaining({
        action: 'closed',
        error: expect.objectContaining({
          code: 'CONNECTION_LOST',
          message: expect.stringMatching(/did not answer re-authentication within 10000 ms/) as unknown,
        }) as unknown,
      }),
    ])
  })

  it('gives up when the requests before it stay unanswered past the session and maxHoldMs', async () => {
    const { clock, connection, failures, sockets } = await schedulerSetup({ answerDelayMs: parkFetches(3_600_000) })
    await clock.advance(8_500)
    const fetched = connection.send(longPoll(1)).catch((e: unknown) => e)
    await clock.advance(500 + 24_999) // 1 s of session was left at the renewal: the wait is bounded by 25 s
    expect(failures).toEqual([])
    await clock.advance(1)
    expect(failures).toEqual([
      expect.objectContaining({
        action: 'closed',
        error: expect.objectContaining({
          code: 'CONNECTION_LOST',
          retriable: true,
          message: expect.stringMatching(/nor the requests written before it within 25000 ms/) as unknown,
        }) as unknown,
      }),
    ])
    expect(sockets[0]!.destroyed).toBe(true)
    expect(await fetched).toMatchObject({ name: 'KafkaJSConnectionError' })
  })

  it('waits as long as the session has left when that is longer', async () => {
    // 60 s sessions renew at 54 s with 6 s left; with maxHoldMs 2 s the session's 6 s is the bound.
    const { clock, connection, failures } = await schedulerSetup({
      sessionLifetimeMs: 60_000,
      answerDelayMs: parkFetches(3_600_000),
      options: { maxHoldMs: 2_000 },
    })
    await clock.advance(53_000)
    void connection.send(longPoll(1)).catch(() => undefined)
    await clock.advance(1_000 + 5_999)
    expect(failures).toEqual([])
    await clock.advance(1)
    expect(failures.map((f) => f.error.message)).toEqual([expect.stringMatching(/within 6000 ms/)])
  })

  it('does not wait for an answer to an acks=0 Produce, which never comes', async () => {
    const { clock, connection, failures, broker } = await schedulerSetup()
    await clock.advance(8_500)
    await connection.send(produceWithoutAcks()) // kafkajs's Produce v3, acks = 0: the broker answers nothing
    expect(broker.received.at(-1)?.apiKey).toBe(0)
    broker.pauseSasl()
    await clock.advance(500) // 9 s: the renewal; nothing awaits an answer before it, so its timer runs now
    await clock.advance(9_999)
    expect(failures).toEqual([])
    await clock.advance(1)
    expect(failures.map((f) => f.error.message)).toEqual([
      expect.stringMatching(/did not answer re-authentication within 10000 ms/),
    ])
  })
})

/** kafkajs's own Produce v3 request with acks = 0 (no topics), which kafkajs sends without awaiting an answer. */
function produceWithoutAcks() {
  return protocol({ version: 3 })({ acks: 0, timeout: 1000, topicData: [] })
}
