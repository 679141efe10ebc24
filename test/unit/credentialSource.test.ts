import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { credentialSource } from '../../src/credentials/credentialSource.js'

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

describe('credentialSource', () => {
  it('uses static credentials without loading the AWS SDK', async () => {
    const { load } = fakeSdk()
    const source = credentialSource({ credentials: { accessKeyId: 'AKIASTATIC', secretAccessKey: 's' } }, load)
    await expect(source.provider()).resolves.toMatchObject({ accessKeyId: 'AKIASTATIC' })
    expect(load).not.toHaveBeenCalled()
  })

  it('loads the default chain lazily, once, on first use', async () => {
    const { made, load } = fakeSdk()
    const source = credentialSource({}, load)
    expect(load).not.toHaveBeenCalled()
    await source.provider()
    await source.provider()
    expect(load).toHaveBeenCalledTimes(1)
    expect(made.map((m) => m.kind)).toEqual(['chain'])
    expect(source.description).toBe('the AWS default credential chain')
    // A stable web-identity session name: the SDK's default embeds the time, changing the principal.
    expect(made[0]!.init).toEqual({ roleSessionName: process.env['AWS_ROLE_SESSION_NAME'] || 'aws-msk-iam-auth' })
  })

  it('uses the named profile', async () => {
    const { made, load } = fakeSdk()
    await credentialSource({ profile: 'kafka' }, load).provider()
    expect(made).toEqual([{ kind: 'ini', init: { profile: 'kafka' } }])
  })

  it('assumes a role with a stable session name, the global STS endpoint and the profile as base', async () => {
    const { made, load } = fakeSdk()
    const source = credentialSource({ profile: 'base', roleArn: 'arn:aws:iam::123456789012:role/kafka' }, load)
    await source.provider()
    const sts = made.find((m) => m.kind === 'sts')!.init as Record<string, any>
    expect(sts['params']).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/kafka',
      RoleSessionName: 'aws-msk-iam-auth',
    })
    expect(sts['clientConfig']).toMatchObject({ region: 'aws-global' })
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
      load,
    ).provider()
    const sts = made.find((m) => m.kind === 'sts')!.init as Record<string, any>
    expect(sts['params']).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/kafka',
      RoleSessionName: 'orders-service',
      ExternalId: 'ext-1',
    })
    expect(sts['clientConfig']).toMatchObject({ region: 'eu-west-1' })
    await expect(sts['masterCredentials']()).resolves.toMatchObject({ accessKeyId: 'AKIABASE' })
  })
})
