// Runs a TypeScript entry point of this repository (demo, benchmarks, soak) without a TS loader: esbuild
// bundles it with its relative imports into .cache/run-ts/, packages stay external, then Node runs it.
// Usage: node scripts/run-ts.mjs <entry.ts> [args...]
import { build } from 'esbuild'
import { mkdirSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequire } from 'node:module'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]')
  process.exit(2)
}
const outDir = resolve('.cache/run-ts')
mkdirSync(outDir, { recursive: true })
const outfile = `${outDir}/${basename(entry).replace(/\.ts$/, '')}.cjs`
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
})
process.argv = [process.argv[0], outfile, ...args]
createRequire(pathToFileURL(outfile).href)(outfile)
