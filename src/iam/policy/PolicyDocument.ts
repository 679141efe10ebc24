// The IAM policy language as JSON: what users write and what parsePolicy() accepts.

/** A value a condition compares against: IAM accepts strings, numbers and booleans, alone or in an array. */
export type ConditionValue = string | number | boolean

/** `{ "StringEquals": { "aws:PrincipalTag/team": ["orders"] } }`: operator → condition key → value(s). */
export type ConditionBlock = Record<string, Record<string, ConditionValue | ConditionValue[]>>

/** `"*"` or `{ "AWS": "123456789012" | "arn:aws:iam::…" | [...] }` (resource policies only). */
export type PrincipalElement =
  '*' | Partial<Record<'AWS' | 'Service' | 'Federated' | 'CanonicalUser', string | string[]>>

/** One statement of a policy document. */
export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Principal?: PrincipalElement
  NotPrincipal?: PrincipalElement
  Condition?: ConditionBlock
}

/** An IAM policy document: an identity policy, or a resource policy such as an MSK cluster policy. */
export interface PolicyDocument {
  Version?: string
  Id?: string
  Statement: PolicyStatement | PolicyStatement[]
}

/** Identity policies are attached to the principal; a resource policy (the cluster policy) names principals. */
export type PolicyKind = 'identity' | 'resource'

/** Points at one statement of one policy, for explanations: `Sid` when it has one, else its index. */
export interface StatementRef {
  /** The policy's name (given to parsePolicy, else `identity policy 1`, `cluster policy`). */
  policy: string
  kind: PolicyKind
  /** 0-based position in the document's Statement array. */
  index: number
  sid: string | undefined
}

/** How explanations name a statement: `Sid "Produce" of orders-policy` or `statement 2 of orders-policy`. */
export function describeStatement(ref: StatementRef): string {
  return ref.sid !== undefined && ref.sid !== ''
    ? `statement "${ref.sid}" of ${ref.policy}`
    : `statement ${ref.index + 1} of ${ref.policy}`
}
