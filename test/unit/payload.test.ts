import { createPayload, expiresInSeconds } from '../../src/payload.js'
import { MskIamError } from '../../src/errors.js'
import { amzDateToMs, payloadVectors as vectors } from '../helpers/vectors.js'

describe('AWS_MSK_IAM payload against the shared vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(3)
  })

  it.each(vectors.map((v) => [v.name, v] as const))('%s: reproduces the reference bytes', async (_name, v) => {
    const { inputs } = v
    const payload = await createPayload(
      {
        host: inputs.host,
        region: inputs.region,
        credentials: {
          accessKeyId: inputs.accessKeyId,
          secretAccessKey: inputs.secretAccessKey,
          ...(inputs.sessionToken ? { sessionToken: inputs.sessionToken } : {}),
        },
        now: amzDateToMs(inputs.amzDate),
        userAgent: inputs.userAgent,
      },
      inputs.expiresSeconds,
    )
    expect(payload).toBe(v.payloadJson)
    expect((JSON.parse(payload) as Record<string, string>)['x-amz-signature']).toBe(v.signature)
  })
})

describe('X-Amz-Expires', () => {
  const base = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
  const now = Date.UTC(2024, 0, 1)

  it('is 900 for long-lived credentials', () => {
    expect(expiresInSeconds(base, now)).toBe(900)
    expect(expiresInSeconds({ ...base, expiration: new Date(now + 3_600_000) }, now)).toBe(900)
  })

  it('is the whole seconds left when fewer than 900, never fractional', () => {
    expect(expiresInSeconds({ ...base, expiration: new Date(now + 123_987) }, now)).toBe(123)
    expect(expiresInSeconds({ ...base, expiration: new Date(now + 7_500) }, now)).toBe(7)
  })

  it('refuses credentials that are already expired', () => {
    const expired = () => expiresInSeconds({ ...base, expiration: new Date(now - 1) }, now)
    expect(expired).toThrow(MskIamError)
    expect(expired).toThrow(/expired/)
    // Fewer than 5 s left: the signature could expire in flight, so it is not made.
    const almost = () => expiresInSeconds({ ...base, expiration: new Date(now + 4_999) }, now)
    expect(almost).toThrow(expect.objectContaining({ code: 'CREDENTIALS_EXPIRED', retriable: true }) as Error)
    expect(expiresInSeconds({ ...base, expiration: new Date(now + 5_000) }, now)).toBe(5)
  })

  it('puts the shortened expiry into the signed payload', async () => {
    const payload = await createPayload({
      host: 'b-1.demo.abc.c1.kafka.us-east-1.amazonaws.com',
      region: 'us-east-1',
      credentials: { ...base, sessionToken: 'tok', expiration: new Date(now + 300_400) },
      now,
      userAgent: 'ua',
    })
    const parsed = JSON.parse(payload) as Record<string, string>
    expect(parsed['x-amz-expires']).toBe('300')
    expect(parsed['x-amz-security-token']).toBe('tok')
    expect(Object.keys(parsed)).toHaveLength(11)
  })
})
