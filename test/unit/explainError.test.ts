// explainError(): the typed error behind kafkajs's wrappers, and the failures kafkajs raises before the
// mechanism runs, with kafkajs 2.2.4's real error classes shaped as its code paths make them. The same
// mistakes through real sockets: test/integration/diagnosis.test.ts.
import type { KafkaConfig } from 'kafkajs'
import * as errors from 'kafkajs/src/errors'
import { createErrorFromCode } from 'kafkajs/src/protocol/error'
import { mapAuthenticationError } from '../../src/brokerErrors.js'
import { isMskIamError, MskIamError } from '../../src/errors.js'
import { explainError } from '../../src/explainError.js'
import { EXOTIC_THROWN } from '../helpers/exoticThrown.js'

const BROKER = 'b-1.c.abc.c1.kafka.us-east-1.amazonaws.com'
const ctx = { broker: `${BROKER}:9098`, port: 9098, region: 'us-east-1', accessKeyId: 'AKIAEXAMPLE', now: 0 }
const config = (extra: Partial<KafkaConfig> = {}): KafkaConfig => ({ brokers: [`${BROKER}:9098`], ...extra })

/** kafkajs's retrier when the retries ran out. */
const exhausted = (e: Error) => new errors.KafkaJSNumberOfRetriesExceeded(e, { retryCount: 5, retryTime: 1000 })
/** kafkajs's Connection when the broker closes the socket. */
const closed = (port = 9098) => new errors.KafkaJSConnectionClosedError('Closed connection', { host: BROKER, port })
/** SaslHandshake answered with ILLEGAL_SASL_STATE (kafkajs's response parser). */
const illegalSaslState = () => createErrorFromCode(34)
/** kafkajs's Connection when the TLS handshake fails. */
const tlsFailure = (text: string, code?: string) =>
  new errors.KafkaJSConnectionError(`Connection error: ${text}`, { broker: `${BROKER}:9092`, code })

const codeOf = (value: unknown) => (isMskIamError(value) ? value.code : undefined)

describe('explainError finds the typed error', () => {
  it('behind originalError and cause wrappers', () => {
    const own = new MskIamError('ACCESS_DENIED', 'denied')
    const wrapped = Object.assign(new Error('retries exceeded'), {
      name: 'KafkaJSNumberOfRetriesExceeded',
      originalError: own,
    })
    expect(explainError(wrapped)).toBe(own)
  })

  it("behind kafkajs's retrier, which wraps with cause: e.cause || e", () => {
    const own = mapAuthenticationError(createErrorFromCode(58), ctx)
    const wrapped = new errors.KafkaJSNonRetriableError(own, { cause: own.cause || own })
    expect(explainError(wrapped)).toBe(own)
  })

  it('returns unrelated errors unchanged', () => {
    const other = new Error('unrelated')
    expect(explainError(other)).toBe(other)
    expect(explainError(exhausted(closed(9093)), config({ ssl: true }))).toMatchObject({ message: 'Closed connection' })
  })

  it.each(EXOTIC_THROWN)('survives %s', (_name, make) => {
    const thrown = make()
    expect(() => explainError(thrown, { host: 'b-1', port: 9098 })).not.toThrow()
    expect(() => explainError(thrown)).not.toThrow()
  })
})

describe('explainError: the broker does not offer the mechanism', () => {
  it("kafkajs's own handshake refusal, with the port's listener", () => {
    const kafkajs = new errors.KafkaJSSASLAuthenticationError(
      'SASL AWS_MSK_IAM mechanism is not supported by the server',
    )
    const explained = explainError(kafkajs, { host: 'b-1', port: 9094 })
    expect(explained).toMatchObject({ code: 'MECHANISM_NOT_ENABLED', broker: 'b-1:9094', retriable: false })
    expect((explained as Error).message).toContain('TLS without IAM')
  })

  it('names the mechanism that was asked for', () => {
    const kafkajs = new errors.KafkaJSSASLAuthenticationError(
      'SASL OAUTHBEARER mechanism is not supported by the server',
    )
    expect((explainError(kafkajs) as Error).message).toMatch(/^The broker does not offer OAUTHBEARER/)
  })
})

