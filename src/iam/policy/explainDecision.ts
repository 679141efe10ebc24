// Why a request was allowed or denied, in words a user acts on: the statement that allowed or denied
// it; for an implicit deny, the statements that almost matched and what each lacks (the action, the
// resource, the principal, a condition with the value the request had), and the statement to add.
import { type CompiledPolicy, type CompiledStatement } from './CompiledPolicy.js'
import { type ConditionMatcher } from './ConditionMatcher.js'
import {
  compilePolicySet,
  type CompiledPolicySet,
  evaluatePolicies,
  type PolicyDecision,
  type PolicySet,
  resourceMatches,
} from './evaluatePolicies.js'
import { describeStatement, type PolicyStatement, type StatementRef } from './PolicyDocument.js'
import { type ContextLookup } from './policyTemplate.js'
import {
  type IamRequest,
  contextLookup,
  isSuppliedContextKey,
  type PrincipalContext,
  principalContext,
} from './requestContext.js'

/** One element of a statement that kept it from applying. */
export interface Lack {
  element: 'Action' | 'Resource' | 'Principal' | 'Condition'
  /** Plain words: what the statement has and what the request was. */
  message: string
}

/** An Allow statement that matched part of the request. */
export interface NearMiss {
  statement: StatementRef
  lacks: Lack[]
}

export interface PolicyExplanation extends PolicyDecision {
  action: string
  resource: string
  principalArn: string
  /** One line: `DENY kafka-cluster:WriteData on arn:…: no statement allows it`. */
  summary: string
  /** Further lines, one finding each. */
  details: string[]
  nearMisses: NearMiss[]
  /** For an implicit deny: the statement to add, and to which policy. */
  suggestion: { policy: 'identity' | 'cluster'; statement: PolicyStatement } | undefined
}

const MAX_NEAR_MISSES = 3

/** Evaluates `request` like evaluatePolicies and explains the outcome. Slower: for denials and tools. */
export function explainDecision(set: PolicySet | CompiledPolicySet, request: IamRequest): PolicyExplanation {
  const policies = 'identity' in set ? set : compilePolicySet(set)
  const decision = evaluatePolicies(policies, request)
  const facts = principalContext(request.principal)
  const lookup = contextLookup(request, facts, { readTime: false })
  const head = `${request.action} on ${request.resource} for ${facts.callerArn}`
  const base = { ...decision, action: request.action, resource: request.resource, principalArn: facts.callerArn }
  if (decision.decision === 'Allow') {
    const by = decision.allowedBy.map(describeStatement).join(' and ')
    return { ...base, summary: `ALLOW ${head}: allowed by ${by}`, details: [], nearMisses: [], suggestion: undefined }
  }
  if (decision.deniedBy) {
    const statement = findStatement(policies, decision.deniedBy)
    const details = (statement?.conditions ?? []).map((c) => `its condition ${describeHeldCondition(c, lookup)}`)
    return {
      ...base,
      summary: `DENY ${head}: explicitly denied by ${describeStatement(decision.deniedBy)}`,
      details,
      nearMisses: [],
      suggestion: undefined,
    }
  }

  const action = request.action.toLowerCase()
  const identityAllows = policies.identity.some((p) => allows(p, action, request, lookup, facts))
  const clusterAllows = policies.cluster !== undefined && allows(policies.cluster, action, request, lookup, facts)
  const details: string[] = []
  let missing: 'identity' | 'cluster' = 'identity'
  let summary = `DENY ${head}: no statement allows it`
  if (decision.crossAccount && identityAllows && !clusterAllows) {
    missing = 'cluster'
    const what = policies.cluster ? 'the cluster policy does not' : 'the cluster has no cluster policy'
    summary = `DENY ${head}: the identity policy allows it, but ${what}; a principal of another account needs both`
  } else if (decision.crossAccount && clusterAllows && !identityAllows) {
    summary = `DENY ${head}: the cluster policy allows it, but no identity policy does; a principal of another account needs both`
  } else if (clusterAllows && !identityAllows) {
    summary = `DENY ${head}: the cluster policy allows it only for the account as a whole (Principal names the account), which delegates to the identity policies, and none of them allows it`
  }
  const searched = missing === 'cluster' ? (policies.cluster ? [policies.cluster] : []) : policies.identity
  const nearMisses = nearest(searched, action, request, lookup, facts)
  for (const miss of nearMisses)
    details.push(`${describeStatement(miss.statement)} almost matches; ${miss.lacks.map((l) => l.message).join('; ')}`)
  if (nearMisses.length === 0 && searched.some((p) => p.statements.length > 0))
    details.push('no Allow statement names this action and resource')
  const statement: PolicyStatement =
    missing === 'cluster'
      ? { Effect: 'Allow', Principal: { AWS: facts.principalArn }, Action: request.action, Resource: request.resource }
      : { Effect: 'Allow', Action: request.action, Resource: request.resource }
  return { ...base, summary, details, nearMisses, suggestion: { policy: missing, statement } }
}

