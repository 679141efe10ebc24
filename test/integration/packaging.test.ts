// Packaging: the package as npm would publish it. A copy of the repository (no node_modules, dist, .git or
// .cache: other work in the tree is never disturbed) is packed with `npm pack`, whose prepack script builds
// it; the tarball is unpacked into a consumer's node_modules next to the repository's kafkajs, @aws-sdk and
// @smithy, and used from there by name: ESM import, CJS require, a strict types test, and the
// size of a minified producer bundle. In the integration project because it builds (about a minute).
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { KAFKA_VERSION } from '../../src/testing/kafka/constants.js'

const execFileAsync = promisify(execFile)
const REPO = path.resolve(__dirname, '../..')
const OWN_BUNDLE_LIMIT_BYTES = 30 * 1024

let work: string
let stage: string
let consumer: string
let packageDir: string
let tarball: string
let dryRunFiles: Array<{ path: string; mode: number }>

/** Runs a command and resolves to its stdout; a failure carries stdout too (tsc reports errors there). */
async function run(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    })
    return stdout
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`, {
      cause: error,
    })
  }
}

/** Runs a command to its end and resolves to its stdout, stderr and exit code (never rejects on a non-zero exit). */
async function runWithStderr(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string; code: number }> {
  return execFileAsync(command, args, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
      code: typeof error.code === 'number' ? error.code : -1,
    }),
  )
}

const SKIPPED_IN_COPY = new Set(['node_modules', 'dist', '.git', '.cache', 'coverage'])

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-packaging-'))
  stage = path.join(work, 'stage')
  await cp(REPO, stage, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(REPO, source)
      return !SKIPPED_IN_COPY.has(relative.split(path.sep)[0] ?? '') && !relative.endsWith('.tgz')
    },
  })
  await symlink(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'), 'dir')
  // Leftovers a careless `files` list would publish.
  await mkdir(path.join(stage, '.cache'), { recursive: true })
  await writeFile(path.join(stage, '.cache', 'leftover.txt'), 'must not be packed\n')
  // No build beforehand: `npm pack` runs the prepack script, as it does from a fresh clone (and npm publish).
  const packed = JSON.parse(
    await run('npm', ['pack', '--json', '--offline', '--pack-destination', work], stage),
  ) as Array<{ filename: string }>
  const dryRun = JSON.parse(
    await run('npm', ['pack', '--dry-run', '--json', '--offline', '--ignore-scripts'], stage),
  ) as Array<{ files: Array<{ path: string; mode: number }> }>
  dryRunFiles = dryRun[0]!.files
  tarball = path.join(work, packed[0]!.filename)
  consumer = path.join(work, 'consumer')
  packageDir = path.join(consumer, 'node_modules', 'kafkajs-msk-iam')
  await mkdir(packageDir, { recursive: true })
  await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], work)
  // The consumer's other dependencies: the peer (kafkajs), the runtime dependencies and @types/node.
  for (const name of ['kafkajs', '@aws-sdk', '@smithy', '@types']) {
    await symlink(path.join(REPO, 'node_modules', name), path.join(consumer, 'node_modules', name), 'dir')
  }
}, 300_000)

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

/** The runtime names pinned per entry point in test/unit/publicApi.test.ts ("<entry> exports exactly these values"). */
async function pinnedNames(): Promise<Map<string, string[]>> {
  const source = await readFile(path.join(REPO, 'test/unit/publicApi.test.ts'), 'utf8')
  const pins = new Map<string, string[]>()
  for (const match of source.matchAll(
    /'(kafkajs-msk-iam(?:\/[\w-]+)?) exports exactly these values'[\s\S]*?toEqual\((\[[\s\S]*?\])\)/g,
  )) {
    pins.set(match[1]!, JSON.parse(match[2]!.replace(/'/g, '"').replace(/,\s*\]/, ']')) as string[])
  }
  return pins
}

/** Pinned names, or (for an entry point publicApi.test.ts does not pin) the names its source exports. */
async function expectedNames(): Promise<Record<'root' | 'testing', string[]>> {
  const pins = await pinnedNames()
  const root = pins.get('kafkajs-msk-iam')
  if (!root) throw new Error('test/unit/publicApi.test.ts no longer pins the root exports')
  const testing = pins.get('kafkajs-msk-iam/testing') ?? Object.keys(await import('../../src/testing/index.js')).sort()
  return { root, testing }
}

describe('npm pack', () => {
  it('publishes only dist/, the authorizer’s Maven sources, README.md, CHANGELOG.md, LICENSE and package.json', () => {
    const paths = dryRunFiles.map((f) => f.path).sort()
    const outside = paths.filter(
      (p) =>
        !/^(dist\/.+|java\/authorizer\/(pom\.xml|src\/main\/java\/.+\.java)|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(
          p,
        ),
    )
    expect(outside).toEqual([])
    expect(
      paths.filter(
        (p) =>
          !p.startsWith('java/') && (/(^|\/)(src|test|\.cache)\//.test(p) || (/\.ts$/.test(p) && !/\.d\.ts$/.test(p))),
      ),
    ).toEqual([])
    for (const required of [
      'package.json',
      'LICENSE',
      'dist/cjs/package.json',
      'dist/esm/package.json',
      'dist/cjs/index.js',
      'dist/cjs/index.mjs',
      'dist/cjs/index.bridge.cjs',
      'dist/esm/index.js',
      'dist/types/index.d.ts',
      'dist/cjs/testing/index.js',
      'dist/cjs/testing/index.mjs',
      'dist/cjs/testing/index.bridge.cjs',
      'dist/esm/testing/index.js',
      'dist/types/testing/index.d.ts',
      'dist/cjs/cli/main.js',
      'dist/cjs/cli/doctorCommand.js',
      'java/authorizer/pom.xml',
      'java/authorizer/src/main/java/dev/kafkajsmskiam/authorizer/MskIamAuthorizer.java',
    ]) {
      expect(paths).toContain(required)
    }
    if (existsSync(path.join(REPO, 'README.md'))) expect(paths).toContain('README.md')
    expect(paths).toContain('CHANGELOG.md')
  })

  it('ships an executable bin with a shebang, and every file the manifest points at', async () => {
    const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >
    const bin = (manifest['bin'] as Record<string, string>)['kafkajs-msk-iam']!
    expect(dryRunFiles.find((f) => f.path === path.normalize(bin))!.mode & 0o111).not.toBe(0)
    expect((await readFile(path.join(packageDir, bin), 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true)
    const targets: string[] = [manifest['main'], manifest['module'], manifest['types']].filter(
      (t): t is string => typeof t === 'string',
    )
    const walk = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value)
      else if (value && typeof value === 'object') Object.values(value).forEach(walk)
    }
    walk(manifest['exports'])
    const missing = targets.filter((t) => !existsSync(path.join(packageDir, t)))
    expect(missing).toEqual([])
  })
})

describe('the published manifest', () => {
  async function packedManifest(): Promise<Record<string, unknown>> {
    return JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>
  }

  it('npm publish would correct nothing in package.json (it rewrites a bin path with ./ and warns "invalid and removed")', async () => {
    const { stderr } = await runWithStderr(
      'npm',
      ['publish', '--dry-run', '--offline', '--ignore-scripts', '--json'],
      stage,
    )
    expect(stderr).not.toMatch(/auto-corrected|errors corrected|invalid and removed/)
  })

  it('points npm at the repository, the issue tracker and the README', async () => {
    const manifest = await packedManifest()
    expect(manifest['repository']).toEqual({
      type: 'git',
      url: 'git+https://github.com/kafkajs-msk-iam/kafkajs-msk-iam.git',
    })
    expect(manifest['homepage']).toBe('https://github.com/kafkajs-msk-iam/kafkajs-msk-iam#readme')
    expect(manifest['bugs']).toEqual({ url: 'https://github.com/kafkajs-msk-iam/kafkajs-msk-iam/issues' })
  })

  // npm 7+ installs non-optional peers by itself: OAUTHBEARER and signer-js users would get kafkajs too.
  it('kafkajs is an optional peer', async () => {
    const manifest = await packedManifest()
    expect(manifest['peerDependencies']).toEqual({ kafkajs: expect.any(String) as unknown })
    expect(manifest['peerDependenciesMeta']).toEqual({ kafkajs: { optional: true } })
  })

  it('are-the-types-wrong finds no problem in the tarball (node10, node16 from CJS and ESM, bundler), offline', async () => {
    const attw = path.join(path.dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js')
    const { stdout, code } = await runWithStderr(process.execPath, [attw, tarball, '--format', 'json'], work)
    const report = JSON.parse(stdout) as {
      problems: Record<string, unknown[]>
      analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> }
    }
    // Problems grouped by kind (NoResolution, FalseCJS, …): none of any kind.
    expect(report.problems).toEqual({})
    expect(code).toBe(0)
    // Every entry point resolves to declarations under every resolution mode, node10 included.
    for (const entry of ['.', './testing']) {
      for (const kind of ['node10', 'node16-cjs', 'node16-esm', 'bundler']) {
        expect([entry, kind, report.analysis.entrypoints[entry]?.resolutions[kind]?.resolution?.fileName]).toEqual([
          entry,
          kind,
          expect.stringMatching(/\.d\.ts$/),
        ])
      }
    }
  })
})

describe('an application without kafkajs (OAUTHBEARER, signer-js drop-ins)', () => {
  let app: string

  beforeAll(async () => {
    app = path.join(work, 'no-kafkajs')
    await mkdir(path.join(app, 'node_modules'), { recursive: true })
    await cp(packageDir, path.join(app, 'node_modules', 'kafkajs-msk-iam'), { recursive: true })
    for (const name of ['@aws-sdk', '@smithy']) {
      await symlink(path.join(REPO, 'node_modules', name), path.join(app, 'node_modules', name), 'dir')
    }
  })

  const USE = `
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'not-a-secret-only-a-test-value' }
  const iam = root.mskIamOAuthBearer({ region: 'eu-west-1', credentials })
  const token = await iam.token()
  const signerJs = await root.generateAuthTokenFromCredentialsProvider({ region: 'eu-west-1', awsCredentialsProvider: async () => credentials })
  let kafkajs = 'found'
  try { resolve('kafkajs') } catch { kafkajs = 'absent' }
  console.log(JSON.stringify({ kafkajs, lifetime: typeof token.lifetime, signerJs: typeof signerJs.token, testing: Object.keys(testing).length > 0, mechanism: root.awsMskIam().mechanism }))
