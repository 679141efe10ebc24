// A renewal whose signing fails after its connection already closed.
import { MskIamError } from '../../../src/errors.js'
import type { RenewableSasl } from '../../../src/reauth/types.js'
import type { SaslClient } from '../../../src/saslClient.js'
import { flushMicrotasks } from '../../helpers/FakeClock.js'
import { schedulerSetup } from '../../helpers/schedulerHarness.js'

type Sign = SaslClient['token']

/** The sasl object with its renewal signing replaced (the first authentication is kafkajs's, unchanged). */
const withSign = (sign: Sign) => (sasl: RenewableSasl) => ({ ...sasl, saslClient: { ...sasl.saslClient, token: sign } })

describe('a signing failure after the connection closed', () => {
  it('reports nothing and leaves no timer', async () => {
    let reject!: (error: unknown) => void
    const { clock, connection, failures } = await schedulerSetup({
      sessionLifetimeMs: 60_000,
      wrapSasl: withSign(() => new Promise((_resolve, r) => (reject = r))),
    })
    await clock.advance(54_000) // renewal signing, 6 s of session left: a transient failure would be retried
    await connection.disconnect()
    reject(new MskIamError('CREDENTIALS_UNAVAILABLE', 'source timed out', { retriable: true }))
    await flushMicrotasks()
    expect(failures).toEqual([])
    expect(clock.pendingTimers).toBe(0)
  })
})
