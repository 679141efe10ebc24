/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The options a command takes. */
export interface CommandArgsSpec {
  /** Options with a value: `--name value` or `--name=value`. */
  values: readonly string[]
  /** Options without one. */
  switches: readonly string[]
  /** Value options that may be given more than once; every value is kept, in order, in `lists`. */
  repeatable?: readonly string[]
}

/** Parsed `--flag value` / `--flag=value` options and bare `--flag` switches. */
export interface ParsedArgs {
  /** The value of each value option given once (a repeatable one: its last). */
  values: Map<string, string>
  /** Every value of each repeatable option given, in order. */
  lists: Map<string, string[]>
  switches: Set<string>
}

/**
 * Parses the flags of one command, the same way for every command: anything not listed, a value option
 * without a value (empty included), a switch with one, or a value option that is not repeatable given
 * twice is a UsageError. `-h` is `--help`.
 */
export function parseCommandArgs(argv: readonly string[], spec: CommandArgsSpec): ParsedArgs {
  const values = new Map<string, string>()
  const lists = new Map<string, string[]>()
  const switches = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '-h') {
      switches.add('help')
      continue
    }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`)
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq < 0 ? undefined : eq)
    if (spec.switches.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`)
      switches.add(name)
      continue
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown option --${name}`)
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`)
    if (spec.repeatable?.includes(name)) lists.set(name, [...(lists.get(name) ?? []), value])
    else if (values.has(name)) throw new UsageError(`--${name} was given more than once`)
    values.set(name, value)
  }
  return { values, lists, switches }
}

/** A non-negative integer option, or undefined when absent. */
export function integerOption(args: ParsedArgs, name: string): number | undefined {
  const text = args.values.get(name)
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a non-negative integer, got "${text}"`)
  return Number(text)
}

/** `credential-expiry`, `presign-window` or a number of milliseconds. */
export function sessionLifetimeOption(args: ParsedArgs): 'credential-expiry' | 'presign-window' | number | undefined {
  const text = args.values.get('session-lifetime')
  if (text === undefined) return undefined
  if (text === 'credential-expiry' || text === 'presign-window') return text
  if (/^\d+$/.test(text)) return Number(text)
  throw new UsageError(`--session-lifetime must be credential-expiry, presign-window or milliseconds, got "${text}"`)
}
