// The repository's import graph, read from the import specifiers in the source text (static imports and
// re-exports, import(), require() and jest.mock()), for the tests that pin which way dependencies run.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** One import: both files relative to the repository root; `to` is the specifier itself for a package. */
export interface ImportEdge {
  from: string
  to: string
  specifier: string
}

/** A direction that imports must never take: `forbids(edge)` is asked for every edge out of a file. */
export interface DependencyRule {
  name: string
  forbids(edge: ImportEdge): boolean
}

const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bjest\.(?:mock|requireActual|doMock)\s*\(\s*)(['"])([^'"\n]+)\1/g

/** The specifiers `text` imports, in order. */
export function specifiersOf(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((match) => match[2] as string)
}

/** Edges of the files in `sources` (path relative to the root → text); relative specifiers resolve to files. */
export function importEdges(sources: ReadonlyMap<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = []
  for (const [from, text] of sources) {
    for (const specifier of specifiersOf(text)) {
      edges.push({ from, to: resolve(from, specifier, sources), specifier })
    }
  }
  return edges
}

/** "from → to (rule)" for every edge some rule forbids. */
export function violations(edges: readonly ImportEdge[], rules: readonly DependencyRule[]): string[] {
  return edges.flatMap((edge) =>
    rules.filter((rule) => rule.forbids(edge)).map((rule) => `${edge.from} → ${edge.to} (${rule.name})`),
  )
}

/** The TypeScript and JavaScript sources under `dirs` of `root`, keyed by their path relative to it. */
export function readSources(root: string, dirs: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>()
  for (const dir of dirs) {
    for (const file of filesUnder(root, dir)) {
      if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(file)) sources.set(file, readFileSync(path.join(root, file), 'utf8'))
    }
  }
  return sources
}

/**
 * Every file under `dir`, as a posix path relative to `root`. Walked by hand: `readdirSync`'s `recursive`
 * option arrived in Node 20.1, and the unit suite also runs on 20.0 (engines' lowest).
 */
function filesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(root, relative)
    return entry.isFile() ? [relative] : []
  })
}

function resolve(from: string, specifier: string, sources: ReadonlyMap<string, string>): string {
  if (!specifier.startsWith('.')) return specifier
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier))
  const candidates = target.endsWith('.js')
    ? [`${target.slice(0, -3)}.ts`, target]
    : [target, `${target}.ts`, `${target}/index.ts`]
  return candidates.find((candidate) => sources.has(candidate)) ?? target
}
