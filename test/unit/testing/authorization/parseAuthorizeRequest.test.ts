// The decision service's validation of POST /authorize: the exact shape the Java authorizer writes is accepted, and
// anything else is refused with a reason naming the field, never an exception.
import fc from 'fast-check'
import { parseAuthorizeRequest } from '../../../../src/testing/authorization/parseAuthorizeRequest.js'
import { propertyRuns } from '../../../helpers/propertySeed.js'

/** A body as a mutator sees it: JSON objects whose fields may be removed, added or set to anything. */
interface Body {
  [field: string]: unknown
  context: Record<string, unknown>
  actions: Record<string, unknown>[]
}

const valid = () => ({
  authorizer: 'node1-broker-1a2b3c4d',
  principal: 'msk-iam:e1:plaintext-1',
  context: {
    listenerName: 'IAM_UPSTREAM',
    securityProtocol: 'SASL_PLAINTEXT',
    clientAddress: '127.0.0.1',
    apiKey: 3,
    apiName: 'Metadata',
    apiVersion: 12,
    correlationId: 7,
    clientId: 'kafkajs',
  },
  actions: [
    {
      operation: 'DESCRIBE',
      resourceType: 'TOPIC',
      resourceName: 'orders',
      patternType: 'LITERAL',
      logIfAllowed: true,
      logIfDenied: true,
    },
  ],
})

const errorOf = (body: unknown): string => {
  const parsed = parseAuthorizeRequest(body)
  if (parsed.ok) throw new Error('expected a refusal')
  return parsed.error
}

describe('parseAuthorizeRequest', () => {
  it('accepts the authorizer’s shape, nulls included', () => {
    const body = valid()
    Object.assign(body.context, { securityProtocol: null, clientAddress: null, apiName: null, clientId: null })
    body.actions.push({ ...body.actions[0]!, resourceName: '', operation: 'IDEMPOTENT_WRITE', resourceType: 'CLUSTER' })
    expect(parseAuthorizeRequest(body)).toEqual({ ok: true, value: body })
  })

  it.each([
    ['a missing field', (b: Body) => delete b.principal, 'body.principal is missing'],
    ['an unexpected field', (b: Body) => (b.extra = 1), 'body.extra is not expected'],
    ['an unexpected context field', (b: Body) => (b.context.user = 'x'), 'context.user is not expected'],
    ['an empty principal', (b: Body) => (b.principal = ''), 'principal must be a non-empty string'],
    ['a non-integer api key', (b: Body) => (b.context.apiKey = 3.5), 'context.apiKey must be a 32-bit integer'],
    [
      'an api version beyond int32',
      (b: Body) => (b.context.apiVersion = 2 ** 31),
      'context.apiVersion must be a 32-bit integer',
    ],
    ['a numeric client id', (b: Body) => (b.context.clientId = 5), 'context.clientId must be a string or null'],
    ['no actions', (b: Body) => (b.actions = []), 'actions must be a non-empty array'],
    ['actions not an array', (b: Body) => Object.assign(b, { actions: {} }), 'actions must be a non-empty array'],
    [
      'an unknown operation',
      (b: Body) => (b.actions[0]!.operation = 'describe'),
      'actions[0].operation is not a Kafka 4.3 name',
    ],
    [
      'an unknown resource type',
      (b: Body) => (b.actions[0]!.resourceType = 'BROKER'),
      'actions[0].resourceType is not a Kafka 4.3 name',
    ],
    [
      'an unknown pattern type',
      (b: Body) => (b.actions[0]!.patternType = 'GLOB'),
      'actions[0].patternType is not a Kafka 4.3 name',
    ],
    [
      'a null resource name',
      (b: Body) => (b.actions[0]!.resourceName = null),
      'actions[0].resourceName must be a string',
    ],
    ['a string flag', (b: Body) => (b.actions[0]!.logIfDenied = 'true'), 'actions[0].logIfDenied must be a boolean'],
    ['an array action', (b: Body) => Object.assign(b.actions, { 0: [] }), 'actions[0] must be an object'],
  ])('refuses %s', (_what, mutate, error) => {
    const body = valid()
    mutate(body)
    expect(errorOf(body)).toBe(error)
  })

  it.each([null, 'x', 3, [], true])('refuses a body that is %p', (body) => {
    expect(errorOf(body)).toBe('body must be an object')
  })

  it('never throws, whatever JSON arrives', () => {
    const mutated = fc.tuple(fc.jsonValue(), fc.constantFrom('principal', 'context', 'actions', 'authorizer'))
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated), (input) => {
        const body =
          Array.isArray(input) && input.length === 2 && typeof input[1] === 'string'
            ? { ...valid(), [input[1]]: input[0] }
            : input
        const parsed = parseAuthorizeRequest(body)
        return parsed.ok || (typeof parsed.error === 'string' && parsed.error.length > 0)
      }),
      propertyRuns(2000),
    )
  })
})
