import type { AwsCredentialIdentity } from '@smithy/types'
import { createSigningContext } from '../../src/signingContext.js'
import { FakeClock } from '../helpers/FakeClock.js'

const KEYS = { accessKeyId: 'AKIASIGNINGCTX', secretAccessKey: 'signing-context-secret' }

describe('createSigningContext: credentials from the options', () => {
  it('accepts a plain synchronous credentials function', async () => {
    const credentials = (() => ({ ...KEYS })) as unknown as () => Promise<AwsCredentialIdentity>
    const ctx = createSigningContext({ credentials })
    await expect(ctx.credentials.get()).resolves.toMatchObject({ accessKeyId: KEYS.accessKeyId })
  })

  it('maps a synchronous credentials function that throws to a typed error', async () => {
    const credentials = (() => {
      throw new Error('no keys configured')
    }) as unknown as () => Promise<AwsCredentialIdentity>
    const ctx = createSigningContext({ credentials, maxRetries: 0 })
    await expect(ctx.credentials.get()).rejects.toMatchObject({
      code: 'CREDENTIALS_UNAVAILABLE',
      message: expect.stringMatching(/no keys configured/) as unknown,
    })
  })

  it('refuses expired static credentials for good (not retriable): asking again cannot renew them', async () => {
    const clock = new FakeClock()
    const ctx = createSigningContext({ credentials: { ...KEYS, expiration: new Date(clock.now() - 1000) }, clock })
    const error = await ctx.credentials.get().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED', retriable: false, accessKeyId: KEYS.accessKeyId })
    expect(String((error as Error).message)).not.toContain(KEYS.secretAccessKey)
  })

  it('refuses static credentials for good once they have expired', async () => {
    const clock = new FakeClock()
    const ctx = createSigningContext({
      credentials: { ...KEYS, expiration: new Date(clock.now() + 60 * 60_000) },
      clock,
    })
    await expect(ctx.credentials.get()).resolves.toMatchObject({ accessKeyId: KEYS.accessKeyId })
    await clock.advance(60 * 60_000)
    ctx.credentials.invalidate() // as after the broker's "Session too short"
    await expect(ctx.credentials.get()).rejects.toMatchObject({ code: 'CREDENTIALS_EXPIRED', retriable: false })
  })

  it('keeps expired credentials from a provider retriable: the provider may renew them', async () => {
    const clock = new FakeClock()
    const provider = jest.fn(async () => ({ ...KEYS, expiration: new Date(clock.now() + 1000) }))
    const ctx = createSigningContext({ credentials: provider, clock, maxRetries: 0 })
    await expect(ctx.credentials.get()).rejects.toMatchObject({ code: 'CREDENTIALS_EXPIRED', retriable: true })
  })
})
