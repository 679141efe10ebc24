// IAM's condition operators: the base name, what it compares, and whether it is negated. Negated
// operators are true for a missing key; positive ones are false unless the name ends in IfExists.

export type ValueType = 'string' | 'stringIgnoreCase' | 'like' | 'numeric' | 'date' | 'bool' | 'ip' | 'arn' | 'binary'
export type Relation = 'eq' | 'lt' | 'le' | 'gt' | 'ge'

export interface OperatorSpec {
  /** As IAM spells it, e.g. `StringNotLike`. */
  name: string
  type: ValueType
  relation: Relation
  negated: boolean
  /** Policy variables are substituted in the values (String*, Arn*, Bool). */
  variables: boolean
}

const spec = (name: string, type: ValueType, relation: Relation, negated: boolean, variables: boolean) => ({
  name,
  type,
  relation,
  negated,
  variables,
})

const OPERATORS: readonly OperatorSpec[] = [
  spec('StringEquals', 'string', 'eq', false, true),
  spec('StringNotEquals', 'string', 'eq', true, true),
  spec('StringEqualsIgnoreCase', 'stringIgnoreCase', 'eq', false, true),
  spec('StringNotEqualsIgnoreCase', 'stringIgnoreCase', 'eq', true, true),
  spec('StringLike', 'like', 'eq', false, true),
  spec('StringNotLike', 'like', 'eq', true, true),
  spec('NumericEquals', 'numeric', 'eq', false, false),
  spec('NumericNotEquals', 'numeric', 'eq', true, false),
  spec('NumericLessThan', 'numeric', 'lt', false, false),
  spec('NumericLessThanEquals', 'numeric', 'le', false, false),
  spec('NumericGreaterThan', 'numeric', 'gt', false, false),
  spec('NumericGreaterThanEquals', 'numeric', 'ge', false, false),
  spec('DateEquals', 'date', 'eq', false, false),
  spec('DateNotEquals', 'date', 'eq', true, false),
  spec('DateLessThan', 'date', 'lt', false, false),
  spec('DateLessThanEquals', 'date', 'le', false, false),
  spec('DateGreaterThan', 'date', 'gt', false, false),
  spec('DateGreaterThanEquals', 'date', 'ge', false, false),
  spec('Bool', 'bool', 'eq', false, true),
  spec('BinaryEquals', 'binary', 'eq', false, false),
  spec('IpAddress', 'ip', 'eq', false, false),
  spec('NotIpAddress', 'ip', 'eq', true, false),
  spec('ArnEquals', 'arn', 'eq', false, true),
  spec('ArnLike', 'arn', 'eq', false, true),
  spec('ArnNotEquals', 'arn', 'eq', true, true),
  spec('ArnNotLike', 'arn', 'eq', true, true),
]

const BY_NAME = new Map(OPERATORS.map((op) => [op.name.toLowerCase(), op]))

export type SetQualifier = 'ForAnyValue' | 'ForAllValues' | undefined

/** An operator as written in a policy: `ForAllValues:StringLikeIfExists` → qualifier, base, IfExists. */
export interface ParsedOperator {
  text: string
  qualifier: SetQualifier
  ifExists: boolean
  /** undefined for `Null`, which tests presence only. */
  base: OperatorSpec | undefined
}

/** Parses an operator name (case-insensitively, as IAM does); undefined for an unknown operator. */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text
  let qualifier: SetQualifier
  const colon = rest.indexOf(':')
  if (colon !== -1) {
    const prefix = rest.slice(0, colon).toLowerCase()
    if (prefix === 'foranyvalue') qualifier = 'ForAnyValue'
    else if (prefix === 'forallvalues') qualifier = 'ForAllValues'
    else return undefined
    rest = rest.slice(colon + 1)
  }
  if (rest.toLowerCase() === 'null')
    return qualifier ? undefined : { text, qualifier, ifExists: false, base: undefined }
  const ifExists = rest.toLowerCase().endsWith('ifexists')
  const base = BY_NAME.get((ifExists ? rest.slice(0, -'IfExists'.length) : rest).toLowerCase())
  return base ? { text, qualifier, ifExists, base } : undefined
}
