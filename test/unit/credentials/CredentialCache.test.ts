import type { AwsCredentialIdentity } from '@smithy/types'
import { CredentialCache, type CredentialCacheOptions } from '../../../src/credentials/CredentialCache.js'
import { MskIamError } from '../../../src/errors.js'
import { FakeClock, flushMicrotasks } from '../../helpers/FakeClock.js'

const MIN = 60_000

function setup(overrides: Partial<CredentialCacheOptions> = {}) {
  const clock = new FakeClock()
  const events: Array<{ level: string; message: string; extra: Record<string, unknown> }> = []
  const options: CredentialCacheOptions = {
    refreshBeforeExpiryMs: 20 * MIN,
    maxRetries: 3,
    maxBackoffMs: 5000,
    timeoutMs: 10_000,
    sourceDescription: 'the test source',
    clock,
    random: () => 0.5,
    onEvent: (level, message, extra) => events.push({ level, message, extra }),
    ...overrides,
  }
  return { clock, events, options }
}

/** A provider that hands out new keys on each call, each valid for `lifetimeMs`. */
function rotating(clock: FakeClock, lifetimeMs: number | undefined) {
  let n = 0
  const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
    n++
    return {
      accessKeyId: `AKIA${String(n).padStart(4, '0')}`,
      secretAccessKey: `secret-${n}`,
      sessionToken: `token-${n}`,
      ...(lifetimeMs === undefined ? {} : { expiration: new Date(clock.now() + lifetimeMs) }),
    }
  })
  return provider
}

