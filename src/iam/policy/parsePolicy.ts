// Validates a policy document (any JSON value) and compiles it. Every problem names its statement and
// element; nothing a user can put in the document makes this throw.
import { IAM_POLICY_VERSION, IAM_POLICY_VERSION_2008 } from '../../constants.js'
import { MskIamError } from '../../errors.js'
import { ActionMatcher } from './ActionMatcher.js'
import {
  type CompiledPolicy,
  type CompiledStatement,
  describeProblem,
  type ParsePolicyResult,
  type PolicyProblem,
} from './CompiledPolicy.js'
import { type PolicyDocument, type PolicyKind, type PolicyStatement } from './PolicyDocument.js'
import { type PrincipalMatcher } from './PrincipalMatcher.js'
import { compileConditions, compilePrincipal, isObject, show, stringList } from './compileElements.js'
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
const ACTION = /^[a-z0-9-]+:[^\s]+$/i

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
