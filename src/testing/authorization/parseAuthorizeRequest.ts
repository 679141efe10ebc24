import {
  KAFKA_ACL_OPERATIONS,
  KAFKA_PATTERN_TYPES,
  KAFKA_RESOURCE_TYPES,
  type KafkaAction,
  type KafkaRequestContext,
} from './types.js'

// POST /authorize body, as the Java authorizer writes it (DecisionMessages.java):
//   {"authorizer": str, "principal": str,
//    "context": {"listenerName": str, "securityProtocol": str|null, "clientAddress": str|null, "apiKey": int,
//                "apiName": str|null, "apiVersion": int, "correlationId": int, "clientId": str|null},
//    "actions": [{"operation": str, "resourceType": str, "resourceName": str, "patternType": str,
//                 "logIfAllowed": bool, "logIfDenied": bool}, …]}   (Kafka's enum names, see types.ts)
// Unknown fields are refused too: a mismatch between the two sides should fail loudly in tests.

export interface AuthorizeCall {
  authorizer: string
  principal: string
  context: KafkaRequestContext
  actions: KafkaAction[]
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

class BadRequest extends Error {}

const OPERATIONS: ReadonlySet<string> = new Set(KAFKA_ACL_OPERATIONS)
const RESOURCE_TYPES: ReadonlySet<string> = new Set(KAFKA_RESOURCE_TYPES)
const PATTERN_TYPES: ReadonlySet<string> = new Set(KAFKA_PATTERN_TYPES)

const CALL_KEYS = ['authorizer', 'principal', 'context', 'actions']
const CONTEXT_KEYS = [
  'listenerName',
  'securityProtocol',
  'clientAddress',
  'apiKey',
  'apiName',
  'apiVersion',
  'correlationId',
  'clientId',
]
const ACTION_KEYS = ['operation', 'resourceType', 'resourceName', 'patternType', 'logIfAllowed', 'logIfDenied']

/** Validates a parsed JSON body; never throws. */
export function parseAuthorizeRequest(body: unknown): Parsed<AuthorizeCall> {
  try {
    const call = record(body, 'body', CALL_KEYS)
    const context = record(call['context'], 'context', CONTEXT_KEYS)
    const actions = call['actions']
    if (!Array.isArray(actions) || actions.length === 0) throw new BadRequest('actions must be a non-empty array')
    return {
      ok: true,
      value: {
        authorizer: text(call['authorizer'], 'authorizer'),
        principal: text(call['principal'], 'principal'),
        context: {
          listenerName: text(context['listenerName'], 'context.listenerName'),
          securityProtocol: nullableText(context['securityProtocol'], 'context.securityProtocol'),
          clientAddress: nullableText(context['clientAddress'], 'context.clientAddress'),
          apiKey: int(context['apiKey'], 'context.apiKey'),
          apiName: nullableText(context['apiName'], 'context.apiName'),
          apiVersion: int(context['apiVersion'], 'context.apiVersion'),
          correlationId: int(context['correlationId'], 'context.correlationId'),
          clientId: nullableText(context['clientId'], 'context.clientId'),
        },
        actions: actions.map((raw, i) => action(raw, `actions[${i}]`)),
      },
    }
  } catch (err) {
    if (err instanceof BadRequest) return { ok: false, error: err.message }
    throw err
  }
}

function action(raw: unknown, where: string): KafkaAction {
  const a = record(raw, where, ACTION_KEYS)
  return {
    operation: member(a['operation'], OPERATIONS, `${where}.operation`) as KafkaAction['operation'],
    resourceType: member(a['resourceType'], RESOURCE_TYPES, `${where}.resourceType`) as KafkaAction['resourceType'],
    resourceName: text(a['resourceName'], `${where}.resourceName`, true),
    patternType: member(a['patternType'], PATTERN_TYPES, `${where}.patternType`) as KafkaAction['patternType'],
    logIfAllowed: bool(a['logIfAllowed'], `${where}.logIfAllowed`),
    logIfDenied: bool(a['logIfDenied'], `${where}.logIfDenied`),
  }
}

function record(value: unknown, where: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequest(`${where} must be an object`)
  const obj = value as Record<string, unknown>
  for (const key of Object.keys(obj)) if (!keys.includes(key)) throw new BadRequest(`${where}.${key} is not expected`)
  for (const key of keys) if (!(key in obj)) throw new BadRequest(`${where}.${key} is missing`)
  return obj
}

function text(value: unknown, where: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0))
    throw new BadRequest(`${where} must be a${allowEmpty ? '' : ' non-empty'} string`)
  return value
}

function nullableText(value: unknown, where: string): string | null {
  if (value === null) return null
  if (typeof value !== 'string') throw new BadRequest(`${where} must be a string or null`)
  return value
}

function int(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)
    throw new BadRequest(`${where} must be a 32-bit integer`)
  return value
}

function bool(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new BadRequest(`${where} must be a boolean`)
  return value
}

function member(value: unknown, allowed: ReadonlySet<string>, where: string): string {
  if (typeof value !== 'string' || !allowed.has(value)) throw new BadRequest(`${where} is not a Kafka 4.3 name`)
  return value
}
