// Validates a policy document (any JSON value) and compiles it. Every problem names its statement and
// element; nothing a user can put in the document makes this throw.
import { IAM_POLICY_VERSION, IAM_POLICY_VERSION_2008 } from '../../constants.js'
import { MskIamError } from '../../errors.js'
import { ActionMatcher } from './ActionMatcher.js'
import { ConditionMatcher } from './ConditionMatcher.js'
import {
  type CompiledPolicy,
  type CompiledStatement,
  describeProblem,
  type ParsePolicyResult,
  type PolicyProblem,
} from './CompiledPolicy.js'
import { parseOperator } from './conditionOperators.js'
import { type PolicyDocument, type PolicyKind, type PolicyStatement } from './PolicyDocument.js'
import { PrincipalMatcher } from './PrincipalMatcher.js'
import { StringMatcher } from './StringMatcher.js'

export interface ParsePolicyOptions {
  /** `identity` (default) or `resource` (the cluster policy: needs Principal). */
  kind?: PolicyKind
  /** Used in explanations and problems; default `identity policy` / `cluster policy`. */
  name?: string
}

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement'])
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
])
const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser'])
const ACTION = /^[a-z0-9-]+:[^\s]+$/i

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const show = (value: unknown): string => {
  try {
    const text = JSON.stringify(value) ?? String(value)
    return text.length > 80 ? `${text.slice(0, 77)}...` : text
  } catch {
    return typeof value
  }
}

/** Validates and compiles `document`; the result lists every problem found when it is not valid. */
export function parsePolicy(document: unknown, options: ParsePolicyOptions = {}): ParsePolicyResult {
  const kind = options.kind ?? 'identity'
  const name = options.name ?? (kind === 'resource' ? 'cluster policy' : 'identity policy')
  const problems: PolicyProblem[] = []
  const problem = (statement: number | undefined, sid: string | undefined, field: string, message: string) =>
    problems.push({ policy: name, statement, sid, field, message })

  if (!isObject(document)) {
    problem(undefined, undefined, 'document', `must be a JSON object, got ${show(document)}`)
    return { ok: false, problems }
  }
  for (const key of Object.keys(document))
    if (!DOCUMENT_KEYS.has(key)) problem(undefined, undefined, key, 'is not a policy element (Version, Id, Statement)')
  const version = document.Version === undefined ? IAM_POLICY_VERSION_2008 : document.Version
  if (version !== IAM_POLICY_VERSION && version !== IAM_POLICY_VERSION_2008) {
    problem(undefined, undefined, 'Version', `must be "${IAM_POLICY_VERSION}", got ${show(document.Version)}`)
    return { ok: false, problems }
  }
  if (document.Id !== undefined && typeof document.Id !== 'string')
    problem(undefined, undefined, 'Id', `must be a string, got ${show(document.Id)}`)
  const raw = document.Statement
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  if (list.length === 0) problem(undefined, undefined, 'Statement', 'is missing or empty: the policy grants nothing')

  const variables = version === IAM_POLICY_VERSION
  const statements: CompiledStatement[] = []
  list.forEach((entry: unknown, index) => {
    if (!isObject(entry)) {
      problem(index, undefined, 'Statement', `must be an object, got ${show(entry)}`)
      return
    }
    const sid = typeof entry.Sid === 'string' ? entry.Sid : undefined
    const before = problems.length
    const at = (field: string, message: string) => problem(index, sid, field, message)
    const compiled = compileStatement(entry, index, sid, { kind, name, variables }, at)
    if (problems.length === before && compiled) statements.push(compiled)
  })
  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    policy: { compiled: true, name, kind, version, statements, document: document as unknown as PolicyDocument },
  }
}

/**
 * Like parsePolicy, but throws a `MskIamError` with code `INVALID_POLICY` listing the problems; accepts
 * an already compiled policy unchanged.
 */
export function compilePolicy(document: unknown, options: ParsePolicyOptions = {}): CompiledPolicy {
  if (isCompiledPolicy(document)) return document
  const result = parsePolicy(document, options)
  if (result.ok) return result.policy
  const lines = result.problems.map(describeProblem)
  throw new MskIamError('INVALID_POLICY', `Invalid IAM policy: ${lines.join('; ')}`, { retriable: false })
}

export function isCompiledPolicy(value: unknown): value is CompiledPolicy {
  return isObject(value) && value.compiled === true && Array.isArray(value.statements)
}

interface StatementContext {
  kind: PolicyKind
  name: string
  variables: boolean
}

