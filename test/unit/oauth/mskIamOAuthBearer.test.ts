// mskIamOAuthBearer(): the token's URL, its signature (checked by the emulator's independent verifier),
// caching and refresh on a fake clock, shared generation, lifetimes, errors, and each client's shape.
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import type { ProducerOptions } from '@platformatic/kafka'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { SASLOptions as KafkajsSaslOptions } from 'kafkajs'
import { MskIamError } from '../../../src/errors.js'
import { mskIamOAuthBearer } from '../../../src/oauth/mskIamOAuthBearer.js'
import { oauthServiceHost } from '../../../src/oauth/oauthToken.js'
import { DEFAULT_MAX_SKEW_MS, type EmulatorIdentity } from '../../../src/testing/verifier/types.js'
import { verifyOauthBearer } from '../../../src/testing/verifier/verifyOauthBearer.js'
import { FakeClock } from '../../helpers/FakeClock.js'
import { caught, TEST_SECRETS } from '../../helpers/secretScan.js'

const SEC = 1000
const MIN = 60 * SEC
const T0 = Date.UTC(2026, 2, 4, 5, 6, 7, 250)
const session = {
  accessKeyId: 'ASIAOAUTHTESTSESSION',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
}
const longTerm = { accessKeyId: 'AKIAOAUTHTESTLONGTERM', secretAccessKey: TEST_SECRETS.otherSecretAccessKey }

/** The token's URL, and its query parameters in order, decoded. */
function decode(token: string): { url: URL; params: [string, string][]; raw: string } {
  expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
  const raw = Buffer.from(token, 'base64url').toString('utf8')
  expect(Buffer.from(raw, 'utf8').toString('base64url')).toBe(token)
  const url = new URL(raw)
  const params = url.search
    .slice(1)
    .split('&')
    .map((pair) => pair.split('=').map(decodeURIComponent) as [string, string])
  return { url, params, raw }
}

function verify(token: string, region: string, identities: EmulatorIdentity[], nowMs: number) {
  const bytes = new Uint8Array(Buffer.from(`n,,\x01auth=Bearer ${token}\x01\x01`, 'utf8'))
  return verifyOauthBearer(bytes, {
    expectedHost: undefined,
    region,
    nowMs,
    maxSkewMs: DEFAULT_MAX_SKEW_MS,
    lookup: (id) => identities.find((i) => i.accessKeyId === id),
  })
}

const identityOf = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): EmulatorIdentity => ({
  ...c,
  principalArn: `arn:aws:iam::111122223333:user/${c.accessKeyId}`,
})

/** A credential provider that hands out new keys on each call, valid for `lifetimeMs` (or forever). */
function rotating(clock: FakeClock, lifetimeMs?: number) {
  let n = 0
  return jest.fn(async (): Promise<AwsCredentialIdentity> => {
    n++
    return {
      accessKeyId: `ASIAROTATING${n}`,
      secretAccessKey: `${TEST_SECRETS.secretAccessKey}${n}`,
      sessionToken: `${TEST_SECRETS.sessionToken}${n}`,
      ...(lifetimeMs === undefined ? {} : { expiration: new Date(clock.now() + lifetimeMs) }),
    }
  })
}

