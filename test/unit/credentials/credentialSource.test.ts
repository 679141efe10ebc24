import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { credentialSource } from '../../../src/credentials/credentialSource.js'

function fakeSdk() {
  const made: Array<{ kind: string; init: unknown }> = []
  const provider =
    (kind: string) =>
    (init?: unknown): AwsCredentialIdentityProvider => {
      made.push({ kind, init })
      return async () => ({ accessKeyId: `AKIA-${kind}`, secretAccessKey: 's' })
    }
  const sdk = {
    fromNodeProviderChain: provider('chain'),
    fromIni: provider('ini'),
    fromTemporaryCredentials: provider('sts'),
  }
  const load = jest.fn(async () => sdk as never)
  return { made, load }
}

/** The dependencies credentialSource() takes: the fake SDK, and the region the mechanism signs for. */
function deps(load: ReturnType<typeof fakeSdk>['load'], signingRegion = async () => 'eu-west-1') {
  return { loadSdk: load, signingRegion: jest.fn(signingRegion), env: {} as NodeJS.ProcessEnv }
}

describe('credentialSource', () => {
  it('uses static credentials without loading the AWS SDK', async () => {
    const { load } = fakeSdk()
    const source = credentialSource({ credentials: { accessKeyId: 'AKIASTATIC', secretAccessKey: 's' } }, deps(load))
    await expect(Promise.resolve(source.provider())).resolves.toMatchObject({ accessKeyId: 'AKIASTATIC' })
    expect(load).not.toHaveBeenCalled()
  })

  it('loads the default chain lazily, once, on first use', async () => {
    const { made, load } = fakeSdk()
    const source = credentialSource({}, deps(load))
    expect(load).not.toHaveBeenCalled()
    await source.provider()
    await source.provider()
    expect(load).toHaveBeenCalledTimes(1)
    expect(made.map((m) => m.kind)).toEqual(['chain'])
    expect(source.description).toBe('the AWS default credential chain')
    // A stable web-identity session name: the SDK's default embeds the time, changing the principal.
    expect(made[0]!.init).toEqual({ roleSessionName: 'aws-msk-iam-auth' })
  })

  it('uses the named profile', async () => {
    const { made, load } = fakeSdk()
    await credentialSource({ profile: 'kafka' }, deps(load)).provider()
    expect(made).toEqual([{ kind: 'ini', init: { profile: 'kafka' } }])
  })

  it('assumes a role with a stable session name, the STS endpoint of the signing region and the profile as base', async () => {
    const { made, load } = fakeSdk()
    const source = credentialSource(
      { profile: 'base', roleArn: 'arn:aws:iam::123456789012:role/kafka' },
      deps(load, async () => 'ap-southeast-2'),
    )
    await source.provider()
    const sts = made.find((m) => m.kind === 'sts')!.init as Record<string, unknown>
    expect(sts['params']).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/kafka',
      RoleSessionName: 'aws-msk-iam-auth',
    })
    expect(sts['clientConfig']).toMatchObject({ region: 'ap-southeast-2' })
    expect(typeof sts['masterCredentials']).toBe('function')
    expect(source.description).toContain('profile "base"')
  })

  it('passes external id, session name and STS region through; explicit keys become the base credentials', async () => {
    const { made, load } = fakeSdk()
    await credentialSource(
      {
        credentials: { accessKeyId: 'AKIABASE', secretAccessKey: 's' },
        roleArn: 'arn:aws:iam::123456789012:role/kafka',
        roleSessionName: 'orders-service',
        roleExternalId: 'ext-1',
        stsRegion: 'eu-west-1',
      },
      deps(load, async () => 'us-east-2'),
    ).provider()
    const sts = made.find((m) => m.kind === 'sts')!.init as Record<string, unknown>
    expect(sts['params']).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/kafka',
      RoleSessionName: 'orders-service',
      ExternalId: 'ext-1',
    })
    expect(sts['clientConfig']).toMatchObject({ region: 'eu-west-1' })
    await expect((sts['masterCredentials'] as () => Promise<unknown>)()).resolves.toMatchObject({
      accessKeyId: 'AKIABASE',
    })
  })

  it.each([
    ['arn:aws-cn:iam::123456789012:role/kafka', 'cn-north-1'],
    ['arn:aws-us-gov:iam::123456789012:role/kafka', 'us-gov-west-1'],
    ['arn:aws-eusc:iam::123456789012:role/kafka', 'eusc-de-east-1'],
    ['arn:aws:iam::123456789012:role/kafka', 'us-west-2'],
  ])('assumes %s through STS in the signing region %s, resolved on first use', async (roleArn, region) => {
    const { made, load } = fakeSdk()
    const d = deps(load, async () => region)
    const source = credentialSource({ roleArn }, d)
    expect(d.signingRegion).not.toHaveBeenCalled()
    await source.provider()
    await source.provider()
    const sts = made.filter((m) => m.kind === 'sts')
    expect(sts).toHaveLength(1)
    expect((sts[0]!.init as Record<string, unknown>)['clientConfig']).toMatchObject({ region })
    expect(d.signingRegion).toHaveBeenCalledTimes(1)
  })

  it('refuses, naming stsRegion, a role whose partition is not the signing region’s', async () => {
    const { made, load } = fakeSdk()
    const source = credentialSource(
      { roleArn: 'arn:aws-cn:iam::123456789012:role/kafka' },
      deps(load, async () => 'us-east-1'),
    )
    const error = await Promise.resolve(source.provider()).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', retriable: false })
    expect((error as Error).message).toMatch(/aws-cn/)
    expect((error as Error).message).toMatch(/stsRegion/)
    expect(made.filter((m) => m.kind === 'sts')).toHaveLength(0)
  })

  it('asks for the signing region again after it could not be resolved', async () => {
    const { made, load } = fakeSdk()
    let calls = 0
    const source = credentialSource(
      { roleArn: 'arn:aws:iam::123456789012:role/kafka' },
      deps(load, async () => {
        if (++calls === 1) throw new Error('no region yet')
        return 'eu-south-1'
      }),
    )
    await expect(source.provider()).rejects.toThrow(/no region yet/)
    await source.provider()
    expect((made.find((m) => m.kind === 'sts')!.init as Record<string, unknown>)['clientConfig']).toMatchObject({
      region: 'eu-south-1',
    })
  })

  it('says whether asking the source again can give other credentials', () => {
    const { load } = fakeSdk()
    expect(
      credentialSource({ credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' } }, deps(load)).refreshable,
    ).toBe(false)
    expect(
      credentialSource({ credentials: async () => ({ accessKeyId: 'AKIA', secretAccessKey: 's' }) }, deps(load))
        .refreshable,
    ).toBe(true)
    expect(credentialSource({}, deps(load)).refreshable).toBe(true)
    expect(
      credentialSource(
        { credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' }, roleArn: 'arn:aws:iam::123456789012:role/kafka' },
        deps(load),
      ).refreshable,
    ).toBe(true)
  })

  describe('the default chain with credentials in the environment (as on Lambda)', () => {
    const LAMBDA_ENV = {
      AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_SESSION_TOKEN: 't',
    }

    function fakeEnvProvider() {
      const fromEnv = jest.fn(() => async () => ({ accessKeyId: 'AKIA-env', secretAccessKey: 's' }))
      return { fromEnv, loadEnvProvider: jest.fn(async () => ({ fromEnv }) as never) }
    }

    it('loads only the SDK environment provider, the first step of the SDK chain', async () => {
      const { load } = fakeSdk()
      const env = fakeEnvProvider()
      const source = credentialSource({}, { ...deps(load), loadEnvProvider: env.loadEnvProvider, env: LAMBDA_ENV })
      await expect(source.provider()).resolves.toMatchObject({ accessKeyId: 'AKIA-env' })
      await source.provider()
      expect(load).not.toHaveBeenCalled()
      expect(env.loadEnvProvider).toHaveBeenCalledTimes(1)
      expect(env.fromEnv).toHaveBeenCalledTimes(1)
      expect(source.description).toBe('the AWS default credential chain')
    })

    it.each([
      ['AWS_PROFILE is set (the SDK chain then skips the environment)', { ...LAMBDA_ENV, AWS_PROFILE: 'kafka' }],
      ['the secret key is missing', { AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT' }],
      ['the environment holds no keys', {}],
    ])('uses the whole SDK chain when %s', async (_why, environment) => {
      const { made, load } = fakeSdk()
      const env = fakeEnvProvider()
      const source = credentialSource({}, { ...deps(load), loadEnvProvider: env.loadEnvProvider, env: environment })
      await expect(source.provider()).resolves.toMatchObject({ accessKeyId: 'AKIA-chain' })
      expect(made.map((m) => m.kind)).toEqual(['chain'])
      expect(env.loadEnvProvider).not.toHaveBeenCalled()
    })
  })
})