`

  it('require: both entry points load and sign OAUTHBEARER tokens, and kafkajs is nowhere to be found', async () => {
    const script = path.join(app, 'app.cjs')
    await writeFile(
      script,
      `const root = require('kafkajs-msk-iam')
const testing = require('kafkajs-msk-iam/testing')
const resolve = require.resolve
;(async () => {${USE}})()
`,
    )
    expect(JSON.parse(await run(process.execPath, [script], app))).toEqual({
      kafkajs: 'absent',
      lifetime: 'number',
      signerJs: 'string',
      testing: true,
      mechanism: 'AWS_MSK_IAM',
    })
  })

  it('import: the same through the ES module facade', async () => {
    const script = path.join(app, 'app.mjs')
    await writeFile(
      script,
      `import * as root from 'kafkajs-msk-iam'
import * as testing from 'kafkajs-msk-iam/testing'
const resolve = (name) => import.meta.resolve(name)
${USE}`,
    )
    expect(JSON.parse(await run(process.execPath, [script], app))).toMatchObject({
      kafkajs: 'absent',
      lifetime: 'number',
      signerJs: 'string',
    })
  })
})

describe('the installed package, by name', () => {
  // Node's import gets the CommonJS build through an ES module facade (dist/cjs/*.mjs): Node scans every
  // CommonJS file it imports for export names, which made importing dist/esm's direct imports of @smithy/*
  // and @aws-sdk/* cost a cold start several times a require (scripts/build.mjs). Bundlers take dist/esm.
  it('ESM import: both entry points, through the ES module facade of dist/cjs, export exactly the pinned names', async () => {
    const script = path.join(consumer, 'esm.mjs')
    await writeFile(
      script,
      `import * as root from 'kafkajs-msk-iam'
