import type { AwsCredentialIdentity } from '@smithy/types'
import { awsMskIam } from '../../src/awsMskIam.js'
import { MskIamError } from '../../src/errors.js'
import { FakeClock } from '../helpers/FakeClock.js'
import { fakeBroker, okAnswer, RecordingLogger } from '../helpers/fakeSaslAuthenticate.js'
import { caught, TEST_SECRETS } from '../helpers/secretScan.js'

const HOST = 'b-2.orders.abc123.c3.kafka.eu-west-1.amazonaws.com'
const creds = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
}

async function authenticate(
  mechanism: ReturnType<typeof awsMskIam>,
  broker: ReturnType<typeof fakeBroker>,
  logger = new RecordingLogger(),
  host = HOST,
  port = 9098,
) {
  await mechanism
    .authenticationProvider({ host, port, logger, saslAuthenticate: broker.saslAuthenticate })
    .authenticate()
  return logger
}

describe('awsMskIam()', () => {
  it('is the kafkajs sasl object for AWS_MSK_IAM', () => {
    const mechanism = awsMskIam({ credentials: creds })
    expect(mechanism.mechanism).toBe('AWS_MSK_IAM')
    expect(Object.keys(mechanism).sort()).toEqual(['authenticationProvider', 'mechanism', 'saslClient'])
    expect(mechanism.saslClient.mechanism).toBe('AWS_MSK_IAM')
  })

  it('sends a signed payload for the connected host and the region of its DNS suffix', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 4, 5, 6, 7))
    const broker = fakeBroker(() => okAnswer())
    await authenticate(awsMskIam({ credentials: creds, clock, userAgent: 'test-agent/1' }), broker)
    const payload = JSON.parse(broker.tokens[0]!.toString('utf8')) as Record<string, string>
    expect(payload).toMatchObject({
      version: '2020_10_22',
      host: HOST,
      action: 'kafka-cluster:Connect',
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': `${creds.accessKeyId}/20260304/eu-west-1/kafka-cluster/aws4_request`,
      'x-amz-date': '20260304T050607Z',
      'x-amz-signedheaders': 'host',
      'x-amz-expires': '900',
      'x-amz-security-token': creds.sessionToken,
      'user-agent': 'test-agent/1',
    })
    expect(payload['x-amz-signature']).toMatch(/^[0-9a-f]{64}$/)
  })

  it('honours an explicit region over the host', async () => {
    const broker = fakeBroker(() => okAnswer())
    await authenticate(awsMskIam({ credentials: creds, region: 'us-east-2' }), broker)
    expect((JSON.parse(broker.tokens[0]!.toString()) as Record<string, string>)['x-amz-credential']).toContain(
      '/us-east-2/kafka-cluster/',
    )
  })

  it('logs one debug line per authentication with broker, region, key id, request-id and duration', async () => {
    const broker = fakeBroker(() => okAnswer('req-1234'))
    const logger = await authenticate(awsMskIam({ credentials: creds }), broker)
    const authLines = logger.lines.filter((l) => /authentication/.test(l.message))
    expect(authLines).toHaveLength(1)
    expect(authLines[0]).toMatchObject({
      level: 'debug',
      extra: { broker: `${HOST}:9098`, region: 'eu-west-1', accessKeyId: creds.accessKeyId, requestId: 'req-1234' },
    })
    expect(typeof (authLines[0]!.extra as { durationMs: unknown }).durationMs).toBe('number')
  })

  it('uses one credential fetch for many authentications on many connections', async () => {
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => ({
      ...creds,
      expiration: new Date(Date.now() + 3_600_000),
    }))
    const mechanism = awsMskIam({ credentials: provider })
    const broker = fakeBroker(() => okAnswer())
    await Promise.all(Array.from({ length: 50 }, () => authenticate(mechanism, broker)))
    for (let i = 0; i < 20; i++) await authenticate(mechanism, broker)
    expect(provider).toHaveBeenCalledTimes(1)
    expect(broker.tokens).toHaveLength(70)
  })

  it('signs each payload with a single credential snapshot even when the provider rotates', async () => {
    let n = 0
    const clock = new FakeClock()
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => {
      n++
      return {
        accessKeyId: `AKIAROTATE${n}`,
        secretAccessKey: `secret${n}`,
        sessionToken: `token${n}`,
        expiration: new Date(clock.now() + 1000 * 60 * 10),
      }
    })
    // 10-minute credentials are always inside a 20-minute refresh window: they rotate often.
    const mechanism = awsMskIam({ credentials: provider, clock })
    const broker = fakeBroker(() => okAnswer())
    for (let i = 0; i < 5; i++) {
      await authenticate(mechanism, broker)
      await clock.advance(4 * 60_000)
    }
    for (const token of broker.tokens) {
      const p = JSON.parse(token.toString()) as Record<string, string>
      const suffix = p['x-amz-credential']!.split('/')[0]!.replace('AKIAROTATE', '')
      expect(p['x-amz-security-token']).toBe(`token${suffix}`)
    }
    expect(
      new Set(
        broker.tokens.map(
          (t) => (JSON.parse(t.toString()) as Record<string, string>)['x-amz-credential']!.split('/')[0],
        ),
      ).size,
    ).toBeGreaterThan(1)
  })

  it('maps "Access denied" to a typed, non-retriable error naming region, key, host and request-id', async () => {
    const broker = fakeBroker(() => ({
      errorCode: 58,
      errorMessage: '[0c1d2e3f-aaaa-4bbb-8ccc-123456789abc]: Access denied',
    }))
    const error = await authenticate(awsMskIam({ credentials: creds }), broker).catch(caught)
    expect(error).toBeInstanceOf(MskIamError)
    expect(error).toMatchObject({
      code: 'ACCESS_DENIED',
      retriable: false,
      requestId: '0c1d2e3f-aaaa-4bbb-8ccc-123456789abc',
      region: 'eu-west-1',
      accessKeyId: creds.accessKeyId,
    })
    const message = (error as Error).message
    for (const part of ['eu-west-1', creds.accessKeyId, HOST, 'kafka-cluster:Connect', 'clock'])
      expect(message).toContain(part)
  })

  it('reloads credentials after "Session too short" and marks it retriable', async () => {
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => ({
      ...creds,
      expiration: new Date(Date.now() + 3_600_000),
    }))
    const mechanism = awsMskIam({ credentials: provider })
    const answers = [{ errorCode: 58, errorMessage: '[rid-1]: Session too short' }, okAnswer()]
    const broker = fakeBroker((_t, call) => answers[call - 1]!)
    await expect(authenticate(mechanism, broker)).rejects.toMatchObject({
      code: 'SESSION_TOO_SHORT',
      retriable: true,
      type: 'ILLEGAL_SASL_STATE',
    })
    await authenticate(mechanism, broker)
    expect(provider).toHaveBeenCalledTimes(2)
  })

  it('warns on a principal change and asks for a reconnect', async () => {
    const text =
      'Cannot change principals during re-authentication from IAM.arn:aws:sts::1:assumed-role/r/a: IAM.arn:aws:sts::1:assumed-role/r/b'
    const broker = fakeBroker(() => ({ errorCode: 58, errorMessage: text }))
    const logger = new RecordingLogger()
    const error = await authenticate(awsMskIam({ credentials: creds }), broker, logger).catch(caught)
    expect(error).toMatchObject({ code: 'PRINCIPAL_CHANGED', retriable: true })
    expect((error as Error).message).toContain('roleSessionName')
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true)
  })

  it('rejects a malformed broker answer with a typed error', async () => {
    const broker = fakeBroker(() => ({
      authBytes: Buffer.from('{"version":"2020_10_22","request-id":"x","extra":"y"}'),
    }))
    await expect(authenticate(awsMskIam({ credentials: creds }), broker)).rejects.toMatchObject({
      code: 'INVALID_BROKER_RESPONSE',
    })
  })

  it('fails with REGION_UNRESOLVED for a custom DNS name without a region anywhere', async () => {
    const saved = {
      r: process.env['AWS_REGION'],
      d: process.env['AWS_DEFAULT_REGION'],
      c: process.env['AWS_CONFIG_FILE'],
      p: process.env['AWS_PROFILE'],
    }
    delete process.env['AWS_REGION']
    delete process.env['AWS_DEFAULT_REGION']
    process.env['AWS_CONFIG_FILE'] = '/nonexistent/config'
    try {
      const broker = fakeBroker(() => okAnswer())
      const error = await authenticate(
        awsMskIam({ credentials: creds }),
        broker,
        undefined,
        'kafka.corp.example',
      ).catch(caught)
      expect(error).toMatchObject({ code: 'REGION_UNRESOLVED', broker: 'kafka.corp.example:9098' })
      expect(broker.tokens).toHaveLength(0)
    } finally {
      for (const [k, v] of [
        ['AWS_REGION', saved.r],
        ['AWS_DEFAULT_REGION', saved.d],
        ['AWS_CONFIG_FILE', saved.c],
        ['AWS_PROFILE', saved.p],
      ] as const) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
  })

  it('validates options up front', () => {
    expect(() => awsMskIam({ region: 'mars-1' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error)
    expect(() => awsMskIam({ roleArn: 'not-an-arn' })).toThrow(/roleArn/)
    expect(() => awsMskIam({ roleSessionName: 'x1' })).toThrow(/only used with roleArn/)
    expect(() => awsMskIam({ maxRetries: -1 })).toThrow(/maxRetries/)
    expect(() => awsMskIam({ credentials: creds, profile: 'p' })).toThrow(/not both/)
    expect(() => awsMskIam({ credentials: { accessKeyId: 'a' } as AwsCredentialIdentity })).toThrow(
      /credentials must be/,
    )
  })
})
