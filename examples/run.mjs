// Runs an example from a clone of this repository: node examples/run.mjs examples/<example>.ts
// esbuild turns it into an ES module under .cache/examples/, inside this package, so that its
// `import … from 'kafkajs-msk-iam'` resolves to this package's own build (run `npm run build` first).
// In an application, compile the examples with the application's TypeScript setup instead.
import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  console.error('usage: node examples/run.mjs examples/<example>.ts [args...]')
  process.exit(2)
}
if (!existsSync(path.join(root, 'dist/cjs/index.js'))) {
  console.error('kafkajs-msk-iam is not built: run `npm run build` first')
  process.exit(2)
}
const outfile = path.join(root, '.cache/examples', path.basename(entry).replace(/\.ts$/, '.mjs'))
await build({
  entryPoints: [entry],
  outfile,
  bundle: true, // the example's own relative imports; packages stay imports
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  // Not examples/tsconfig.json: its paths map the package to src/ (for the type check), and esbuild would
  // follow them and bundle src/ and the packages they name instead of importing the build.
  tsconfigRaw: {},
})
process.argv = [process.argv[0], outfile, ...args]
await import(pathToFileURL(outfile).href)
