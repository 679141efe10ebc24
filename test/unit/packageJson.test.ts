// package.json says what is true: the Node versions it declares are ones every runtime dependency supports
// (the AWS SDK needs Node 20: an `engines` of >=18 gave 16 EBADENGINE warnings and failed --engine-strict),
// and CI runs the unit suite on the lowest of them.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

interface Manifest {
  name: string
  version: string
  engines?: { node?: string }
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest
}

type Version = [number, number, number]

function parseVersion(text: string): Version {
  const parts = text.split('.').map((part) => Number(part))
  if (parts.length > 3 || parts.some((part) => !Number.isInteger(part))) throw new Error(`not a version: ${text}`)
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0]
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

/**
 * The lowest Node version a range admits. Only the forms the dependency tree uses (`>=X[.Y[.Z]]`, `*`) are
 * understood; any other form fails the test, so that a new form is looked at rather than misread.
 */
function lowestAdmitted(range: string | undefined, who: string): Version {
  if (range === undefined || range.trim() === '*' || range.trim() === '') return [0, 0, 0]
  const match = /^>=\s*v?(\d+(?:\.\d+){0,2})$/.exec(range.trim())
  if (!match) throw new Error(`${who}: engines.node ${JSON.stringify(range)} is a form this test does not read`)
  return parseVersion(match[1]!)
}

/** The installed package `name` as Node resolves it from `fromDir`. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name)
    if (existsSync(path.join(candidate, 'package.json'))) return candidate
    if (path.dirname(dir) === dir) return undefined
  }
}

/** Every package that installing this one brings in (runtime dependencies, transitively), with its directory. */
function runtimeDependencyTree(): Map<string, { dir: string; manifest: Manifest }> {
  const found = new Map<string, { dir: string; manifest: Manifest }>()
  const visit = (dir: string, manifest: Manifest): void => {
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const child = resolvePackageDir(name, dir)
      if (child === undefined) {
        if (manifest.optionalDependencies?.[name] !== undefined) continue
        throw new Error(`${manifest.name} depends on ${name}, which is not installed (run npm ci)`)
      }
      const childManifest = readManifest(child)
      const key = `${childManifest.name}@${childManifest.version}`
      if (found.has(key)) continue
      found.set(key, { dir: child, manifest: childManifest })
      visit(child, childManifest)
    }
  }
  visit(ROOT, readManifest(ROOT))
  return found
}

describe('package.json engines', () => {
  const ours = readManifest(ROOT)
  const declared = lowestAdmitted(ours.engines?.node, ours.name)

  it('admits no Node version that a runtime dependency refuses', () => {
    const tree = runtimeDependencyTree()
    expect(tree.size).toBeGreaterThan(10)
    const refusing = [...tree.entries()]
      .filter(([key, { manifest }]) => compare(lowestAdmitted(manifest.engines?.node, key), declared) > 0)
      .map(([key, { manifest }]) => `${key} needs node ${manifest.engines?.node}`)
    expect(refusing).toEqual([])
  })

  it('.ci/run runs the unit suite on the lowest declared Node', () => {
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8')
    const lowest = /^NODE_LOWEST=(\S+)/m.exec(ci)?.[1]
    expect(lowest).toBeDefined()
    expect(parseVersion(lowest!)).toEqual(declared)
  })
})
