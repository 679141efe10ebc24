// A policy document after validation: every string compiled to a matcher, once per document.
import { type ActionMatcher } from './ActionMatcher.js'
import { type ConditionMatcher } from './ConditionMatcher.js'
import { type PolicyDocument, type PolicyKind, type PolicyStatement, type StatementRef } from './PolicyDocument.js'
import { type PrincipalMatcher } from './PrincipalMatcher.js'
import { type StringMatcher } from './StringMatcher.js'

export interface CompiledStatement {
  readonly ref: StatementRef
  readonly effect: 'Allow' | 'Deny'
  readonly actions: ActionMatcher
  readonly resources: readonly StringMatcher[]
  /** NotResource: the statement applies to every resource the list does not match. */
  readonly resourcesNegated: boolean
  /** Resource policies only. */
  readonly principal: PrincipalMatcher | undefined
  readonly conditions: readonly ConditionMatcher[]
  /** The statement as written, for explanations. */
  readonly source: PolicyStatement
}

export interface CompiledPolicy {
  readonly compiled: true
  readonly name: string
  readonly kind: PolicyKind
  /** `2012-10-17`, or `2008-10-17` when the document has no Version (no policy variables then). */
  readonly version: string
  readonly statements: readonly CompiledStatement[]
  readonly document: PolicyDocument
}

/** One thing wrong with a policy document, naming the statement and the element. */
export interface PolicyProblem {
  policy: string
  /** 0-based statement index; undefined for a problem of the document itself. */
  statement: number | undefined
  sid: string | undefined
  /** The element: `Effect`, `Action`, `Condition.StringLike.aws:PrincipalTag/team`, … */
  field: string
  message: string
}

export type ParsePolicyResult = { ok: true; policy: CompiledPolicy } | { ok: false; problems: PolicyProblem[] }

/** `orders-policy, statement 2 ("Produce"), Action: …` */
export function describeProblem(problem: PolicyProblem): string {
  const where =
    problem.statement === undefined
      ? problem.policy
      : `${problem.policy}, statement ${problem.statement + 1}${problem.sid ? ` ("${problem.sid}")` : ''}`
  return `${where}, ${problem.field}: ${problem.message}`
}
