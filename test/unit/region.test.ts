import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegionResolver, regionFromEnvironment, regionFromHost } from '../../src/region.js'
import { MskIamError } from '../../src/errors.js'

describe('regionFromHost', () => {
  it.each([
    ['b-1.demo.abc123.c2.kafka.us-east-1.amazonaws.com', 'us-east-1'],
    ['b-3.unit-test.abcdef.kafka.us-west-2.amazonaws.com', 'us-west-2'],
    ['B-1.DEMO.ABC123.C2.KAFKA.EU-WEST-1.AMAZONAWS.COM', 'eu-west-1'],
    ['b-2.demo.abc.c3.kafka.ap-southeast-2.amazonaws.com.', 'ap-southeast-2'],
    ['boot-abcd1234.c1.kafka-serverless.eu-central-1.amazonaws.com', 'eu-central-1'],
    ['b-1.demo.abc.c1.kafka.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['b-1.demo.abc.c1.kafka.cn-northwest-1.amazonaws.com.cn', 'cn-northwest-1'],
    ['b-1.gov.abc.c1.kafka.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['b-1.x.abc.c1.kafka.il-central-1.amazonaws.com', 'il-central-1'],
    // The AWS European Sovereign Cloud: its own partition (aws-eusc) and DNS suffix.
    ['b-1.demo.abc.c1.kafka.eusc-de-east-1.amazonaws.eu', 'eusc-de-east-1'],
    ['boot-abcd1234.c1.kafka-serverless.eusc-de-east-1.amazonaws.eu', 'eusc-de-east-1'],
    // A cluster whose name holds another region id is still signed for the region in the DNS suffix.
    ['b-1.demo-us-west-1-app.abc123.c2.kafka.us-west-2.amazonaws.com', 'us-west-2'],
    ['b-1.eu-west-3.abc.c1.kafka.ap-northeast-1.amazonaws.com', 'ap-northeast-1'],
  ])('%s → %s', (host, region) => {
    expect(regionFromHost(host)).toBe(region)
  })

  it.each([
    'kafka.internal.example.com',
    'localhost',
    '10.0.0.12',
    'b-1.demo.us-east-1.example.com',
    'b-1.demo.abc.c1.kafka.us-east-1.amazonaws.com.evil.example',
    'us-east-1.amazonaws.com',
    // A region under another partition's DNS suffix is no MSK name.
    'b-1.demo.abc.c1.kafka.us-east-1.amazonaws.com.cn',
    'b-1.demo.abc.c1.kafka.cn-north-1.amazonaws.com',
    'b-1.demo.abc.c1.kafka.eusc-de-east-1.amazonaws.com',
    'b-1.demo.abc.c1.kafka.eu-central-1.amazonaws.eu',
  ])('%s has no MSK region', (host) => {
    expect(regionFromHost(host)).toBeUndefined()
  })
})

describe('createRegionResolver', () => {
  const msk = 'b-1.demo.abc.c1.kafka.eu-west-1.amazonaws.com'

  it('prefers the explicit region over the host', async () => {
    const resolve = createRegionResolver({ explicit: 'us-east-2', fallback: async () => 'ap-south-1' })
    await expect(resolve(msk)).resolves.toBe('us-east-2')
  })

  it('uses the host before the environment, and the environment for custom names', async () => {
    const fallback = jest.fn(async () => 'ap-south-1')
    const resolve = createRegionResolver({ fallback })
    await expect(resolve(msk)).resolves.toBe('eu-west-1')
    expect(fallback).not.toHaveBeenCalled()
    await expect(resolve('kafka.corp.example')).resolves.toBe('ap-south-1')
    await expect(resolve('kafka2.corp.example')).resolves.toBe('ap-south-1')
    expect(fallback).toHaveBeenCalledTimes(1)
  })

  it('fails clearly, naming the host and the option, when nothing gives a region', async () => {
    const resolve = createRegionResolver({ fallback: async () => undefined })
    const error = await resolve('kafka.corp.example').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MskIamError)
    expect(error).toMatchObject({ code: 'REGION_UNRESOLVED', retriable: false })
    expect((error as Error).message).toContain('kafka.corp.example')
    expect((error as Error).message).toContain("region: 'us-east-1'")
  })

  it('treats a failing profile lookup as no region, not as a crash', async () => {
    const resolve = createRegionResolver({
      fallback: async () => {
        throw new Error('bad ini')
      },
    })
    await expect(resolve('kafka.corp.example')).rejects.toMatchObject({ code: 'REGION_UNRESOLVED' })
  })

  it('asks again after a lookup found no region, so a fixed environment or profile is picked up', async () => {
    // eslint-disable-next-line prefer-const -- a false positive: it is reassigned below, after the closure that reads it
    let region: string | undefined
    const fallback = jest.fn(async () => region)
    const resolve = createRegionResolver({ fallback })
    await expect(resolve('kafka.corp.example')).rejects.toMatchObject({ code: 'REGION_UNRESOLVED' })
    region = 'eu-north-1'
    await expect(resolve('kafka.corp.example')).resolves.toBe('eu-north-1')
    await expect(resolve('kafka.corp.example')).resolves.toBe('eu-north-1')
    expect(fallback).toHaveBeenCalledTimes(2)
  })
})

describe('regionFromEnvironment', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msk-iam-region-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('prefers AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    const file = join(dir, 'config')
    writeFileSync(file, '[default]\nregion = sa-east-1\n')
    await expect(regionFromEnvironment({ AWS_REGION: 'eu-west-2', AWS_CONFIG_FILE: file }, undefined)).resolves.toBe(
      'eu-west-2',
    )
    await expect(
      regionFromEnvironment({ AWS_DEFAULT_REGION: 'eu-west-3', AWS_CONFIG_FILE: file }, undefined),
    ).resolves.toBe('eu-west-3')
  })

  it('reads the profile named by the option, then AWS_PROFILE, then default', async () => {
    const file = join(dir, 'config')
    writeFileSync(
      file,
      '[default]\nregion = sa-east-1\n[profile kafka]\nregion = ap-south-1\n[profile other]\nregion = ca-central-1\n',
    )
    await expect(regionFromEnvironment({ AWS_CONFIG_FILE: file }, 'kafka')).resolves.toBe('ap-south-1')
    await expect(regionFromEnvironment({ AWS_CONFIG_FILE: file, AWS_PROFILE: 'other' }, undefined)).resolves.toBe(
      'ca-central-1',
    )
    await expect(regionFromEnvironment({ AWS_CONFIG_FILE: file }, undefined)).resolves.toBe('sa-east-1')
  })

  it('reads the config file again after a failed read: a config file written later is found', async () => {
    const file = join(dir, 'config')
    const resolve = createRegionResolver({
      fallback: () => regionFromEnvironment({ AWS_CONFIG_FILE: file }, undefined),
    })
    await expect(resolve('kafka.corp.example')).rejects.toMatchObject({ code: 'REGION_UNRESOLVED' })
    writeFileSync(file, '[default]\nregion = me-central-1\n')
    await expect(resolve('kafka.corp.example')).resolves.toBe('me-central-1')
  })
})
