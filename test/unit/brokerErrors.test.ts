import { mapAuthenticationError, splitBrokerMessage } from '../../src/brokerErrors.js'
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

  it.each([
    ['an IPv4 address', '10.0.1.17'],
    ['an IPv6 address', '[fd00::17]'],
  ])('leads with the cause when the client signed for %s', (_name, host) => {
    const error = mapAuthenticationError(protocolError('[r1]: Access denied'), { ...ctx, broker: `${host}:9098`, host })
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.message).toContain(`signed for the IP address ${host}`)
    expect(error.message).toMatch(/brokers' names/)
    expect(error.message).not.toMatch(/Likely causes/)
  })

  it('takes the signed host from the broker when the context does not name it', () => {
    const error = mapAuthenticationError(protocolError('[r1]: Access denied'), { ...ctx, broker: '192.168.0.9:9198' })
    expect(error.message).toContain('signed for the IP address 192.168.0.9')
  })

  it('names a wrong secret, and a host that is not an MSK name, among the causes', () => {
    const msk = mapAuthenticationError(protocolError('[r1]: Access denied'), ctx)
    expect(msk.message).toMatch(/secret access key does not belong to that access key id/)
    expect(msk.message).not.toMatch(/not an MSK broker name/)
    const alias = mapAuthenticationError(protocolError('[r1]: Access denied'), {
      ...ctx,
      broker: 'kafka.corp.example:9098',
    })
    expect(alias.message).toMatch(/kafka\.corp\.example is not an MSK broker name/)
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

  it.each([
    [
      protocolError('The broker does not support the requested SASL mechanism', 'UNSUPPORTED_SASL_MECHANISM'),
      /does not offer OAUTHBEARER/,
    ],
    [
      Object.assign(new Error('Closed connection'), { name: 'KafkaJSConnectionClosedError' }),
      /lost during OAUTHBEARER authentication/,
    ],
    [protocolError('[r7]: Something new'), /rejected OAUTHBEARER authentication: Something new \(request-id r7\)\./],
  ])('names the mechanism that was refused: %s', (thrown, text) => {
    const error = mapAuthenticationError(thrown, { ...ctx, mechanism: 'OAUTHBEARER' })
    expect(error.message).toMatch(text)
    expect(error.message).not.toMatch(/AWS_MSK_IAM/)
    // Without a mechanism, the texts are AWS_MSK_IAM's (the doctor's own authentication).
    expect(mapAuthenticationError(thrown, ctx).message).toMatch(/AWS_MSK_IAM/)
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

// Issue 10, item 6: a credential source or kafkajs may throw anything; the answer is always a typed error.
describe('exotic thrown values', () => {
  it.each(EXOTIC_THROWN)('mapAuthenticationError maps %s to a typed error', (_name, make) => {
    const mapped = mapAuthenticationError(make(), ctx)
    expect(mapped).toBeInstanceOf(MskIamError)
    expect(mapped.message).toContain(ctx.broker)
  })
})
