import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  DEFAULT_CREDENTIALS_TIMEOUT_MS,
  DEFAULT_MAX_BACKOFF_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  DEFAULT_ROLE_SESSION_NAME,
} from '../../src/constants.js'
import { validateOptions, type AwsMskIamOptions } from '../../src/options.js'

const invalid = (options: AwsMskIamOptions) => {
  try {
    validateOptions(options)
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error(`expected ${JSON.stringify(options)} to be refused`)
}

describe('validateOptions: regions and partitions', () => {
  it.each([
    'us-east-1',
    'cn-north-1',
    'us-gov-west-1',
    'eusc-de-east-1',
    'us-iso-east-1',
    'us-isob-east-1',
    'eu-isoe-west-1',
  ])('accepts the region %s', (region) => {
    expect(() => validateOptions({ region })).not.toThrow()
  })

  it.each([
    ['arn:aws-cn:iam::123456789012:role/kafka', 'us-east-1'],
    ['arn:aws:iam::123456789012:role/kafka', 'cn-north-1'],
    ['arn:aws-us-gov:iam::123456789012:role/kafka', 'us-east-1'],
    ['arn:aws-eusc:iam::123456789012:role/kafka', 'eu-central-1'],
    ['arn:aws-cn:iam::123456789012:role/kafka', 'aws-global'],
  ])('refuses role %s with stsRegion %s from another partition', (roleArn, stsRegion) => {
    const error = invalid({ roleArn, stsRegion })
    expect(error.code).toBe('INVALID_OPTIONS')
    expect(error.message).toMatch(/partition/)
    expect(error.message).toContain(stsRegion)
  })

  it.each([
    ['arn:aws-cn:iam::123456789012:role/kafka', 'cn-northwest-1'],
    ['arn:aws-us-gov:iam::123456789012:role/kafka', 'us-gov-east-1'],
    ['arn:aws-eusc:iam::123456789012:role/kafka', 'eusc-de-east-1'],
    ['arn:aws:iam::123456789012:role/kafka', 'aws-global'],
    ['arn:aws:iam::123456789012:role/kafka', 'eu-west-1'],
  ])('accepts role %s with stsRegion %s', (roleArn, stsRegion) => {
    expect(() => validateOptions({ roleArn, stsRegion })).not.toThrow()
  })

  it('refuses a signing region from another partition than the role', () => {
    const error = invalid({ roleArn: 'arn:aws-cn:iam::123456789012:role/kafka', region: 'us-east-1' })
    expect(error.code).toBe('INVALID_OPTIONS')
    expect(error.message).toMatch(/partition/)
  })
})

describe("the README's options table", () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8')
  const defaultOf = (option: string): string => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${option}\` |`))
    if (!row) throw new Error(`no README options row for ${option}`)
    return row.split('|')[2]!.trim()
  }

  it.each([
    ['maxRetries', DEFAULT_MAX_RETRIES],
    ['maxBackoffMs', DEFAULT_MAX_BACKOFF_MS],
    ['refreshBeforeExpiryMs', DEFAULT_REFRESH_BEFORE_EXPIRY_MS],
    ['credentialsTimeoutMs', DEFAULT_CREDENTIALS_TIMEOUT_MS],
    ['roleSessionName', DEFAULT_ROLE_SESSION_NAME],
  ] as const)('states the default of %s from src/constants.ts', (option, value) => {
    expect(defaultOf(option)).toMatch(new RegExp(`^\`${value}\``))
  })
})
