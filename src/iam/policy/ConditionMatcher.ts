// One compiled condition (operator, key, values). IAM's rules: values of one key are ORed; a negated
// operator holds when no value matches; a missing key fails positive operators and satisfies negated
// ones and every …IfExists; ForAnyValue needs one request value to pass (none present: false),
// ForAllValues needs every request value to pass (none present: true).
import * as net from 'node:net'
import { type ParsedOperator } from './conditionOperators.js'
import { type ContextLookup } from './policyTemplate.js'
import { StringMatcher } from './StringMatcher.js'

/** Compares one request value with one policy value: true, false, or undefined when either is invalid. */
type Comparator = (requestValue: string, lookup: ContextLookup) => boolean | undefined

export interface ConditionOutcome {
  passed: boolean
  /** What the request context held for the key (undefined: absent). */
  seen: string | readonly string[] | undefined
}

export class ConditionMatcher {
  readonly operator: ParsedOperator
  /** The key as written in the policy. */
  readonly keyText: string
  /** Lower case: condition keys are case-insensitive. */
  readonly key: string
  readonly values: readonly string[]
  private readonly comparators: Comparator[]

  constructor(operator: ParsedOperator, keyText: string, values: readonly string[], variables: boolean) {
    this.operator = operator
    this.keyText = keyText
    this.key = keyText.toLowerCase()
    this.values = values
    this.comparators = operator.base ? values.map((v) => comparator(operator, v, variables)) : []
  }

  test(lookup: ContextLookup): boolean {
    const seen = lookup(this.key)
    const { operator } = this
    if (!operator.base) {
      const want = seen === undefined ? 'true' : 'false'
      return this.values.some((v) => v.toLowerCase() === want)
    }
    if (seen === undefined) {
      if (operator.ifExists) return true
      if (operator.qualifier === 'ForAllValues') return true
      if (operator.qualifier === 'ForAnyValue') return false
      return operator.base.negated
    }
    if (operator.qualifier === undefined) {
      // A single-valued operator on a multi-valued key never matches: IAM requires a set qualifier.
      return typeof seen === 'string' && this.single(seen, lookup)
    }
    const all = typeof seen === 'string' ? [seen] : seen
    if (operator.qualifier === 'ForAnyValue') return all.some((value) => this.single(value, lookup))
    return all.every((value) => this.single(value, lookup))
  }

  /** The outcome with what the request held, for explanations. */
  explain(lookup: ContextLookup): ConditionOutcome {
    return { passed: this.test(lookup), seen: lookup(this.key) }
  }

  private single(requestValue: string, lookup: ContextLookup): boolean {
    const negated = this.operator.base?.negated === true
    for (const compare of this.comparators) {
      const result = compare(requestValue, lookup)
      if (negated ? result !== false : result === true) return !negated
    }
    return negated
  }
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
const EPOCH_SECONDS = /^-?\d+$/

function parseNumber(text: string): number | undefined {
  return NUMBER.test(text.trim()) ? Number(text) : undefined
}

/** ISO 8601 dates, or epoch seconds (aws:EpochTime's form). */
export function parseIamDate(text: string): number | undefined {
  if (EPOCH_SECONDS.test(text)) return Number(text) * 1000
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

function relate(relation: string, request: number, policy: number): boolean {
  switch (relation) {
    case 'lt':
      return request < policy
    case 'le':
      return request <= policy
    case 'gt':
      return request > policy
    case 'ge':
      return request >= policy
    default:
      return request === policy
  }
}

function comparator(operator: ParsedOperator, value: string, variables: boolean): Comparator {
  const base = operator.base!
  const withVariables = variables && base.variables
  switch (base.type) {
    case 'string':
    case 'stringIgnoreCase':
    case 'like':
    case 'arn': {
      const ignoreCase = base.type === 'stringIgnoreCase'
      const matcher = new StringMatcher(value, {
        mode: base.type === 'arn' ? 'arn' : 'plain',
        ignoreCase,
        variables: withVariables,
        wildcards: base.type === 'like' || base.type === 'arn',
      })
      return (request, lookup) => matcher.match(ignoreCase ? request.toLowerCase() : request, lookup)
    }
    case 'numeric': {
      const policy = parseNumber(value)
      return (request) => {
        const n = parseNumber(request)
        return policy === undefined || n === undefined ? undefined : relate(base.relation, n, policy)
      }
    }
    case 'date': {
      const policy = parseIamDate(value)
      return (request) => {
        const ms = parseIamDate(request)
        return policy === undefined || ms === undefined ? undefined : relate(base.relation, ms, policy)
      }
    }
    case 'bool': {
      const matcher = new StringMatcher(value, {
        mode: 'plain',
        ignoreCase: true,
        variables: withVariables,
        wildcards: false,
      })
      return (request, lookup) => {
        const policy = matcher.resolvedText(lookup)?.toLowerCase()
        const got = request.toLowerCase()
        if ((policy !== 'true' && policy !== 'false') || (got !== 'true' && got !== 'false')) return undefined
        return policy === got
      }
    }
    case 'ip': {
      const list = ipBlock(value)
      return (request) => {
        const family = net.isIP(request)
        if (list === undefined || family === 0) return undefined
        return list.check(request, family === 4 ? 'ipv4' : 'ipv6')
      }
    }
    case 'binary':
      return (request) => request === value
  }
}

/** A CIDR block (or single address) as a BlockList; undefined when the policy value is not one. */
function ipBlock(value: string): net.BlockList | undefined {
  const [address = '', prefixText] = value.trim().split('/')
  const family = net.isIP(address)
  if (family === 0) return undefined
  const type = family === 4 ? 'ipv4' : 'ipv6'
  const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return undefined
  const list = new net.BlockList()
  list.addSubnet(address, prefix, type)
  return list
}
