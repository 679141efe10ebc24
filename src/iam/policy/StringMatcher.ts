// Compiled policy strings: each Action, Resource and condition value is compiled once per policy into
// an equality test, a prefix test or one regular expression. Strings with policy variables are resolved
// per request; their compiled forms are cached per resolved text.
import { IAM_RESOLVED_PATTERN_CACHE_SIZE } from '../../constants.js'
import {
  type ContextLookup,
  hasVariables,
  hasWildcards,
  parseTemplate,
  resolveVariable,
  type TemplateToken,
} from './policyTemplate.js'

/**
 * How a string is matched.
 * - `plain`: the whole string (actions, StringLike).
 * - `arn`: IAM's ARN rule (ArnLike, and Resource): six colon-separated parts matched one by one, a
 *   wildcard never crosses a colon except in the last part (the resource, where `*` spans `/` and `:`).
 * - `resource` adds the Resource element's rules: the resource-type word before the first `/` or `:` of
 *   the last part is literal ("you can't use a wildcard in the portion of the ARN that specifies the
 *   resource type"), and an ARN with fewer than six parts is padded with `*` parts (resource policies:
 *   only when it has a wildcard; without one it matches nothing).
 */
export type MatchMode = 'plain' | 'arn' | 'resource' | 'resource-policy'

export interface MatcherOptions {
  mode: MatchMode
  ignoreCase: boolean
  /** Policy variables are substituted (Version 2012-10-17 only). */
  variables: boolean
  /** `*` and `?` are wildcards (false for StringEquals and friends). */
  wildcards: boolean
}

export class StringMatcher {
  readonly source: string
  readonly usesVariables: boolean
  private readonly tokens: TemplateToken[]
  private readonly options: MatcherOptions
  private readonly exact: string | undefined
  private readonly regex: RegExp | undefined
  /** Literal pieces every match contains, tested (last first) before the regular expression runs. */
  private readonly required: readonly string[] = []
  private readonly always: boolean
  private readonly never: boolean = false
  private readonly resolved = new Map<string, RegExp | string | false>()

  constructor(source: string, options: MatcherOptions) {
    this.source = source
    this.options = options
    this.tokens = parseTemplate(source, options)
    this.usesVariables = hasVariables(this.tokens)
    this.always = options.wildcards && source === '*'
    if (this.always || this.usesVariables) return
    const compiled = compileTokens(this.tokens, options)
    if (compiled === false) this.never = true
    else if (typeof compiled === 'string') this.exact = compiled
    else {
      this.regex = compiled
      this.required = this.tokens
        .flatMap((t) =>
          t.kind === 'text' && t.text.length >= 2 ? [options.ignoreCase ? t.text.toLowerCase() : t.text] : [],
        )
        .reverse()
    }
  }

  /** `value` must already be lower case when the matcher ignores case. */
  test(value: string, lookup: ContextLookup): boolean {
    return this.match(value, lookup) === true
  }

  /** Like test(), but undefined when a policy variable in the pattern has no value. */
  match(value: string, lookup: ContextLookup): boolean | undefined {
    if (this.always) return true
    if (this.never) return false
    if (this.exact !== undefined) return this.exact === value
    if (this.regex !== undefined) {
      for (const piece of this.required) if (!value.includes(piece)) return false
      return this.regex.test(value)
    }
    const compiled = this.resolve(lookup)
    if (compiled === undefined) return undefined
    if (compiled === false) return false
    return typeof compiled === 'string' ? compiled === value : compiled.test(value)
  }

  /** The text after variable substitution, or undefined when a variable has no value. */
  resolvedText(lookup: ContextLookup): string | undefined {
    let text = ''
    for (const token of this.tokens) {
      if (token.kind === 'text') text += token.text
      else if (token.kind === 'star') text += '*'
      else if (token.kind === 'one') text += '?'
      else {
        const value = resolveVariable(token, lookup)
        if (value === undefined) return undefined
        text += value
      }
    }
    return text
  }

  private resolve(lookup: ContextLookup): RegExp | string | false | undefined {
    let key = ''
    const values: Array<string | undefined> = []
    for (const token of this.tokens) {
      if (token.kind !== 'variable') continue
      const value = resolveVariable(token, lookup)
      if (value === undefined) return undefined
      values.push(value)
      key += `${value.length}:${value}`
    }
    let compiled = this.resolved.get(key)
    if (compiled === undefined) {
      let next = 0
      const concrete = this.tokens.map((t): TemplateToken => (t.kind === 'variable' ? literal(values[next++]) : t))
      compiled = compileTokens(concrete, this.options)
      if (this.resolved.size >= IAM_RESOLVED_PATTERN_CACHE_SIZE) this.resolved.clear()
      this.resolved.set(key, compiled)
    }
    return compiled
  }
}

function literal(text: string | undefined): TemplateToken {
  return { kind: 'text', text: text ?? '' }
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g
const escapeRegex = (text: string): string => text.replace(REGEX_SPECIAL, '\\$&')

/** A string for equality, a regular expression, or false for a pattern that can match nothing. */
function compileTokens(tokens: readonly TemplateToken[], options: MatcherOptions): RegExp | string | false {
  const fold = (text: string): string => (options.ignoreCase ? text.toLowerCase() : text)
  if (options.mode === 'plain') {
    if (!hasWildcards(tokens)) return fold(tokens.map((t) => (t.kind === 'text' ? t.text : '')).join(''))
    let source = ''
    for (const t of tokens) source += t.kind === 'text' ? escapeRegex(fold(t.text)) : t.kind === 'star' ? '.*' : '.'
    return new RegExp(`^${source}$`, 's')
  }
  return compileArn(tokens, options, fold)
}

/** The ARN modes: the tokens regrouped into the six parts, each part compiled with its own wildcard scope. */
function compileArn(
  tokens: readonly TemplateToken[],
  options: MatcherOptions,
  fold: (text: string) => string,
): RegExp | string | false {
  const parts: TemplateToken[][] = [[]]
  for (const token of tokens) {
    if (token.kind !== 'text' || parts.length === 6) {
      parts[parts.length - 1]?.push(token)
      continue
    }
    const pieces = token.text.split(':')
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (parts.length < 6) parts.push([])
        else piece = `:${piece}`
      }
      if (piece !== '') parts[parts.length - 1]?.push({ kind: 'text', text: piece })
    })
  }
  const resource = options.mode === 'resource' || options.mode === 'resource-policy'
  if (parts.length < 6 && resource) {
    if (options.mode === 'resource-policy' && !hasWildcards(tokens)) return false
    while (parts.length < 6) parts.push([{ kind: 'star' }])
  }
  let wildcard = false
  const sources = parts.map((part, index) => {
    const last = index === 5
    let typeWordOpen = resource && last && part.some((t) => t.kind === 'text' && /[/:]/.test(t.text))
    let source = ''
    for (const t of part) {
      if (t.kind === 'text') {
        if (typeWordOpen) {
          const end = t.text.search(/[/:]/)
          if (end !== -1) typeWordOpen = false
        }
        source += escapeRegex(fold(t.text))
      } else if (typeWordOpen) {
        source += escapeRegex(t.kind === 'star' ? '*' : '?')
      } else {
        wildcard = true
        source += t.kind === 'star' ? (last ? '.*' : '[^:]*') : last ? '.' : '[^:]'
      }
    }
    return source
  })
  if (!wildcard) {
    const unescape = (s: string): string => s.replace(/\\(.)/g, '$1')
    return sources.map(unescape).join(':')
  }
  return new RegExp(`^${sources.join(':')}$`, 's')
}
