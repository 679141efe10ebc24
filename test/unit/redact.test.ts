import { describeCause, redact, redactError } from '../../src/redact.js'
import { EXOTIC_THROWN } from '../helpers/exoticThrown.js'

describe('redact', () => {
  it.each([
    ['a 40-character secret key', 'key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here', 'wJalrXUtnFEMI'],
    ['a long session token', `token IQoJ${'b3JpZ2luX2Vj'.repeat(20)}`, 'IQoJb3Jp'],
    ['a signature', 'sig 3515d158e62c159a3d8d4344942cff44c865cdeac6748a4b5dc42686641bb272', '3515d158'],
    ['a JSON session token of any length', '{"SessionToken":"shorttok123","x":1}', 'shorttok123'],
    ['an ini secret', 'aws_secret_access_key = abc123secret', 'abc123secret'],
    ['a query signature', '?X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok', 'deadbeef'],
  ])('removes %s', (_name, text, secret) => {
    expect(redact(text)).not.toContain(secret)
    expect(redact(text)).toContain('[redacted]')
  })

  it('removes known secret values wherever they are', () => {
    expect(redact('abc mysecretvalue def', ['mysecretvalue'])).toBe('abc [redacted] def')
  })

  it('keeps access key ids, regions and hosts readable', () => {
    const text = 'access key AKIAIOSFODNN7EXAMPLE region us-east-1 host b-1.x.kafka.us-east-1.amazonaws.com'
    expect(redact(text)).toBe(text)
  })

  it('describes any thrown value briefly', () => {
    expect(describeCause(new TypeError('x y '.repeat(500))).length).toBeLessThanOrEqual(301)
    expect(describeCause(42)).toBe('42')
  })
})

describe('redactError', () => {
  it('returns clean errors as they are and copies dirty ones without the secret', () => {
    const clean = new Error('network down')
    expect(redactError(clean)).toBe(clean)
    const dirty = Object.assign(new Error('{"SessionToken":"tok-123456"}'), { code: 'EFAIL' })
    const copy = redactError(dirty) as Error & { code?: string }
    expect(copy.message).not.toContain('tok-123456')
    expect(copy.stack).not.toContain('tok-123456')
    expect(copy.code).toBe('EFAIL')
  })
})

describe('exotic thrown values', () => {
  it.each(EXOTIC_THROWN)('describeCause describes %s without throwing', (_name, make) => {
    const text = describeCause(make())
    expect(typeof text).toBe('string')
    expect(text.length).toBeGreaterThan(0)
  })

  it.each(EXOTIC_THROWN)('redactError survives %s', (_name, make) => {
    expect(() => redactError(make())).not.toThrow()
  })
})