import * as testing from 'kafkajs-msk-iam/testing'
const sasl = root.awsMskIam({ region: 'eu-west-1' })
console.log(JSON.stringify({
  root: Object.keys(root).sort(), testing: Object.keys(testing).sort(),
  urls: [import.meta.resolve('kafkajs-msk-iam'), import.meta.resolve('kafkajs-msk-iam/testing')],
  mechanism: sasl.mechanism, region: root.regionFromHost('b-1.x.y.c1.kafka.eu-west-1.amazonaws.com'),
  error: root.isMskIamError(new root.MskIamError('ACCESS_DENIED', 'x')),
}))
`,
    )
    const result = JSON.parse(await run(process.execPath, [script], consumer)) as Record<string, unknown>
    const expected = await expectedNames()
    expect(result['root']).toEqual(expected.root)
    expect(result['testing']).toEqual(expected.testing)
    expect((result['urls'] as string[]).map((u) => path.relative(packageDir, new URL(u).pathname))).toEqual([
      'dist/cjs/index.mjs',
      'dist/cjs/testing/index.mjs',
    ])
    expect(result).toMatchObject({ mechanism: 'AWS_MSK_IAM', region: 'eu-west-1', error: true })
  })

  it('CJS require: both entry points, from dist/cjs, export exactly the pinned names', async () => {
    const script = path.join(consumer, 'cjs.cjs')
    await writeFile(
      script,
      `const root = require('kafkajs-msk-iam')
