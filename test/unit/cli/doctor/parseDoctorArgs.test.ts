// `kafkajs-msk-iam doctor`: argument parsing, the environment it reads, and exit code 2 for mistakes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseBroker, parseDoctorArgs } from '../../../../src/cli/doctor/parseDoctorArgs.js'
import { UsageError } from '../../../../src/cli/parseCommandArgs.js'
import { runDoctorCommand } from '../../../../src/cli/doctorCommand.js'
import { doctorSetup } from '../../../../src/cli/doctor/doctorSetup.js'
import { captureForScan, TEST_SECRETS } from '../../../helpers/secretScan.js'
import { captureIo } from '../../../helpers/captureIo.js'

const io = captureIo

describe('parseDoctorArgs', () => {
  it('reads every option, in both --flag value and --flag=value forms', () => {
    const options = parseDoctorArgs([
      '--brokers',
      'b-1.c.x.c1.kafka.eu-west-1.amazonaws.com:9098,b-2.c.x.c1.kafka.eu-west-1.amazonaws.com:9198',
      '--brokers=[::1]:9098',
      '--region=eu-west-1',
      '--profile',
      'dev',
      '--role-arn',
      'arn:aws:iam::123456789012:role/orders',
      '--role-session-name',
      'doctor',
      '--no-tls',
      '--ca',
      'ca.pem',
      '--timeout-ms',
      '2500',
      '--caller-identity',
      '--no-clock-probe',
      '--json',
      '--resolve',
      'b-1.c.x.c1.kafka.eu-west-1.amazonaws.com=127.0.0.1',
      '--resolve',
      'B-2.c.x.c1.kafka.eu-west-1.amazonaws.com:9198:[::1]',
    ])
    expect(options.brokers).toEqual([
      { host: 'b-1.c.x.c1.kafka.eu-west-1.amazonaws.com', port: 9098 },
      { host: 'b-2.c.x.c1.kafka.eu-west-1.amazonaws.com', port: 9198 },
      { host: '::1', port: 9098 },
    ])
    expect(options).toMatchObject({
      region: 'eu-west-1',
      profile: 'dev',
      roleArn: 'arn:aws:iam::123456789012:role/orders',
      roleSessionName: 'doctor',
      tls: false,
      caFile: 'ca.pem',
      timeoutMs: 2500,
      callerIdentity: true,
      clockProbe: false,
      json: true,
      help: false,
    })
    expect([...options.resolve]).toEqual([
      ['b-1.c.x.c1.kafka.eu-west-1.amazonaws.com', '127.0.0.1'],
      ['b-2.c.x.c1.kafka.eu-west-1.amazonaws.com', '::1'],
    ])
  })

  it('has defaults: TLS on, 10 s steps, clock probe on, text output', () => {
    expect(parseDoctorArgs(['--brokers', 'h:9098'])).toMatchObject({
      tls: true,
      timeoutMs: 10_000,
      clockProbe: true,
      json: false,
      callerIdentity: false,
      region: undefined,
    })
  })

  it('defaults a port-less broker to 9098', () => {
    expect(parseBroker('msk.example.internal')).toEqual({ host: 'msk.example.internal', port: 9098 })
  })

  it('accepts --help without brokers', () => {
    expect(parseDoctorArgs(['--help']).help).toBe(true)
    expect(parseDoctorArgs(['-h']).help).toBe(true)
  })

  it.each([
    [[], /--brokers .* is required/],
    [['--brokers', 'h:9098', '--bogus'], /unknown option --bogus/],
    [['--brokers'], /--brokers needs a value/],
    [['--brokers', 'h:9098', '--region', '--json'], /--region needs a value/],
    [['--brokers', 'h:99999'], /not host:port/],
    [['--brokers', 'h:9098', 'stray'], /unexpected argument "stray"/],
    [['--brokers', 'h:9098', '--region', 'Frankfurt'], /--region must be a region id/],
    [['--brokers', 'h:9098', '--tls', '--no-tls'], /either --tls or --no-tls/],
    [['--brokers', 'h:9098', '--role-session-name', 'x'], /needs --role-arn/],
    [['--brokers', 'h:9098', '--resolve', 'h=not-an-ip'], /must be host=IP/],
    [['--brokers', 'h:9098', '--timeout-ms', '0'], /--timeout-ms must be an integer/],
    [['--brokers', 'h:9098', '--timeout-ms', '1.5'], /--timeout-ms must be an integer/],
    [['--brokers', 'h:9098', '--json=yes'], /--json takes no value/],
    [['--brokers', 'h:9098', '--region', 'us-east-1', '--region', 'us-east-2'], /more than once/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseDoctorArgs(argv)).toThrow(UsageError)
    expect(() => parseDoctorArgs(argv)).toThrow(message)
  })
})

