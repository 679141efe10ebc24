// IAM's evaluation logic for one request against the principal's identity policies and the cluster's
// resource policy: an explicit Deny anywhere wins; otherwise an Allow is needed. For a principal of
// the cluster's own account an Allow in either policy is enough (a cluster policy that names only the
// account delegates to the identity policies); a principal of another account needs both.
import { type CompiledPolicy, type CompiledStatement } from './CompiledPolicy.js'
import { compilePolicy } from './parsePolicy.js'
import { type PolicyDocument, type StatementRef } from './PolicyDocument.js'
import { type ContextLookup } from './policyTemplate.js'
import { type PrincipalMatch } from './PrincipalMatcher.js'
import {
  type IamRequest,
  contextLookup,
  type LookupState,
  type PrincipalContext,
  principalContext,
} from './requestContext.js'

/** The policies a principal's requests are evaluated against. */
export interface PolicySet {
  /** The principal's identity policies (documents or compiled). */
  identityPolicies: ReadonlyArray<PolicyDocument | CompiledPolicy>
  /** The cluster policy (a resource policy with Principal), if the cluster has one. */
  clusterPolicy?: PolicyDocument | CompiledPolicy | undefined
}

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'

export interface PolicyDecision {
  decision: DecisionKind
  allowed: boolean
  /**
   * The outcome read aws:CurrentTime or aws:EpochTime: the same request may be decided differently
   * later, so the decision must not be cached.
   */
  timeDependent: boolean
  /** The principal's account differs from the resource's: both policies must allow. */
  crossAccount: boolean
  /** The Allow statements that granted it (identity and/or cluster policy). */
  allowedBy: StatementRef[]
  deniedBy: StatementRef | undefined
}

/** A policy set with every document compiled, as evaluatePolicies uses it. */
export interface CompiledPolicySet {
  identity: readonly CompiledPolicy[]
  cluster: CompiledPolicy | undefined
}

const compiledSets = new WeakMap<PolicySet, CompiledPolicySet>()
const compiledDocuments = new WeakMap<object, CompiledPolicy>()

function compileOnce(document: PolicyDocument | CompiledPolicy, kind: 'identity' | 'resource', name: string) {
  let compiled = compiledDocuments.get(document)
  if (!compiled) {
    compiled = compilePolicy(document, { kind, name })
    compiledDocuments.set(document, compiled)
  }
  return compiled
}

/**
 * Compiles every document of a policy set (once per set object: pass a new object after changing a
 * document). Throws a `MskIamError` (`INVALID_POLICY`) naming the statement and element of a bad document.
 */
export function compilePolicySet(set: PolicySet): CompiledPolicySet {
  let compiled = compiledSets.get(set)
  if (!compiled) {
    compiled = {
      identity: set.identityPolicies.map((p, i) => compileOnce(p, 'identity', `identity policy ${i + 1}`)),
      cluster:
        set.clusterPolicy === undefined ? undefined : compileOnce(set.clusterPolicy, 'resource', 'cluster policy'),
    }
    compiledSets.set(set, compiled)
  }
  return compiled
}

const ACCOUNT_OF_ARN = /^arn:[^:]*:[^:]*:[^:]*:([^:]*):/

/** Decides one request. Allocation-light: no explanation is built (see explainDecision for that). */
export function evaluatePolicies(set: PolicySet | CompiledPolicySet, request: IamRequest): PolicyDecision {
  const policies = 'identity' in set ? set : compilePolicySet(set)
  const facts = principalContext(request.principal)
  const state: LookupState = { readTime: false }
  const lookup = contextLookup(request, facts, state)
  const action = request.action.toLowerCase()
  const resourceAccount = ACCOUNT_OF_ARN.exec(request.resource)?.[1]
  const crossAccount = resourceAccount !== undefined && resourceAccount !== '' && resourceAccount !== facts.account

  let identityAllow: StatementRef | undefined
  let clusterAllow: StatementRef | undefined
  let clusterAllowKind: PrincipalMatch = false
  let deniedBy: StatementRef | undefined
  scan: for (const policy of policies.identity) {
    for (const statement of policy.statements) {
      if (statement.effect === 'Allow' && identityAllow) continue
      if (!statementApplies(statement, action, request.resource, lookup)) continue
      if (statement.effect === 'Deny') {
        deniedBy = statement.ref
        break scan
      }
      identityAllow = statement.ref
    }
  }
  if (!deniedBy && policies.cluster) {
    for (const statement of policies.cluster.statements) {
      if (statement.effect === 'Allow' && clusterAllowKind === 'principal') continue
      const principal = statement.principal?.match(facts) ?? false
      if (principal === false || !statementApplies(statement, action, request.resource, lookup)) continue
      if (statement.effect === 'Deny') {
        deniedBy = statement.ref
        break
      }
      if (clusterAllowKind !== 'principal') {
        clusterAllow = statement.ref
        clusterAllowKind = principal
      }
    }
  }
  const allowedBy: StatementRef[] = []
  let allowed = false
  if (!deniedBy) {
    if (crossAccount) allowed = identityAllow !== undefined && clusterAllow !== undefined
    else allowed = identityAllow !== undefined || clusterAllowKind === 'principal'
    if (allowed) {
      if (identityAllow) allowedBy.push(identityAllow)
      if (clusterAllow && (crossAccount || clusterAllowKind === 'principal')) allowedBy.push(clusterAllow)
    }
  }
  return {
    decision: deniedBy ? 'ExplicitDeny' : allowed ? 'Allow' : 'ImplicitDeny',
    allowed,
    timeDependent: state.readTime,
    crossAccount,
    allowedBy,
    deniedBy,
  }
}

/** Action, then Resource, then every condition (the principal is checked by the caller). */
export function statementApplies(
  statement: CompiledStatement,
  action: string,
  resource: string,
  lookup: ContextLookup,
): boolean {
  return (
    statement.actions.test(action) &&
    resourceMatches(statement, resource, lookup) &&
    statement.conditions.every((condition) => condition.test(lookup))
  )
}

export function resourceMatches(statement: CompiledStatement, resource: string, lookup: ContextLookup): boolean {
  let listed = false
  for (const matcher of statement.resources) {
    if (matcher.test(resource, lookup)) {
      listed = true
      break
    }
  }
  return listed !== statement.resourcesNegated
}

export type { PrincipalContext }