describe('CredentialCache', () => {
  it('calls the source once for many sequential and concurrent gets', async () => {
    const { clock, options } = setup()
    const provider = rotating(clock, 60 * MIN)
    const cache = new CredentialCache(provider, options)
    const all = await Promise.all(Array.from({ length: 500 }, () => cache.get()))
    for (let i = 0; i < 1000; i++) await cache.get()
    expect(provider).toHaveBeenCalledTimes(1)
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['AKIA0001']))
  })

  it('never refetches credentials without an expiry', async () => {
    const { clock, options } = setup()
    const provider = rotating(clock, undefined)
    const cache = new CredentialCache(provider, options)
    await cache.get()
    await clock.advance(48 * 60 * MIN)
    await cache.get()
    expect(provider).toHaveBeenCalledTimes(1)
    expect(clock.pendingTimers).toBe(0)
  })

  it('refreshes in the background before credentials come within refreshBeforeExpiryMs of expiry', async () => {
    const { clock, options } = setup()
    const provider = rotating(clock, 60 * MIN)
    const cache = new CredentialCache(provider, options)
    expect((await cache.get()).accessKeyId).toBe('AKIA0001')
    // Background refresh is due at 60 − 20 − 5 = 35 minutes.
    await clock.advance(34 * MIN)
    expect(provider).toHaveBeenCalledTimes(1)
    await clock.advance(2 * MIN)
    expect(provider).toHaveBeenCalledTimes(2)
    // Every signature after that uses credentials with a full session ahead of them.
    const next = await cache.get()
    expect(next.accessKeyId).toBe('AKIA0002')
    expect(next.expiration!.getTime() - clock.now()).toBeGreaterThan(20 * MIN)
    expect(provider).toHaveBeenCalledTimes(2)
  })

  it('stops refreshing in the background when nobody used the credentials', async () => {
    const { clock, options } = setup()
    const provider = rotating(clock, 60 * MIN)
    const cache = new CredentialCache(provider, options)
    await cache.get() // fetch #1, used
    await clock.advance(36 * MIN) // background fetch #2, not used afterwards
    await clock.advance(10 * 60 * MIN)
    expect(provider).toHaveBeenCalledTimes(2)
    expect(clock.pendingTimers).toBe(0)
    await cache.get() // lazily fetched again
    expect(provider).toHaveBeenCalledTimes(3)
  })

  it('refreshes on use when credentials are within the window (e.g. after a frozen process), serving the cached ones meanwhile', async () => {
    const { clock, options } = setup()
    const provider = rotating(clock, 60 * MIN)
    const cache = new CredentialCache(provider, options)
    await cache.get()
    cache.close() // no background timer: simulates timers that never fired
    await clock.advance(45 * MIN)
    expect((await cache.get()).accessKeyId).toBe('AKIA0001') // 15 min left: served at once, refreshed behind
    await flushMicrotasks()
    expect((await cache.get()).accessKeyId).toBe('AKIA0002')
    expect(provider).toHaveBeenCalledTimes(2)
  })

  it('waits for the refresh when the cached credentials have too little left to hand out', async () => {
    const { clock, options } = setup()
    const provider = rotating(clock, 60 * MIN)
    const cache = new CredentialCache(provider, options)
    await cache.get()
    cache.close()
    clock.jump(60 * MIN - 10_000) // 10 s left: signable, but a session that short helps nobody
    expect((await cache.get()).accessKeyId).toBe('AKIA0002')
  })

  it('adapts to sources that only hand out short-lived credentials without hammering them', async () => {
    const { clock, options } = setup()
    const provider = rotating(clock, 15 * MIN) // e.g. 900-second role sessions
    const cache = new CredentialCache(provider, options)
    await cache.get()
    for (let i = 0; i < 60; i++) {
      await clock.advance(MIN)
      await cache.get()
    }
    // Refreshed once per refresh window (a bit before half their lifetime): about 11 fetches in an hour, not 60.
    expect(provider.mock.calls.length).toBeGreaterThanOrEqual(5)
    expect(provider.mock.calls.length).toBeLessThanOrEqual(12)
  })

  it('retries transient failures with back-off and then succeeds', async () => {
    const { clock, options } = setup()
    let calls = 0
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
      calls++
      if (calls < 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
      return { accessKeyId: 'AKIAOK', secretAccessKey: 's' }
    })
    const cache = new CredentialCache(provider, options)
    const pending = cache.get()
    await clock.advance(10_000)
    await expect(pending).resolves.toMatchObject({ accessKeyId: 'AKIAOK' })
    expect(provider).toHaveBeenCalledTimes(3)
  })

  it('gives up on transient failures after maxRetries with a retriable typed error', async () => {
    const { clock, options } = setup({ maxRetries: 2 })
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    })
    const cache = new CredentialCache(provider, options)
    const pending = cache.get().catch((e: unknown) => e)
    await clock.advance(60_000)
    const error = await pending
    expect(provider).toHaveBeenCalledTimes(3)
    expect(error).toBeInstanceOf(MskIamError)
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', retriable: true })
    expect((error as Error).message).toContain('the test source')
  })

  it('does not retry permanent failures and marks them non-retriable', async () => {
    const { options } = setup()
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      })
    })
    const cache = new CredentialCache(provider, options)
    await expect(cache.get()).rejects.toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', retriable: false })
    expect(provider).toHaveBeenCalledTimes(1)
  })

  it('abandons a hanging source after the time-out and retries it', async () => {
    const { clock, options } = setup({ timeoutMs: 1000, maxRetries: 1 })
    const provider = jest.fn(() => new Promise<AwsCredentialIdentity>(() => undefined))
    const cache = new CredentialCache(provider, options)
    const pending = cache.get().catch((e: unknown) => e)
    await clock.advance(5000)
    const error = await pending
    expect(provider).toHaveBeenCalledTimes(2)
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', retriable: true })
    expect((error as Error).message).toMatch(/did not answer within 1000 ms/)
  })

  it('keeps using valid cached credentials when a refresh fails, and says so', async () => {
    const { clock, events, options } = setup({ maxRetries: 0 })
    let fail = false
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
      if (fail) throw new Error('sts down')
      return { accessKeyId: 'AKIAOLD', secretAccessKey: 's', expiration: new Date(clock.now() + 60 * MIN) }
    })
    const cache = new CredentialCache(provider, options)
    await cache.get()
    fail = true
    await clock.advance(50 * MIN)
    await expect(cache.get()).resolves.toMatchObject({ accessKeyId: 'AKIAOLD' })
    expect(events.some((e) => e.level === 'warn' && /refresh failed/i.test(e.message))).toBe(true)
    await clock.advance(11 * MIN) // now expired
    await expect(cache.get()).rejects.toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE' })
  })

  it.each([
    ['null', null],
    ['no accessKeyId', { secretAccessKey: 'x' }],
    ['no secret', { accessKeyId: 'AKIA' }],
    ['a bad expiration', { accessKeyId: 'AKIA', secretAccessKey: 'x', expiration: 'tomorrow' }],
  ])('rejects a source returning %s with a typed, secret-free error', async (_name, value) => {
    const { options } = setup()
    const cache = new CredentialCache(async () => value as unknown as AwsCredentialIdentity, options)
    const error = await cache.get().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', retriable: false })
    expect((error as Error).message).not.toContain('"x"')
  })

  it('invalidate() forces the next get to fetch', async () => {
    const { clock, options } = setup()
    const provider = rotating(clock, 60 * MIN)
    const cache = new CredentialCache(provider, options)
    await cache.get()
    cache.invalidate()
    expect((await cache.get()).accessKeyId).toBe('AKIA0002')
    await flushMicrotasks()
  })
})