describe('doctorSetup', () => {
  const options = parseDoctorArgs(['--brokers', 'h:9098', '--timeout-ms', '3000'])

  it('signs with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN from the given environment', () => {
    const setup = doctorSetup(options, {
      AWS_ACCESS_KEY_ID: 'AKIAENV',
      AWS_SECRET_ACCESS_KEY: TEST_SECRETS.secretAccessKey,
      AWS_SESSION_TOKEN: TEST_SECRETS.sessionToken,
      AWS_REGION: 'eu-north-1',
    })
    expect(setup.signing.credentials).toEqual({
      accessKeyId: 'AKIAENV',
      secretAccessKey: TEST_SECRETS.secretAccessKey,
      sessionToken: TEST_SECRETS.sessionToken,
    })
    expect(setup.credentialSource).toMatch(/environment variables/)
    expect(setup.environmentRegion).toBe('eu-north-1')
    expect(setup.clockOffsetMs).toBe(0)
    expect(setup.signing.maxRetries).toBe(0)
  })

  it('leaves the keys to the default chain when AWS_PROFILE or --profile is set, as the SDK does', () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'AKIAENV',
      AWS_SECRET_ACCESS_KEY: TEST_SECRETS.secretAccessKey,
      AWS_PROFILE: 'dev',
    }
    expect(doctorSetup(options, env).signing.credentials).toBeUndefined()
    const withProfile = doctorSetup(parseDoctorArgs(['--brokers', 'h:9098', '--profile', 'ops']), {
      AWS_ACCESS_KEY_ID: 'AKIAENV',
      AWS_SECRET_ACCESS_KEY: 'x'.repeat(40),
    })
    expect(withProfile.signing).toMatchObject({ profile: 'ops' })
    expect(withProfile.credentialSource).toBe('profile "ops"')
  })

  it('names an assumed role and its base credentials', () => {
    const setup = doctorSetup(
      parseDoctorArgs(['--brokers', 'h:9098', '--role-arn', 'arn:aws:iam::123456789012:role/r']),
      {},
    )
    expect(setup.credentialSource).toBe(
      'role arn:aws:iam::123456789012:role/r assumed with the AWS default credential chain',
    )
  })

  it('shifts the clock by KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS and rejects a non-integer offset', () => {
    const setup = doctorSetup(options, { KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS: '-600000' })
    expect(setup.clockOffsetMs).toBe(-600_000)
    expect(Math.abs(setup.clock.now() - (Date.now() - 600_000))).toBeLessThan(1000)
    expect(() => doctorSetup(options, { KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS: 'ten minutes' })).toThrow(UsageError)
  })

  it('reads the STS endpoint hook', () => {
    expect(doctorSetup(options, { KAFKAJS_MSK_IAM_STS_ENDPOINT: 'http://127.0.0.1:1/' }).stsEndpoint).toBe(
      'http://127.0.0.1:1/',
    )
  })
})

describe('runDoctorCommand arguments', () => {
  it('prints the usage for --help with exit code 0', async () => {
    const t = io()
    expect(await runDoctorCommand(['--help'], t, {})).toBe(0)
    expect(t.out()).toMatch(/--brokers LIST/)
    expect(t.out()).toMatch(/KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS/)
  })

  it('exits 2 with the usage on stderr for a bad argument', async () => {
    const t = io()
    expect(await runDoctorCommand(['--brokers', 'h:9098', '--nope'], t, {})).toBe(2)
    expect(t.err()).toMatch(/unknown option --nope[\s\S]*Usage:/)
    expect(t.out()).toBe('')
  })

  it('exits 2 for a --ca file that is missing or not PEM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'doctor-args-'))
    const notPem = path.join(dir, 'ca.txt')
    await writeFile(notPem, 'hello')
    for (const file of [path.join(dir, 'missing.pem'), notPem]) {
      const t = io()
      expect(await runDoctorCommand(['--brokers', 'h:9098', '--ca', file], t, {})).toBe(2)
      expect(t.err()).toMatch(/--ca .*(ENOENT|no PEM certificate)/)
    }
    await rm(dir, { recursive: true, force: true })
  })

  it('exits 2 when the plugin rejects an option (malformed role ARN), without printing the secret', async () => {
    const t = io()
    const env = { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: TEST_SECRETS.secretAccessKey }
    expect(await runDoctorCommand(['--brokers', 'h:9098', '--role-arn', 'not-an-arn'], t, env)).toBe(2)
    expect(t.err()).toMatch(/roleArn must look like arn:aws:iam::/)
    captureForScan(t.out() + t.err())
  })
})
