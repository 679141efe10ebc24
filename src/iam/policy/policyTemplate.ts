// Policy strings as token lists: literal text, the wildcards `*` and `?`, and policy variables
// (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`), with IAM's escapes `${*}`, `${?}`, `${$}`.

export type TemplateToken =
  | { kind: 'text'; text: string }
  | { kind: 'star' }
  | { kind: 'one' }
  /** `key` is lower case: condition key names are case-insensitive. */
  | { kind: 'variable'; key: string; fallback: string | undefined; source: string }

/** Looks up a request context key (lower case); multi-valued keys come back as arrays. */
export type ContextLookup = (key: string) => string | readonly string[] | undefined

const ESCAPES: Readonly<Record<string, string>> = { '${*}': '*', '${?}': '?', '${$}': '$' }
// `${key}` or `${key, 'default'}`; IAM's key names are letters, digits and :/_-.@ (tag keys allow more).
const VARIABLE = /^\$\{\s*([^\s,'{}]+)\s*(?:,\s*'([^']*)'\s*)?\}$/

/**
 * Splits a policy string into tokens. `variables` is false for 2008-10-17 documents (no Version), where
 * `${…}` is plain text; `wildcards` is false for operators that compare literally (StringEquals).
 */
export function parseTemplate(text: string, options: { variables: boolean; wildcards: boolean }): TemplateToken[] {
  const tokens: TemplateToken[] = []
  let literal = ''
  const flush = (): void => {
    if (literal !== '') tokens.push({ kind: 'text', text: literal })
    literal = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (options.wildcards && (c === '*' || c === '?')) {
      flush()
      tokens.push(c === '*' ? { kind: 'star' } : { kind: 'one' })
      continue
    }
    if (options.variables && c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2)
      const source = end === -1 ? '' : text.slice(i, end + 1)
      const escape = ESCAPES[source]
      const variable = VARIABLE.exec(source)
      if (escape !== undefined) {
        literal += escape
        i = end
        continue
      }
      if (variable?.[1] !== undefined) {
        flush()
        tokens.push({ kind: 'variable', key: variable[1].toLowerCase(), fallback: variable[2], source })
        i = end
        continue
      }
    }
    literal += c
  }
  flush()
  return tokens
}

export function hasVariables(tokens: readonly TemplateToken[]): boolean {
  return tokens.some((t) => t.kind === 'variable')
}

export function hasWildcards(tokens: readonly TemplateToken[]): boolean {
  return tokens.some((t) => t.kind === 'star' || t.kind === 'one')
}

/**
 * A variable's value, or undefined when it cannot be resolved: IAM leaves a statement whose variable has
 * no value (and no default) unable to match, and a multi-valued key cannot stand in a string.
 */
export function resolveVariable(token: { key: string; fallback: string | undefined }, lookup: ContextLookup) {
  const value = lookup(token.key)
  if (typeof value === 'string') return value
  return value === undefined ? token.fallback : undefined
}