const testing = require('kafkajs-msk-iam/testing')
console.log(JSON.stringify({
  root: Object.keys(root).sort(), testing: Object.keys(testing).sort(),
  paths: [require.resolve('kafkajs-msk-iam'), require.resolve('kafkajs-msk-iam/testing')],
  mechanism: root.awsMskIam({ region: 'eu-west-1' }).mechanism,
}))
`,
    )
    const result = JSON.parse(await run(process.execPath, [script], consumer)) as Record<string, unknown>
    const expected = await expectedNames()
    expect(result['root']).toEqual(expected.root)
    expect(result['testing']).toEqual(expected.testing)
    expect((result['paths'] as string[]).map((p) => path.relative(packageDir, p))).toEqual([
      'dist/cjs/index.js',
      'dist/cjs/testing/index.js',
    ])
    expect(result['mechanism']).toBe('AWS_MSK_IAM')
  })

  it('the authorizer’s Maven project ships, and both builds find it and build it from what was shipped', async () => {
    const cacheRoot = path.join(work, 'authorizer-cache')
    const cjs = path.join(consumer, 'authorizer.cjs')
    await writeFile(
      cjs,
      `const { ensureAuthorizerJar } = require('kafkajs-msk-iam/testing')
ensureAuthorizerJar({ kafkaVersion: process.argv[2], cacheRoot: ${JSON.stringify(cacheRoot)} })
  .then((jar) => console.log(JSON.stringify({ jar })))
`,
    )
    const esm = path.join(consumer, 'authorizer.mjs')
    await writeFile(
      esm,
      `import { ensureAuthorizerJar } from 'kafkajs-msk-iam/testing'
const jar = await ensureAuthorizerJar({ kafkaVersion: process.argv[2], cacheRoot: ${JSON.stringify(cacheRoot)} })
console.log(JSON.stringify({ jar }))
`,
    )
    // The consumer lies outside this repository: the sources can only come from the installed package.
    expect(path.relative(REPO, consumer).startsWith('..')).toBe(true)
    const built = JSON.parse(await run(process.execPath, [cjs, KAFKA_VERSION], consumer)) as { jar: string }
    expect(path.relative(cacheRoot, built.jar)).toMatch(/^authorizer\/[0-9a-f]{24}\/msk-iam-authorizer\.jar$/)
    expect(existsSync(built.jar)).toBe(true)
    expect(JSON.parse(await run(process.execPath, [esm, KAFKA_VERSION], consumer))).toEqual(built)
  }, 300_000)

  it('ES module and CommonJS importers share one instance: one MskIamError class, one module', async () => {
    const script = path.join(consumer, 'both.mjs')
    await writeFile(
      script,
      `import { createRequire } from 'node:module'
import * as esm from 'kafkajs-msk-iam'
const cjs = createRequire(import.meta.url)('kafkajs-msk-iam')
console.log(JSON.stringify({ sameClass: esm.MskIamError === cjs.MskIamError, sameFunction: esm.awsMskIam === cjs.awsMskIam }))
`,
    )
    expect(JSON.parse(await run(process.execPath, [script], consumer))).toEqual({ sameClass: true, sameFunction: true })
  })

  it('startKafkaCluster runs from the installed ES module alone: its pom and log4j config ship inside dist', async () => {
    const script = path.join(consumer, 'kafka.mjs')
    await writeFile(
      script,
      `import { startKafkaCluster } from 'kafkajs-msk-iam/testing'
