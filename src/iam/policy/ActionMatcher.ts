// An Action / NotAction list compiled once: IAM matches actions case-insensitively; the service prefix
// is literal and `*` / `?` may appear anywhere after the colon (`kafka-cluster:*Topic`).

export class ActionMatcher {
  readonly negated: boolean
  readonly patterns: readonly string[]
  private readonly any: boolean
  private readonly exact: Set<string>
  private readonly regex: RegExp | undefined

  constructor(patterns: readonly string[], negated: boolean) {
    this.negated = negated
    this.patterns = patterns
    this.any = patterns.includes('*')
    this.exact = new Set()
    const globs: string[] = []
    for (const pattern of patterns) {
      const lower = pattern.toLowerCase()
      if (!/[*?]/.test(lower)) this.exact.add(lower)
      else if (lower !== '*') globs.push(globSource(lower))
    }
    this.regex = globs.length === 0 ? undefined : new RegExp(`^(?:${globs.join('|')})$`, 's')
  }

  /** Whether the statement applies to `action`, which must be lower case. */
  test(action: string): boolean {
    return this.listed(action) !== this.negated
  }

  /** Whether `action` (lower case) is one the list names, ignoring NotAction's negation. */
  listed(action: string): boolean {
    return this.any || this.exact.has(action) || (this.regex !== undefined && this.regex.test(action))
  }
}

/** `service:pattern` → regex source; wildcards before the colon stay literal (IAM has no service wildcards). */
function globSource(pattern: string): string {
  const colon = pattern.indexOf(':')
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const service = colon === -1 ? '' : escape(pattern.slice(0, colon + 1))
  const name = colon === -1 ? pattern : pattern.slice(colon + 1)
  let source = ''
  for (const c of name) source += c === '*' ? '.*' : c === '?' ? '.' : escape(c)
  return service + source
}
