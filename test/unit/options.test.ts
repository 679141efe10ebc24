import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  DEFAULT_ANSWER_TIMEOUT_MS,
  DEFAULT_CREDENTIALS_TIMEOUT_MS,
  DEFAULT_MAX_BACKOFF_MS,
  DEFAULT_MAX_HOLD_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  DEFAULT_ROLE_SESSION_NAME,
} from '../../src/constants.js'
import { awsMskIam } from '../../src/awsMskIam.js'
import { mskIamOAuthBearer } from '../../src/oauth/mskIamOAuthBearer.js'
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

describe('validateOptions: options of the packages users move from (docs/migration.md)', () => {
  // @jm18457/kafkajs-msk-iam-authentication-mechanism's `ttl` set X-Amz-Expires. Here it is always 900 s, or
  // less when the credentials expire sooner; a ttl silently ignored would sign for longer than the user asked.
  it.each([['900'], ['300'], [900]])('refuses ttl %p, naming what X-Amz-Expires is here and the fix', (ttl) => {
    const error = invalid({ region: 'eu-west-1', ttl } as AwsMskIamOptions)
    expect(error.code).toBe('INVALID_OPTIONS')
    expect(error.message).toContain('ttl')
    expect(error.message).toContain('900')
    expect(error.message).toMatch(/remove/i)
    expect(error.message).toContain('docs/migration.md')
  })

  it('accepts ttl: undefined (a config object with the key left empty)', () => {
    expect(() => validateOptions({ region: 'eu-west-1', ttl: undefined } as AwsMskIamOptions)).not.toThrow()
  })

  it('awsMskIam() and mskIamOAuthBearer() refuse it when they are created, not at the first connection', () => {
    const options = { region: 'eu-west-1', ttl: '900' } as AwsMskIamOptions
    expect(() => awsMskIam(options)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error)
    expect(() => mskIamOAuthBearer(options)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error)
  })
})

describe('the TSDoc of the options interfaces', () => {
  // The TSDoc of a property, as one line: the /** */ block right above `name?:` inside `interface`.
  const docOf = (file: string, iface: string, name: string): string => {
    const text = readFileSync(join(__dirname, '../../src', file), 'utf8')
    const body = text.slice(text.indexOf(`export interface ${iface} {`))
    const at = body.search(new RegExp(`\\n\\s*${name}\\?:`))
    const comment = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/.exec(body.slice(0, at))
    if (at < 0 || !comment) throw new Error(`no TSDoc for ${iface}.${name}`)
    return comment[1]!.replace(/\s*\n\s*\*\s?/g, ' ')
  }
  // The first number a doc states as "default N" (digits may be grouped with spaces: 10 000).
  const statedDefault = (doc: string): number | undefined => {
    const match = /\bdefault\b\D{0,20}?(\d[\d ]*\d|\d)/i.exec(doc)
    return match ? Number(match[1]!.replace(/ /g, '')) : undefined
  }

  it.each([
    ['options.ts', 'AwsMskIamOptions', 'maxRetries', DEFAULT_MAX_RETRIES],
    ['options.ts', 'AwsMskIamOptions', 'maxBackoffMs', DEFAULT_MAX_BACKOFF_MS],
    ['options.ts', 'AwsMskIamOptions', 'refreshBeforeExpiryMs', DEFAULT_REFRESH_BEFORE_EXPIRY_MS],
    ['options.ts', 'AwsMskIamOptions', 'credentialsTimeoutMs', DEFAULT_CREDENTIALS_TIMEOUT_MS],
    ['reauth/types.ts', 'ProactiveReauthenticationOptions', 'answerTimeoutMs', DEFAULT_ANSWER_TIMEOUT_MS],
    ['reauth/types.ts', 'ProactiveReauthenticationOptions', 'maxHoldMs', DEFAULT_MAX_HOLD_MS],
  ] as const)('%s %s.%s states no default other than src/constants.ts', (file, iface, name, value) => {
    const stated = statedDefault(docOf(file, iface, name))
    if (stated !== undefined) expect(stated).toBe(value)
  })

  it('reads the defaults the docs state (the check above has something to compare)', () => {
    expect(statedDefault(docOf('reauth/types.ts', 'ProactiveReauthenticationOptions', 'answerTimeoutMs'))).toBe(10_000)
    expect(statedDefault('(default 25 000). Keep it below')).toBe(25_000)
    expect(statedDefault('Default: the signing region')).toBeUndefined()
  })

  it("refreshBeforeExpiryMs's doc states MSK's session rule, and the default gives sessions above the 15-minute presign window", () => {
    expect(docOf('options.ts', 'AwsMskIamOptions', 'refreshBeforeExpiryMs')).toMatch(
      /MSK ends a session when its credentials expire/,
    )
    expect(DEFAULT_REFRESH_BEFORE_EXPIRY_MS).toBeGreaterThan(15 * 60_000)
  })
})