const cluster = await startKafkaCluster({ brokers: 1 })
const node = cluster.nodes[0]
console.log(JSON.stringify({ bootstrap: cluster.bootstrap, running: node.running }))
await cluster.close()
console.log(JSON.stringify({ runningAfterClose: node.running }))
`,
    )
    const lines = (await run(process.execPath, [script], consumer))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown)
    expect(lines).toEqual([
      { bootstrap: expect.stringMatching(/^127\.0\.0\.1:\d+$/) as unknown, running: true },
      { runningAfterClose: false },
    ])
  }, 120_000)

  it('the bin runs from the installed package', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string }
    expect(
      (await run(process.execPath, [path.join(packageDir, 'dist/cjs/cli/main.js'), '--version'], consumer)).trim(),
    ).toBe(version)
  })
})

describe('types (strict): through the exports map (NodeNext), and without it (node10)', () => {
  const tsc = path.join(REPO, 'node_modules/typescript/bin/tsc')

  /** `node10`: TypeScript's older resolution (`moduleResolution: node`), which ignores the exports map. */
  async function typesProject(kind: 'module' | 'commonjs' | 'node10'): Promise<string> {
    const dir = path.join(consumer, `types-${kind}`)
    await mkdir(dir, { recursive: true })
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: `types-${kind}`, private: true, type: kind === 'module' ? 'module' : 'commonjs' }),
    )
    const compilerOptions = {
      strict: true,
      noEmit: true,
      module: kind === 'node10' ? 'CommonJS' : 'NodeNext',
      moduleResolution: kind === 'node10' ? 'node10' : 'NodeNext',
      target: 'ES2022',
      types: ['node'],
      skipLibCheck: false,
      noUnusedLocals: false,
    }
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2))
    for (const file of await readdir(path.join(REPO, 'test/types'))) {
      if (file.endsWith('.ts')) await cp(path.join(REPO, 'test/types', file), path.join(dir, file))
    }
    // The stand-ins for the package name now really are the package name.
    await writeFile(path.join(dir, 'kafkajs-msk-iam.ts'), "export * from 'kafkajs-msk-iam'\n")
    await writeFile(path.join(dir, 'kafkajs-msk-iam-testing.ts'), "export * from 'kafkajs-msk-iam/testing'\n")
    return dir
  }

  async function compile(dir: string): Promise<string> {
    return execFileAsync(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    )
  }

  it('test/types compiles as an ES module, and the ESM entry has no default export', async () => {
    const dir = await typesProject('module')
    await writeFile(
      path.join(dir, 'esmOnly.ts'),
      `// @ts-expect-error the ES module build has named exports only
import pkg from 'kafkajs-msk-iam'
import { awsMskIam } from 'kafkajs-msk-iam'
export const both = [pkg, awsMskIam]
`,
    )
    expect(await compile(dir)).toBe('')
  })

  it('test/types compiles as CommonJS', async () => {
    expect(await compile(await typesProject('commonjs'))).toBe('')
  })

  it('test/types compiles under moduleResolution node10, kafkajs-msk-iam/testing included (typesVersions)', async () => {
    expect(await compile(await typesProject('node10'))).toBe('')
  })
})

describe('bundle size (esbuild, minified, platform node; kafkajs, @aws-sdk/* and @smithy/* external)', () => {
  interface Row {
    name: string
    version: string
    bytes?: number
    gzip?: number
    /** Other packages bundled with it (not external), largest first. */
    others?: string
    note?: string
  }

  const PRODUCER = (saslImport: string, sasl: string) => `import { Kafka } from 'kafkajs'