describe('explainError: ILLEGAL_SASL_STATE', () => {
  it('without context: a refused lazy re-authentication, retriable, with both fixes', () => {
    const explained = explainError(illegalSaslState(), { host: 'b-1', port: 9098 })
    expect(explained).toMatchObject({ code: 'AUTHENTICATION_FAILED', retriable: true })
    expect((explained as Error).message).toMatch(/proactiveReauthentication/)
    expect((explained as Error).message).toMatch(/If it happened at connect\(\), the listener does no SASL/)
  })

  it('a kafkajs config without ssl: a listener without SASL (no MSK IAM listener is plaintext)', () => {
    const explained = explainError(illegalSaslState(), config())
    expect(explained).toMatchObject({ code: 'MECHANISM_NOT_ENABLED', retriable: false, broker: `${BROKER}:9098` })
    expect((explained as Error).message).toMatch(/this client connects without TLS/)
    expect((explained as Error).message).not.toMatch(/proactiveReauthentication/)
  })

  it("connectBroker's copies on every retry: new connections refused, so a listener without SASL", () => {
    const copy = new errors.KafkaJSProtocolError(illegalSaslState(), { retriable: true })
    expect(codeOf(explainError(exhausted(copy)))).toBe('MECHANISM_NOT_ENABLED')
  })

  it('on a known non-IAM port', () => {
    expect(codeOf(explainError(illegalSaslState(), { host: 'b-1', port: 9092 }))).toBe('MECHANISM_NOT_ENABLED')
  })

  it('another context gets its own answer: explanations are not remembered as the error behind a cause', () => {
    const error = illegalSaslState()
    expect(codeOf(explainError(error))).toBe('AUTHENTICATION_FAILED')
    expect(codeOf(explainError(error, config()))).toBe('MECHANISM_NOT_ENABLED')
    expect(codeOf(explainError(error))).toBe('AUTHENTICATION_FAILED')
  })
})

describe('explainError: TLS', () => {
  it.each([
    [
      'closed before the server hello',
      'Client network socket disconnected before secure TLS connection was established',
      'ECONNRESET',
    ],
    [
      'a plaintext answer to the hello',
      'write EPROTO 1234:error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
      'EPROTO',
    ],
    ['OpenSSL 3 code only', 'write EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER'],
  ])('TLS against a plaintext port (%s): TLS_NOT_OFFERED', (_name, text, code) => {
    const explained = explainError(exhausted(tlsFailure(text, code)))
    expect(explained).toMatchObject({ code: 'TLS_NOT_OFFERED', retriable: false, broker: `${BROKER}:9092` })
    expect((explained as Error).message).toMatch(/port 9092 is MSK's plaintext \(no authentication\) listener/)
  })

  it('plaintext against a TLS port, config without ssl: TLS_REQUIRED', () => {
    const explained = explainError(exhausted(closed()), config())
    expect(explained).toMatchObject({ code: 'TLS_REQUIRED', retriable: false, broker: `${BROKER}:9098` })
    expect((explained as Error).message).toMatch(/port 9098 is an MSK IAM listener, which speaks TLS only/)
    expect((explained as Error).message).toMatch(/ssl: true/)
  })

  it('a connection closed on an MSK IAM port again and again, TLS unknown: TLS_REQUIRED, hedged', () => {
    const explained = explainError(exhausted(closed()))
    expect(codeOf(explained)).toBe('TLS_REQUIRED')
    expect((explained as Error).message).toMatch(/If ssl is already set, the broker went away instead/)
  })

  it('a connection closed with TLS on, or closed once: not a TLS mistake', () => {
    expect(isMskIamError(explainError(exhausted(closed()), config({ ssl: true })))).toBe(false)
    expect(isMskIamError(explainError(closed()))).toBe(false)
    expect(
      isMskIamError(
        explainError(
          exhausted(tlsFailure('Client network socket disconnected before secure TLS connection was established')),
          config(),
        ),
      ),
    ).toBe(false)
  })
})
