// Builds three trees from src/: CommonJS (dist/cjs), ES modules (dist/esm) and declarations (dist/types).
// Each JS tree gets its own package.json "type" so Node loads it in the right mode whatever the root says.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync, chmodSync, existsSync, cpSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tsc = require.resolve('typescript/bin/tsc')
const run = (...args) =>
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...args], { stdio: 'inherit' })

rmSync('dist', { recursive: true, force: true })
run('--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--outDir', 'dist/cjs')
run('--module', 'ES2022', '--moduleResolution', 'Bundler', '--outDir', 'dist/esm')
run('--emitDeclarationOnly', '--declaration', '--outDir', 'dist/types')
// TypeScript reads dist/types as CommonJS (no "type" above it), which would let an ES module importer write
// `import pkg from 'kafkajs-msk-iam'` (there is no default export at run time). The "import" condition gets
// the same declarations next to the ESM build, where dist/esm's "type": "module" makes them ES modules.
cpSync('dist/types', 'dist/esm', {
  recursive: true,
  filter: (source) => statSync(source).isDirectory() || source.endsWith('.d.ts'),
})
for (const [dir, type] of [
  ['dist/cjs', 'commonjs'],
  ['dist/esm', 'module'],
]) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type }) + '\n')
}
if (existsSync('dist/cjs/cli/main.js')) chmodSync('dist/cjs/cli/main.js', 0o755)