function compileStatement(
  entry: Record<string, unknown>,
  index: number,
  sid: string | undefined,
  ctx: StatementContext,
  at: (field: string, message: string) => void,
): CompiledStatement | undefined {
  for (const key of Object.keys(entry)) if (!STATEMENT_KEYS.has(key)) at(key, 'is not a statement element')
  if (entry.Sid !== undefined && typeof entry.Sid !== 'string') at('Sid', `must be a string, got ${show(entry.Sid)}`)
  const effect = entry.Effect
  if (effect !== 'Allow' && effect !== 'Deny') at('Effect', `must be "Allow" or "Deny", got ${show(effect)}`)

  const actions = oneOf(entry, 'Action', 'NotAction', at)
  const actionList = actions && stringList(actions.value, actions.field, at)
  actionList?.forEach((action) => {
    if (action !== '*' && !ACTION.test(action))
      at(actions!.field, `${show(action)} is not "service:action" (for MSK: "kafka-cluster:WriteData") or "*"`)
  })
  const resources = oneOf(entry, 'Resource', 'NotResource', at)
  const resourceList = resources && stringList(resources.value, resources.field, at)
  resourceList?.forEach((resource) => {
    if (resource !== '*' && !resource.startsWith('arn:'))
      at(resources!.field, `${show(resource)} is not an ARN ("arn:aws:kafka:…") or "*"`)
  })

  let principal: PrincipalMatcher | undefined
  if (ctx.kind === 'identity') {
    for (const field of ['Principal', 'NotPrincipal'])
      if (entry[field] !== undefined) at(field, 'is only allowed in resource policies (the cluster policy)')
  } else {
    const element = oneOf(entry, 'Principal', 'NotPrincipal', at)
    if (element) principal = compilePrincipal(element.value, element.field === 'NotPrincipal', element.field, at)
  }

  const conditions = compileConditions(entry.Condition, ctx.variables, at)
  if (!actions || !actionList || !resources || !resourceList || !conditions) return undefined
  if (ctx.kind === 'resource' && !principal) return undefined
  const mode = ctx.kind === 'resource' ? 'resource-policy' : 'resource'
  return {
    ref: { policy: ctx.name, kind: ctx.kind, index, sid },
    effect: effect === 'Deny' ? 'Deny' : 'Allow',
    actions: new ActionMatcher(actionList, actions.field === 'NotAction'),
    resources: resourceList.map(
      (r) => new StringMatcher(r, { mode, ignoreCase: false, variables: ctx.variables, wildcards: true }),
    ),
    resourcesNegated: resources.field === 'NotResource',
    principal,
    conditions,
    source: entry as unknown as PolicyStatement,
  }
}

function oneOf(
  entry: Record<string, unknown>,
  field: string,
  notField: string,
  at: (field: string, message: string) => void,
): { field: string; value: unknown } | undefined {
  const has = entry[field] !== undefined
  const hasNot = entry[notField] !== undefined
  if (has && hasNot) at(field, `and ${notField} cannot both be given`)
  else if (!has && !hasNot) at(field, `is missing (give ${field} or ${notField})`)
  else return has ? { field, value: entry[field] } : { field: notField, value: entry[notField] }
  return undefined
}

function stringList(value: unknown, field: string, at: (field: string, message: string) => void) {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0) {
    at(field, 'is an empty list: the statement matches nothing')
    return undefined
  }
  const bad = list.find((v) => typeof v !== 'string' || v === '')
  if (bad !== undefined) {
    at(field, `must be a string or a list of strings, got ${show(bad)}`)
    return undefined
  }
  return list as string[]
}

function compilePrincipal(
  value: unknown,
  negated: boolean,
  field: string,
  at: (field: string, message: string) => void,
): PrincipalMatcher | undefined {
  if (value === '*') return new PrincipalMatcher(negated, true, [])
  if (!isObject(value)) {
    at(field, `must be "*" or an object such as {"AWS": "123456789012"}, got ${show(value)}`)
    return undefined
  }
  const aws: string[] = []
  let ok = true
  for (const [key, entries] of Object.entries(value)) {
    if (!PRINCIPAL_KEYS.has(key)) {
      at(`${field}.${key}`, 'is not a principal type (AWS, Service, Federated, CanonicalUser)')
      ok = false
      continue
    }
    const list = stringList(entries, `${field}.${key}`, at)
    if (!list) {
      ok = false
      continue
    }
    if (key !== 'AWS') continue
    for (const entry of list) {
      if (entry !== '*' && /[*?]/.test(entry)) {
        at(
          `${field}.AWS`,
          `${show(entry)}: wildcards are not allowed in principals (use a Condition on aws:PrincipalArn)`,
        )
        ok = false
      } else if (entry !== '*' && !/^\d{12}$/.test(entry) && !entry.startsWith('arn:')) {
        at(`${field}.AWS`, `${show(entry)} is not an account id, an ARN or "*"`)
        ok = false
      } else aws.push(entry)
    }
  }
  return ok ? new PrincipalMatcher(negated, false, aws) : undefined
}

function compileConditions(
  block: unknown,
  variables: boolean,
  at: (field: string, message: string) => void,
): ConditionMatcher[] | undefined {
  if (block === undefined) return []
  if (!isObject(block)) {
    at('Condition', `must be an object of operators, got ${show(block)}`)
    return undefined
  }
  const out: ConditionMatcher[] = []
  let ok = true
  for (const [operatorText, keys] of Object.entries(block)) {
    const operator = parseOperator(operatorText)
    if (!operator) {
      at(`Condition.${operatorText}`, 'is not an IAM condition operator')
      ok = false
      continue
    }
    if (!isObject(keys) || Object.keys(keys).length === 0) {
      at(`Condition.${operatorText}`, `must be an object of condition keys, got ${show(keys)}`)
      ok = false
      continue
    }
    for (const [key, raw] of Object.entries(keys)) {
      const field = `Condition.${operatorText}.${key}`
      const list = Array.isArray(raw) ? raw : [raw]
      if (key.trim() === '') {
        at(field, 'the condition key is empty')
        ok = false
        continue
      }
      const bad = list.find((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      if (list.length === 0 || bad !== undefined) {
        at(field, `needs a string, number or boolean value (or a list of them), got ${show(raw)}`)
        ok = false
        continue
      }
      const values = list.map(String)
      if (!operator.base && values.some((v) => v.toLowerCase() !== 'true' && v.toLowerCase() !== 'false')) {
        at(field, `Null takes "true" (key absent) or "false" (key present), got ${show(raw)}`)
        ok = false
        continue
      }
      out.push(new ConditionMatcher(operator, key, values, variables))
    }
  }
  return ok ? out : undefined
}
