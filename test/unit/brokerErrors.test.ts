import { mapAuthenticationError, splitBrokerMessage } from '../../src/brokerErrors.js'
import { explainError } from '../../src/explainError.js'
import { MskIamError } from '../../src/errors.js'
import { EXOTIC_THROWN } from '../helpers/exoticThrown.js'

// Shaped like kafkajs 2.2.4's errors: KafkaJSProtocolError carries `type`, connection errors a `name`.
function protocolError(message: string, type = 'SASL_AUTHENTICATION_FAILED', retriable = false): Error {
  return Object.assign(new Error(message), { name: 'KafkaJSProtocolError', type, retriable })
}
const ctx = {
  broker: 'b-1.c.abc.c1.kafka.us-east-1.amazonaws.com:9098',
  port: 9098,
  region: 'us-east-1',
  accessKeyId: 'AKIAEXAMPLE',
  now: 0,
}

describe('splitBrokerMessage', () => {
  it('splits MSK texts and leaves Kafka texts whole', () => {
    expect(splitBrokerMessage('[abc-123]: Access denied')).toEqual({ requestId: 'abc-123', reason: 'Access denied' })
    expect(splitBrokerMessage('Cannot change principals during re-authentication from IAM.a: IAM.b')).toEqual({
      requestId: undefined,
      reason: 'Cannot change principals during re-authentication from IAM.a: IAM.b',
    })
  })
})

describe('mapAuthenticationError', () => {
  it.each([
    ['[r1]: Access denied', 'ACCESS_DENIED', false, /kafka-cluster:Connect/],
    ['[r2]: Too many connects', 'TOO_MANY_CONNECTS', true, /20 new connections per second/],
    ['[r3]: Session too short', 'SESSION_TOO_SHORT', true, /about to expire/],
    ['[r4]: Invalid authentication payload', 'INVALID_PAYLOAD', false, /request-id r4/],
    [
      'Cannot change principals during re-authentication from IAM.arn:a: IAM.arn:b',
      'PRINCIPAL_CHANGED',
      true,
      /roleSessionName/,
    ],
    ['[r6]: Something new', 'AUTHENTICATION_FAILED', false, /Something new/],
  ] as const)('%s → %s', (text, code, retriable, fix) => {
    const error = mapAuthenticationError(protocolError(text), ctx)
    expect(error).toBeInstanceOf(MskIamError)
    expect(error.code).toBe(code)
    expect(error.retriable).toBe(retriable)
    expect(error.message).toMatch(fix)
    expect(error.cause).toBeDefined()
    // Retriable errors carry kafkajs's "rebuild this connection" type, permanent ones do not.
    expect(error.type).toBe(retriable ? 'ILLEGAL_SASL_STATE' : undefined)
    const requestId = splitBrokerMessage(text).requestId
    expect(error.requestId).toBe(requestId)
    if (requestId) expect(error.message).toContain(requestId)
  })

  it('says what was signed on Access denied', () => {
    const error = mapAuthenticationError(protocolError('[r1]: Access denied'), ctx)
    expect(error.message).toContain('AKIAEXAMPLE')
    expect(error.message).toContain('us-east-1')
    expect(error.message).toContain(ctx.broker)
    expect(error.message).toContain('1970-01-01T00:00:00.000Z')
  })

  it.each(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError'])(
    '%s during authentication is a retriable CONNECTION_LOST',
    (name) => {
      const error = mapAuthenticationError(Object.assign(new Error('Connection closed'), { name }), ctx)
      expect(error).toMatchObject({ code: 'CONNECTION_LOST', retriable: true })
    },
  )

  it('explains an unsupported mechanism with the right ports', () => {
    const error = mapAuthenticationError(
      protocolError('The broker does not support the requested SASL mechanism', 'UNSUPPORTED_SASL_MECHANISM'),
      { ...ctx, broker: 'h:9096', port: 9096 },
    )
    expect(error).toMatchObject({ code: 'MECHANISM_NOT_ENABLED', retriable: false })
    expect(error.message).toMatch(/9096 is MSK's SASL\/SCRAM listener/)
    expect(error.message).toMatch(/9098/)
  })

  it('passes its own errors through untouched', () => {
    const own = new MskIamError('REGION_UNRESOLVED', 'x')
    expect(mapAuthenticationError(own, ctx)).toBe(own)
  })

  it('copes with non-Error throwables', () => {
    expect(mapAuthenticationError('boom', ctx)).toMatchObject({ code: 'AUTHENTICATION_FAILED' })
    expect(mapAuthenticationError(undefined, ctx)).toBeInstanceOf(MskIamError)
  })
})

describe('explainError', () => {
  it("turns kafkajs's own handshake refusal into MECHANISM_NOT_ENABLED", () => {
    const kafkajs = Object.assign(new Error('SASL AWS_MSK_IAM mechanism is not supported by the server'), {
      name: 'KafkaJSSASLAuthenticationError',
    })
    expect(explainError(kafkajs, { host: 'b-1', port: 9094 })).toMatchObject({ code: 'MECHANISM_NOT_ENABLED' })
    expect((explainError(kafkajs, { host: 'b-1', port: 9094 }) as Error).message).toContain('TLS without IAM')
  })

  it('unwraps retry wrappers to find an MskIamError', () => {
    const own = new MskIamError('ACCESS_DENIED', 'denied')
    const wrapped = Object.assign(new Error('retries exceeded'), {
      name: 'KafkaJSNumberOfRetriesExceeded',
      originalError: own,
    })
    expect(explainError(wrapped)).toBe(own)
  })

  it("finds the typed error behind kafkajs's retrier, which wraps with cause: e.cause || e", () => {
    const brokerError = protocolError('[r9]: Access denied')
    const own = mapAuthenticationError(brokerError, ctx)
    // kafkajs/src/retry/index.js: reject(new KafkaJSNonRetriableError(e, { cause: e.cause || e }))
    const wrapped = Object.assign(new Error(own.message), { name: 'KafkaJSNonRetriableError', cause: own.cause })
    expect(explainError(wrapped)).toBe(own)
  })

  it('explains a refused lazy re-authentication (ILLEGAL_SASL_STATE) as retriable, with the fix', () => {
    const refused = protocolError('The request is not valid given the current SASL state', 'ILLEGAL_SASL_STATE')
    const explained = explainError(refused, { host: 'b-1', port: 9098 })
    expect(explained).toMatchObject({ code: 'AUTHENTICATION_FAILED', retriable: true })
    expect((explained as Error).message).toMatch(/proactiveReauthentication/)
  })

  it('returns unrelated errors unchanged', () => {
    const other = new Error('unrelated')
    expect(explainError(other)).toBe(other)
  })
})

// Issue 10, item 6: a credential source or kafkajs may throw anything; the answer is always a typed error.
describe('exotic thrown values', () => {
  it.each(EXOTIC_THROWN)('mapAuthenticationError maps %s to a typed error', (_name, make) => {
    const mapped = mapAuthenticationError(make(), ctx)
    expect(mapped).toBeInstanceOf(MskIamError)
    expect(mapped.message).toContain(ctx.broker)
  })

  it.each(EXOTIC_THROWN)('explainError survives %s', (_name, make) => {
    const thrown = make()
    expect(() => explainError(thrown, { host: 'b-1', port: 9098 })).not.toThrow()
    expect(() => explainError(thrown)).not.toThrow()
  })
})