${saslImport}
const kafka = new Kafka({ brokers: process.env.BROKERS.split(','), ssl: true, sasl: ${sasl} })
const producer = kafka.producer()
await producer.connect()
await producer.send({ topic: 'orders', messages: [{ value: 'hello' }] })
await producer.disconnect()
`
  const CANDIDATES = [
    {
      name: 'kafkajs-msk-iam',
      resolveDir: () => consumer,
      code: PRODUCER("import { awsMskIam } from 'kafkajs-msk-iam'", 'awsMskIam()'),
    },
    {
      name: '@jm18457/kafkajs-msk-iam-authentication-mechanism',
      resolveDir: () => REPO,
      code: PRODUCER(
        "import { createMechanism } from '@jm18457/kafkajs-msk-iam-authentication-mechanism'",
        "createMechanism({ region: 'us-east-1' })",
      ),
    },
    {
      name: 'aws-msk-iam-sasl-signer-js',
      resolveDir: () => REPO,
      code: PRODUCER(
        "import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js'",
        "{ mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region: 'us-east-1' })).token }) }",
      ),
    },
  ]
  const BASELINE = PRODUCER('', "{ mechanism: 'plain', username: 'u', password: 'p' }")

  async function bundle(
    code: string,
    resolveDir: string,
  ): Promise<{ bytes: Buffer; byPackage: Map<string, number>; inputs: string[] }> {
    const result = await build({
      stdin: { contents: code, resolveDir, loader: 'js', sourcefile: 'producer.mjs' },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      external: ['kafkajs', '@aws-sdk/*', '@smithy/*'],
      metafile: true,
    })
    const byPackage = new Map<string, number>()
    for (const output of Object.values(result.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'producer code'
        byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput)
      }
    }
    return {
      bytes: Buffer.from(result.outputFiles[0]!.contents),
      byPackage,
      inputs: Object.keys(result.metafile.inputs),
    }
  }

  it('a bundler takes the ES modules of dist/esm (exports "module"), not the facade Node imports', async () => {
    const { inputs } = await bundle(CANDIDATES[0]!.code, consumer)
    const ours = inputs.filter((input) => input.includes('kafkajs-msk-iam/'))
    expect(ours.map((input) => input.replace(/^.*kafkajs-msk-iam\//, ''))).toEqual(['dist/esm/index.js'])
  })

  async function versionOf(name: string, from: string): Promise<string | undefined> {
    const file = path.join(from, 'node_modules', name, 'package.json')
    if (!existsSync(file)) return undefined
    return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version
  }

  it(`our own code stays under ${OWN_BUNDLE_LIMIT_BYTES / 1024} KB; the table compares the peers`, async () => {
    const baselineBytes = (await bundle(BASELINE, consumer)).bytes
    const baseline = baselineBytes.length
    const baselineGzip = gzipSync(baselineBytes).length
    const rows: Row[] = []
    for (const candidate of CANDIDATES) {
      const version = await versionOf(candidate.name, candidate.resolveDir())
      if (version === undefined) {
        rows.push({ name: candidate.name, version: '-', note: 'not installed: skipped' })
        continue
      }
      const { bytes, byPackage } = await bundle(candidate.code, candidate.resolveDir())
      const others = [...byPackage]
        .filter(([name, size]) => name !== candidate.name && name !== 'producer code' && size > 0)
        .sort((a, b) => b[1] - a[1])
      const listed = others.map(([name, size]) => `${name} ${(size / 1024).toFixed(1)} KB`).join(', ')
      rows.push({
        name: candidate.name,
        version,
        bytes: bytes.length - baseline,
        gzip: gzipSync(bytes).length - baselineGzip,
        others: listed || 'none',
      })
    }
    const table = renderTable(rows, baseline)
    console.log(table)
    if (process.env.KAFKAJS_MSK_IAM_WRITE_BUNDLE_DOC === '1')
      await writeFile(path.join(REPO, 'docs/bundle-size.md'), bundleDoc(table))
    const own = rows[0]!
    expect(own.bytes).toBeDefined()
    expect(own.bytes!).toBeLessThanOrEqual(OWN_BUNDLE_LIMIT_BYTES)
  })

  function renderTable(rows: Row[], baseline: number): string {
    const kb = (n: number | undefined) => (n === undefined ? '-' : `${(n / 1024).toFixed(1)} KB`)
    const lines = [
      '| package | version | minified | minified + gzip | of which other packages |',
      '| --- | --- | ---: | ---: | --- |',
    ]
    for (const row of rows)
      lines.push(
        `| ${row.name} | ${row.version} | ${row.note ?? kb(row.bytes)} | ${row.note ? '-' : kb(row.gzip)} | ${row.others ?? '-'} |`,
      )
    return `${lines.join('\n')}\n\n(A producer bundle with each package's mechanism, minus the same producer with kafkajs's built-in PLAIN mechanism, which is ${baseline} bytes.)`
  }

  function bundleDoc(table: string): string {
    return `# Bundle size

What each MSK IAM package adds to a minified producer bundle. Measured by \`test/integration/packaging.test.ts\`
(\`KAFKAJS_MSK_IAM_WRITE_BUNDLE_DOC=1 npx jest --selectProjects integration --runTestsByPath test/integration/packaging.test.ts\`
rewrites this file): esbuild, \`bundle\`, \`minify\`, \`platform: 'node'\`, \`format: 'esm'\`, with \`kafkajs\`, \`@aws-sdk/*\` and
\`@smithy/*\` external, so the numbers are each package's own code plus whatever else it bundles (e.g.
\`@aws-crypto/*\`); the AWS SDK itself is shared by all of them and not counted. kafkajs-msk-iam is measured from its
packed tarball; the test fails above 30 KB.

${table}
`
  }
})
