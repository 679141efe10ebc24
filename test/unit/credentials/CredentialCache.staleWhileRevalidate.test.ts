// Issue 10 item 3: while a refresh runs, usable cached credentials are served at once (stale-while-revalidate);
// only credentials that are unusable, or about to be, make get() wait for the source.
import type { AwsCredentialIdentity } from '@smithy/types'
import { CredentialCache, type CredentialCacheOptions } from '../../../src/credentials/CredentialCache.js'
import { FakeClock, flushMicrotasks } from '../../helpers/FakeClock.js'

const MIN = 60_000

function options(clock: FakeClock): CredentialCacheOptions {
  return {
    refreshBeforeExpiryMs: 20 * MIN,
    maxRetries: 3,
    maxBackoffMs: 5000,
    timeoutMs: 10_000,
    sourceDescription: 'the test source',
    clock,
    random: () => 0.5,
  }
}

type Outage = 'hang' | 'fail'

/** Hands out 60-minute credentials; during an outage it hangs (until the outage ends) or fails transiently. */
function flakySource(clock: FakeClock) {
  let n = 0
  let outageUntil = Number.NEGATIVE_INFINITY
  let outage: Outage = 'hang'
  const fresh = (): AwsCredentialIdentity => {
    n++
    return {
      accessKeyId: `AKIA${String(n).padStart(4, '0')}`,
      secretAccessKey: `secret-${n}`,
      expiration: new Date(clock.now() + 60 * MIN),
    }
  }
  const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
    if (clock.now() >= outageUntil) return fresh()
    if (outage === 'fail')
      throw Object.assign(new Error('connect ECONNREFUSED 169.254.169.254:80'), { code: 'ECONNREFUSED' })
    // Answers only once the outage is over, like a source that holds the request through a brownout.
    return new Promise<AwsCredentialIdentity>((resolve) => {
      const poll = () => (clock.now() >= outageUntil ? resolve(fresh()) : clock.setTimeout(poll, 1000))
      poll()
    })
  })
  return {
    provider,
    startOutage(kind: Outage, ms: number) {
      outage = kind
      outageUntil = clock.now() + ms
    },
  }
}

/** Whether the promise settled without the clock moving. */
async function settledAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  await flushMicrotasks()
  return settled
}

/** After an outage: within a minute of get() calls (which start refreshes behind them), new credentials. */
async function expectRenewed(cache: CredentialCache, clock: FakeClock, oldKey: string): Promise<void> {
  const keys = new Set<string>()
  for (let second = 0; second < 60; second++) {
    keys.add((await cache.get()).accessKeyId)
    await clock.advance(1000)
  }
  expect([...keys].filter((key) => key !== oldKey)).toHaveLength(1)
}

describe.each<Outage>(['hang', 'fail'])('CredentialCache during a 40 s source outage (%s)', (kind) => {
  it('answers every get() at once from cached credentials with 20 min left', async () => {
    const clock = new FakeClock()
    const source = flakySource(clock)
    const cache = new CredentialCache(source.provider, options(clock))
    const first = await cache.get()
    // 40 min later 20 min are left: inside the 20-minute refresh window, so every get() wants a refresh.
    cache.close() // no background timer: the refresh is started by get() itself
    clock.jump(40 * MIN)
    source.startOutage(kind, 40_000)
    for (let second = 0; second < 40; second++) {
      const pending = cache.get()
      expect(await settledAtOnce(pending)).toBe(true)
      await expect(pending).resolves.toMatchObject({ accessKeyId: first.accessKeyId })
      await clock.advance(1000)
    }
    // After the outage the next refresh lands, and the new credentials are served from then on.
    await expectRenewed(cache, clock, first.accessKeyId)
  })

  it('answers at once while a background refresh is stuck in the outage', async () => {
    const clock = new FakeClock()
    const source = flakySource(clock)
    const cache = new CredentialCache(source.provider, options(clock))
    const first = await cache.get()
    // The background refresh is due at 60 − 20 − 5 = 35 min; the outage starts just before it.
    await clock.advance(35 * MIN - 1000)
    source.startOutage(kind, 6 * MIN)
    await clock.advance(2000)
    expect(source.provider.mock.calls.length).toBeGreaterThanOrEqual(2)
    // Through the 20-minute mark and beyond, get() never waits for the stuck refresh.
    for (let second = 0; second < 6 * 60; second += 5) {
      const pending = cache.get()
      expect(await settledAtOnce(pending)).toBe(true)
      await clock.advance(5000)
    }
    await expectRenewed(cache, clock, first.accessKeyId)
  })

  it('waits for the source when the cached credentials have 3 s left', async () => {
    const clock = new FakeClock()
    const source = flakySource(clock)
    const cache = new CredentialCache(source.provider, options(clock))
    await cache.get()
    cache.close()
    clock.jump(60 * MIN - 3000)
    source.startOutage('hang', 40_000)
    const pending = cache.get()
    expect(await settledAtOnce(pending)).toBe(false)
    await clock.advance(45_000)
    const next = await pending
    expect(next.expiration!.getTime() - clock.now()).toBeGreaterThan(59 * MIN)
  })
})