describe('mskIamOAuthBearer() token', () => {
  it('is unpadded base64url of the presigned kafka-cluster:Connect URL for kafka.<region>.amazonaws.com', async () => {
    const clock = new FakeClock(T0)
    const { value } = await mskIamOAuthBearer({
      region: 'eu-west-1',
      credentials: session,
      clock,
      userAgent: 'test-agent/1 (x)',
    }).token()
    const { url, params, raw } = decode(value)
    expect(url.protocol).toBe('https:')
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com')
    expect(url.pathname).toBe('/')
    expect(raw).toContain('?Action=kafka-cluster%3AConnect&')
    // Signed parameters in SigV4's canonical (sorted) order, then the unsigned User-Agent last.
    expect(params.map(([k]) => k)).toEqual([
      'Action',
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-Expires',
      'X-Amz-Security-Token',
      'X-Amz-Signature',
      'X-Amz-SignedHeaders',
      'User-Agent',
    ])
    const q = Object.fromEntries(params)
    expect(q).toMatchObject({
      Action: 'kafka-cluster:Connect',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${session.accessKeyId}/20260304/eu-west-1/kafka-cluster/aws4_request`,
      'X-Amz-Date': '20260304T050607Z',
      'X-Amz-Expires': '900',
      'X-Amz-Security-Token': session.sessionToken,
      'X-Amz-SignedHeaders': 'host',
      'User-Agent': 'test-agent/1 (x)',
    })
    expect(q['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/)
    // RFC 3986 encoding, as SigV4 canonicalizes: nothing reserved is left raw.
    expect(raw).toContain('User-Agent=test-agent%2F1%20%28x%29')
    expect(raw).toContain(
      `X-Amz-Credential=${session.accessKeyId}%2F20260304%2Feu-west-1%2Fkafka-cluster%2Faws4_request`,
    )
  })

  it('carries no X-Amz-Security-Token with long-term credentials', async () => {
    const { value } = await mskIamOAuthBearer({
      region: 'us-east-1',
      credentials: longTerm,
      clock: new FakeClock(T0),
    }).token()
    const names = decode(value).params.map(([k]) => k)
    expect(names).not.toContain('X-Amz-Security-Token')
    expect(names.at(-1)).toBe('User-Agent')
    expect(verify(value, 'us-east-1', [identityOf(longTerm)], T0)).toMatchObject({ ok: true })
  })

  it('verifies with the emulator verifier; User-Agent is unsigned, every other parameter is signed', async () => {
    const { value } = await mskIamOAuthBearer({
      region: 'ap-southeast-2',
      credentials: session,
      clock: new FakeClock(T0),
    }).token()
    const ids = [identityOf(session)]
    expect(verify(value, 'ap-southeast-2', ids, T0 + 2 * MIN)).toMatchObject({
      ok: true,
      identity: { accessKeyId: session.accessKeyId },
    })

    const { raw } = decode(value)
    const reencode = (url: string) => Buffer.from(url, 'utf8').toString('base64url')
    const otherAgent = raw.replace(/User-Agent=[^&]*$/, 'User-Agent=someone-else%2F2')
    expect(verify(reencode(otherAgent), 'ap-southeast-2', ids, T0)).toMatchObject({ ok: true })
    const otherExpiry = raw.replace('X-Amz-Expires=900', 'X-Amz-Expires=899')
    expect(verify(reencode(otherExpiry), 'ap-southeast-2', ids, T0)).toMatchObject({
      ok: false,
      reason: 'Access denied',
    })
    expect(verify(value, 'us-east-1', ids, T0)).toMatchObject({ ok: false, reason: 'Access denied' })
    expect(
      verify(
        value,
        'ap-southeast-2',
        [{ ...identityOf(session), secretAccessKey: TEST_SECRETS.otherSecretAccessKey }],
        T0,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'Access denied',
    })
  })

  // AWS's four signers sign for kafka.<region>.amazonaws.com in every region, China included (see
  // oauthServiceHost); a token signed for ….amazonaws.com.cn would be refused.
  it.each(['cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'eu-west-1'])(
    'signs for kafka.<region>.amazonaws.com in %s, as AWS signers do',
    async (region) => {
      expect(oauthServiceHost(region)).toBe(`kafka.${region}.amazonaws.com`)
      const { value } = await mskIamOAuthBearer({ region, credentials: session, clock: new FakeClock(T0) }).token()
      expect(decode(value).url.host).toBe(`kafka.${region}.amazonaws.com`)
      expect(verify(value, region, [identityOf(session)], T0)).toMatchObject({ ok: true })
    },
  )

  it('has principal kafka-cluster and lifetime x-amz-date + x-amz-expires in epoch ms', async () => {
    const token = await mskIamOAuthBearer({
      region: 'us-east-1',
      credentials: session,
      clock: new FakeClock(T0),
    }).token()
    expect(token.principal).toBe('kafka-cluster')
    expect(Object.keys(token).sort()).toEqual(['lifetime', 'principal', 'value'])
    expect(Number.isInteger(token.lifetime)).toBe(true)
    expect(token.lifetime).toBe(Date.UTC(2026, 2, 4, 5, 6, 7) + 900 * SEC)
  })

  it('shortens X-Amz-Expires to the whole seconds the credentials have left', async () => {
    const clock = new FakeClock(T0)
    const expiring = { ...session, expiration: new Date(T0 + 300 * SEC + 700) }
    const token = await mskIamOAuthBearer({ region: 'us-east-1', credentials: expiring, clock }).token()
    const q = Object.fromEntries(decode(token.value).params)
    expect(q['X-Amz-Expires']).toBe('300')
    expect(token.lifetime).toBe(Date.UTC(2026, 2, 4, 5, 6, 7) + 300 * SEC)
  })

  it('returns a copy: changing it does not change what later callers get', async () => {
    const msk = mskIamOAuthBearer({ region: 'us-east-1', credentials: session, clock: new FakeClock(T0) })
    const first = await msk.token()
    first.value = 'tampered'
    expect((await msk.token()).value).not.toBe('tampered')
  })
})

describe('mskIamOAuthBearer() caching', () => {
  it('uses one credential fetch and one signature for many calls from every client shape', async () => {
    const clock = new FakeClock(T0)
    const provider = rotating(clock)
    const msk = mskIamOAuthBearer({ region: 'us-east-1', credentials: provider, clock })
    const values = new Set<string>()
    const kafkajs = msk.kafkajs()
    const confluent = msk.confluent()
    const platformatic = msk.platformatic()
    for (let i = 0; i < 20; i++) {
      values.add((await msk.token()).value)
      values.add((await kafkajs.oauthBearerProvider()).value)
      values.add((await confluent.oauthBearerProvider()).value)
      values.add(await platformatic.token())
      await clock.advance(10 * SEC) // a re-signature would carry a new X-Amz-Date
    }
    expect(provider).toHaveBeenCalledTimes(1)
    expect(values.size).toBe(1)
  })

  it('shares one generation between concurrent callers', async () => {
    const clock = new FakeClock(T0)
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
      await gate
      return session
    })
    const msk = mskIamOAuthBearer({ region: 'us-east-1', credentials: provider, clock })
    const pending = Array.from({ length: 50 }, (_, i) =>
      i % 2 ? msk.token().then((t) => t.value) : msk.platformatic().token(),
    )
    release()
    const values = await Promise.all(pending)
    expect(provider).toHaveBeenCalledTimes(1)
    expect(new Set(values).size).toBe(1)
  })

  it('reuses a 900 s token for 4 minutes, then signs a new one (sessions of at least 11 minutes)', async () => {
    const clock = new FakeClock(T0)
    const msk = mskIamOAuthBearer({ region: 'us-east-1', credentials: session, clock })
    const first = await msk.token()
    // X-Amz-Date is T0 truncated to the second (250 ms earlier): the token serves until 4 minutes after it.
    await clock.advance(4 * MIN - 250 - 1)
    expect((await msk.token()).value).toBe(first.value)
    expect(first.lifetime - clock.now()).toBeGreaterThanOrEqual(11 * MIN)
    // Still inside the verifier's 5-minute clock-skew window when handed out for the last time.
    expect(verify(first.value, 'us-east-1', [identityOf(session)], clock.now())).toMatchObject({ ok: true })
    await clock.advance(1)
    const second = await msk.token()
    expect(second.value).not.toBe(first.value)
    expect(Object.fromEntries(decode(second.value).params)['X-Amz-Date']).toBe('20260304T051007Z')
    expect(second.lifetime).toBe(first.lifetime + 4 * MIN)
  })

  it('keeps short-lived tokens for at most half their life', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1))
    // Credentials with 200 s left: the token lives 200 s and is kept for 100 s.
    const msk = mskIamOAuthBearer({
      region: 'us-east-1',
      credentials: { ...session, expiration: new Date(clock.now() + 200 * SEC) },
      clock,
    })
    const first = await msk.token()
    expect(first.lifetime - clock.now()).toBe(200 * SEC)
    await clock.advance(99 * SEC)
    expect((await msk.token()).value).toBe(first.value)
    await clock.advance(1 * SEC)
    expect((await msk.token()).value).not.toBe(first.value)
  })

  it('signs again when time jumps past the refresh point (a thawed process) or goes backwards', async () => {
    const clock = new FakeClock(T0)
    const msk = mskIamOAuthBearer({ region: 'us-east-1', credentials: session, clock })
    const first = await msk.token()
    clock.jump(30 * MIN)
    const thawed = await msk.token()
    expect(thawed.value).not.toBe(first.value)
    expect(thawed.lifetime).toBeGreaterThan(clock.now())
    clock.jump(-5 * SEC)
    expect((await msk.token()).value).not.toBe(thawed.value)
  })

  it('renews credentials through the credential cache, without network I/O while they are cached', async () => {
    const clock = new FakeClock(T0)
    const provider = rotating(clock, 60 * MIN)
    const msk = mskIamOAuthBearer({ region: 'us-east-1', credentials: provider, clock })
    const keys = new Set<string>()
    for (let i = 0; i < 12; i++) {
      keys.add(Object.fromEntries(decode((await msk.token()).value).params)['X-Amz-Credential']!.split('/')[0]!)
      await clock.advance(5 * MIN)
    }
    // One-hour credentials are refreshed 20 minutes before expiry: twice in an hour, not per token.
    expect(provider.mock.calls.length).toBeLessThanOrEqual(3)
    expect(keys.size).toBe(provider.mock.calls.length)
  })
})

describe('mskIamOAuthBearer() errors', () => {
  const saved: Record<string, string | undefined> = {}
  const envKeys = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONFIG_FILE', 'AWS_PROFILE'] as const
  beforeEach(() => {
    for (const k of envKeys) saved[k] = process.env[k]
  })
  afterEach(() => {
    for (const k of envKeys) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
  })

  it('REGION_UNRESOLVED when neither the option, the environment nor the profile name a region', async () => {
    delete process.env['AWS_REGION']
    delete process.env['AWS_DEFAULT_REGION']
    process.env['AWS_CONFIG_FILE'] = '/nonexistent/aws/config'
    const provider = jest.fn(async () => session)
    const error = await mskIamOAuthBearer({ credentials: provider }).token().catch(caught)
    expect(error).toBeInstanceOf(MskIamError)
    expect(error).toMatchObject({ code: 'REGION_UNRESOLVED', retriable: false })
    expect((error as Error).message).toMatch(/OAUTHBEARER token.*region option/)
    expect(provider).not.toHaveBeenCalled()
  })

  it('takes the region from AWS_REGION when no option sets it', async () => {
    process.env['AWS_REGION'] = 'sa-east-1'
    const { value } = await mskIamOAuthBearer({ credentials: session, clock: new FakeClock(T0) }).token()
    expect(decode(value).url.host).toBe('kafka.sa-east-1.amazonaws.com')
  })

  it('CREDENTIALS_UNAVAILABLE from a failing source, and a later call tries again', async () => {
    let fail = true
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
      if (fail) throw Object.assign(new Error('no credentials configured'), { name: 'CredentialsProviderError' })
      return session
    })
    const msk = mskIamOAuthBearer({ region: 'us-east-1', credentials: provider, maxRetries: 0 })
    const kafkajs = msk.kafkajs()
    const error = await kafkajs.oauthBearerProvider().catch(caught)
    expect(error).toMatchObject({ name: 'MskIamError', code: 'CREDENTIALS_UNAVAILABLE' })
    fail = false
    await expect(kafkajs.oauthBearerProvider()).resolves.toHaveProperty('value')
  })

  it('CREDENTIALS_EXPIRED when the source only has expired credentials', async () => {
    const clock = new FakeClock(T0)
    const expired = { ...session, expiration: new Date(T0 - MIN) }
    const error = await mskIamOAuthBearer({ region: 'us-east-1', credentials: async () => expired, clock })
      .token()
      .catch(caught)
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED', retriable: true })
  })

  it('INVALID_OPTIONS at creation for malformed options', () => {
    expect(() => mskIamOAuthBearer({ region: 'kafka.us-east-1' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    )
    expect(() => mskIamOAuthBearer({ roleSessionName: 'x' })).toThrow(MskIamError)
  })
})

describe('mskIamOAuthBearer() client shapes', () => {
  const msk = mskIamOAuthBearer({ region: 'us-east-1', credentials: session, clock: new FakeClock(T0) })

  it('kafkajs(): { mechanism: "oauthbearer", oauthBearerProvider } resolving to { value }', async () => {
    const sasl: KafkajsSaslOptions = msk.kafkajs()
    expect(Object.keys(sasl).sort()).toEqual([
      'authenticationProvider',
      'mechanism',
      'oauthBearerProvider',
      'saslClient',
    ])
    expect(sasl.mechanism).toBe('oauthbearer')
    const answer = await msk.kafkajs().oauthBearerProvider()
    expect(Object.keys(answer)).toEqual(['value'])
    expect(answer.value).toBe((await msk.token()).value)
  })

  it('confluent(): oauthBearerProvider resolving to { value, principal, lifetime (epoch ms) }', async () => {
    const sasl = msk.confluent()
    // Where the client is installed, this stops compiling if our shape drifts from its type.
    void (sasl satisfies KafkaJS.SASLOptions)
    expect(sasl.mechanism).toBe('oauthbearer')
    const answer = await msk.confluent().oauthBearerProvider()
    expect(Object.keys(answer).sort()).toEqual(['lifetime', 'principal', 'value'])
    expect(answer).toEqual(await msk.token())
  })

  it('platformatic(): { mechanism: "OAUTHBEARER", token } resolving to the token string', async () => {
    const sasl = msk.platformatic()
    const typed: NonNullable<ProducerOptions<string, string, string, string>['sasl']> = sasl
    expect(typed).toBe(sasl)
    expect(Object.keys(sasl).sort()).toEqual(['mechanism', 'token'])
    expect(sasl.mechanism).toBe('OAUTHBEARER')
    await expect(sasl.token()).resolves.toBe((await msk.token()).value)
  })
})
