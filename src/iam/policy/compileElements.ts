// The elements of a statement compiled one by one: string lists, Principal / NotPrincipal, Condition.
// Each reports its problems through `at(field, message)` and returns undefined when it has any.
import { ConditionMatcher } from './ConditionMatcher.js'
import { parseOperator } from './conditionOperators.js'
import { PrincipalMatcher } from './PrincipalMatcher.js'

export type ProblemSink = (field: string, message: string) => void

const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser'])

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
export const show = (value: unknown): string => {
  try {
    const text = JSON.stringify(value) ?? String(value)
    return text.length > 80 ? `${text.slice(0, 77)}...` : text
  } catch {
    return typeof value
  }
}

export function stringList(value: unknown, field: string, at: ProblemSink) {
  const list: unknown[] = Array.isArray(value) ? value : [value]
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

export function compilePrincipal(
  value: unknown,
  negated: boolean,
  field: string,
  at: ProblemSink,
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

export function compileConditions(block: unknown, variables: boolean, at: ProblemSink): ConditionMatcher[] | undefined {
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
      const list: unknown[] = Array.isArray(raw) ? raw : [raw]
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