function findStatement(policies: CompiledPolicySet, ref: StatementRef): CompiledStatement | undefined {
  const policy = ref.kind === 'resource' ? policies.cluster : policies.identity.find((p) => p.name === ref.policy)
  return policy?.statements[ref.index]
}

function allows(
  policy: CompiledPolicy,
  action: string,
  request: IamRequest,
  lookup: ContextLookup,
  facts: PrincipalContext,
): boolean {
  return policy.statements.some((s) => s.effect === 'Allow' && lacksOf(s, action, request, lookup, facts).length === 0)
}

function nearest(
  policies: readonly CompiledPolicy[],
  action: string,
  request: IamRequest,
  lookup: ContextLookup,
  facts: PrincipalContext,
): NearMiss[] {
  const candidates: NearMiss[] = []
  for (const policy of policies)
    for (const statement of policy.statements) {
      if (statement.effect !== 'Allow') continue
      const lacks = lacksOf(statement, action, request, lookup, facts)
      const matchedSomething =
        !lacks.some((l) => l.element === 'Action') || !lacks.some((l) => l.element === 'Resource')
      if (lacks.length > 0 && matchedSomething) candidates.push({ statement: statement.ref, lacks })
    }
  const fewest = Math.min(...candidates.map((c) => c.lacks.length))
  return candidates.filter((c) => c.lacks.length === fewest).slice(0, MAX_NEAR_MISSES)
}

function lacksOf(
  statement: CompiledStatement,
  action: string,
  request: IamRequest,
  lookup: ContextLookup,
  facts: PrincipalContext,
): Lack[] {
  const lacks: Lack[] = []
  const list = (values: readonly string[]) => values.join(', ')
  if (!statement.actions.test(action)) {
    lacks.push({
      element: 'Action',
      message: statement.actions.negated
        ? `its NotAction excludes ${request.action}`
        : `it lacks the action ${request.action} (it has ${list(statement.actions.patterns)})`,
    })
  }
  if (!resourceMatches(statement, request.resource, lookup)) {
    const written = statement.resources.map((m) => m.resolvedText(lookup) ?? `${m.source} (a variable has no value)`)
    lacks.push({
      element: 'Resource',
      message: statement.resourcesNegated
        ? `its NotResource excludes ${request.resource}`
        : `its Resource ${list(written)} does not match ${request.resource}`,
    })
  }
  if (statement.principal && statement.principal.match(facts) === false)
    lacks.push({ element: 'Principal', message: `its Principal does not name ${facts.callerArn}` })
  for (const condition of statement.conditions) {
    if (condition.test(lookup)) continue
    lacks.push({ element: 'Condition', message: `its condition ${describeFailedCondition(condition, lookup)}` })
  }
  return lacks
}

function showSeen(seen: string | readonly string[] | undefined): string {
  return typeof seen === 'string' ? `"${seen}"` : `[${(seen ?? []).map((s) => `"${s}"`).join(', ')}]`
}

function describeAbsent(condition: ConditionMatcher): string {
  return isSuppliedContextKey(condition.key)
    ? `${condition.keyText} is absent from this request`
    : `${condition.keyText} is absent: MSK never sets this key`
}

function describeFailedCondition(condition: ConditionMatcher, lookup: ContextLookup): string {
  const seen = lookup(condition.key)
  const wanted = `${condition.operator.text} ${condition.keyText} ${showSeen(condition.values)}`
  return seen === undefined
    ? `${wanted} fails: ${describeAbsent(condition)}`
    : `${wanted} fails: the request has ${showSeen(seen)}`
}

function describeHeldCondition(condition: ConditionMatcher, lookup: ContextLookup): string {
  const seen = lookup(condition.key)
  const wanted = `${condition.operator.text} ${condition.keyText} ${showSeen(condition.values)}`
  return seen === undefined
    ? `${wanted} holds because ${describeAbsent(condition)}`
    : `${wanted} holds: the request has ${showSeen(seen)}`
}
