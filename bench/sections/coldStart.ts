// Section 7: cold start, as a Lambda's first invocation pays it. Every sample is a fresh Node process
// (bench/coldStart/child.{cjs,mjs}) with credentials and region in the environment as Lambda sets them and
// the default credential chain: process start → kafkajs loaded → plugin loaded → first authentication
// (kafkajs's authenticationProvider(...).authenticate() against a canned broker answer), or → first
// produced message acknowledged through the emulator over TLS. Variants run interleaved, round by round.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { TEST_CA_CERT } from '../../src/testing/index.js'
import type { BenchContext, SectionResult } from '../lib/context.js'
import { table } from '../lib/context.js'
import { IDENTITY } from '../lib/credentials.js'
import { createTopics } from '../lib/kafka.js'
import { pluginById, REGION, type PluginId } from '../lib/plugins.js'
import { num, ratio, summarize } from '../lib/stats.js'

type Format = 'cjs' | 'esm'
type Mode = 'authenticate' | 'produce'

interface Variant {
  plugin: PluginId
  format: Format
}

/** What one child process reports (sample.cjs), plus the wall time the parent saw. */
interface Sample {
  kafkajsMs: number
  pluginMs: number
  firstMs: number
  totalMs: number
  cpuMs: number
  rssBytes: number
  modules: number
  wallMs: number
}

const CHILD_DIR = path.resolve('bench/coldStart')
const BROKER_HOST = `b-1.local.abc123.c1.kafka.${REGION}.amazonaws.com`

// Our four (two mechanisms × two builds), the peers as their READMEs show them (require), and the peers
// imported from an ES module application, the like-for-like comparison for our ESM build.
const VARIANTS: Variant[] = [
  { plugin: 'ours', format: 'cjs' },
  { plugin: 'ours-oauth', format: 'cjs' },
  { plugin: 'ours', format: 'esm' },
  { plugin: 'ours-oauth', format: 'esm' },
  { plugin: 'jm18457', format: 'cjs' },
  { plugin: 'signer', format: 'cjs' },
  { plugin: 'jm18457', format: 'esm' },
  { plugin: 'signer', format: 'esm' },
]
const PEERS: PluginId[] = ['jm18457', 'signer']
const isOurs = (variant: Variant): boolean => !PEERS.includes(variant.plugin)
const keyOf = (variant: Variant): string => `${variant.plugin}/${variant.format}`
const labelOf = (variant: Variant): string =>
  `${pluginById(variant.plugin).id} (${variant.format === 'cjs' ? 'require' : 'import'})`

/** The environment of a Lambda function with role credentials: nothing else (no ~/.aws, no profile). */
function lambdaEnvironment(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_ACCESS_KEY_ID: IDENTITY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: IDENTITY.secretAccessKey,
    AWS_SESSION_TOKEN: IDENTITY.sessionToken,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_LAMBDA_FUNCTION_NAME: 'cold-start-bench',
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    COLD_START_HOST: BROKER_HOST,
    ...extra,
  }
}

function sample(variant: Variant, mode: Mode, env: NodeJS.ProcessEnv): Promise<Sample> {
  const child = path.join(CHILD_DIR, variant.format === 'cjs' ? 'child.cjs' : 'child.mjs')
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const proc = spawn(process.execPath, [child, variant.plugin, mode], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    proc.on('error', reject)
    proc.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== 0) return reject(new Error(`${keyOf(variant)} ${mode} exited ${code}: ${err.slice(-2000)}`))
      resolve({ ...(JSON.parse(out) as Omit<Sample, 'wallMs'>), wallMs })
    })
  })
}

/** `rounds` rounds; each runs every variant once, starting one further along, so no variant always goes first. */
async function interleaved(rounds: number, mode: Mode, env: NodeJS.ProcessEnv): Promise<Map<string, Sample[]>> {
  const samples = new Map(VARIANTS.map((v) => [keyOf(v), [] as Sample[]]))
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < VARIANTS.length; i++) {
      const variant = VARIANTS[(round + i) % VARIANTS.length]!
      samples.get(keyOf(variant))!.push(await sample(variant, mode, env))
    }
  }
  return samples
}

const median = (samples: Sample[], pick: (s: Sample) => number): number => summarize(samples.map(pick)).median
/** The part a plugin decides: loading it and its first use (Node's start-up and kafkajs's load are the same for all). */
const pluginCost = (s: Sample): number => s.pluginMs + s.firstMs

/** Our variant against each peer in the same format: like for like. */
function ratios(variant: Variant, samples: Map<string, Sample[]>, pick: (s: Sample) => number): string {
  if (!isOurs(variant)) return ''
  const ours = median(samples.get(keyOf(variant))!, pick)
  return PEERS.map((peer) => {
    const other = median(samples.get(keyOf({ plugin: peer, format: variant.format }))!, pick)
    return `vs ${peer}: ${ratio(ours, other)}`
  }).join('; ')
}

function authenticateTable(samples: Map<string, Sample[]>): string {
  return table(
    [
      'variant',
      'kafkajs loaded, ms',
      'plugin loaded, ms',
      'first authentication, ms',
      'plugin loaded + first authentication, ms',
      'process start → authenticated, ms',
      'CPU to then, ms',
      'whole process, ms',
      'RSS after, MB',
      'CommonJS modules loaded by the plugin',
      'start → authenticated, ours / peer (same loader)',
      'plugin + first authentication, ours / peer',
    ],
    VARIANTS.map((variant) => {
      const s = samples.get(keyOf(variant))!
      return [
        labelOf(variant),
        num(median(s, (x) => x.kafkajsMs)),
        num(median(s, (x) => x.pluginMs)),
        num(median(s, (x) => x.firstMs)),
        num(median(s, pluginCost)),
        num(median(s, (x) => x.totalMs)),
        num(median(s, (x) => x.cpuMs)),
        num(median(s, (x) => x.wallMs)),
        num(median(s, (x) => x.rssBytes) / 1048576),
        String(median(s, (x) => x.modules)),
        ratios(variant, samples, (x) => x.totalMs),
        ratios(variant, samples, pluginCost),
      ]
    }),
  )
}

function produceTable(samples: Map<string, Sample[]>): string {
  return table(
    [
      'variant',
      'plugin loaded, ms',
      'connect + first produce acknowledged, ms',
      'plugin loaded + connect + produce, ms',
      'process start → acknowledged, ms',
      'CPU to then, ms',
      'whole process, ms',
      'RSS after, MB',
      'start → acknowledged, ours / peer (same loader)',
      'plugin + connect + produce, ours / peer',
    ],
    VARIANTS.map((variant) => {
      const s = samples.get(keyOf(variant))!
      return [
        labelOf(variant),
        num(median(s, (x) => x.pluginMs)),
        num(median(s, (x) => x.firstMs)),
        num(median(s, pluginCost)),
        num(median(s, (x) => x.totalMs)),
        num(median(s, (x) => x.cpuMs)),
        num(median(s, (x) => x.wallMs)),
        num(median(s, (x) => x.rssBytes) / 1048576),
        ratios(variant, samples, (x) => x.totalMs),
        ratios(variant, samples, pluginCost),
      ]
    }),
  )
}

/** The summary cell of one plugin: median start → done, require / import. */
function headlineCell(samples: Map<string, Sample[]>, plugin: PluginId): string {
  const of = (format: Format) => num(median(samples.get(keyOf({ plugin, format }))!, (x) => x.totalMs))
  return `${of('cjs')} / ${of('esm')}`
}

export async function coldStartSection(ctx: BenchContext): Promise<SectionResult> {
  // The first row is cheap (no network) and its differences are a few ms in ~80: more rounds.
  const rounds = ctx.quick ? { authenticate: 8, produce: 6 } : { authenticate: 80, produce: 40 }
  const home = mkdtempSync(path.join(os.tmpdir(), 'kafkajs-msk-iam-cold-start-'))
  try {
    ctx.log(`  cold start: ${rounds.authenticate} rounds × ${VARIANTS.length} variants, first authentication`)
    const authenticate = await interleaved(rounds.authenticate, 'authenticate', lambdaEnvironment(home, {}))

    const upstream = await ctx.upstream()
    const workers = await ctx.emulators()
    const emulator = await workers.emulator({
      upstream: { host: upstream.host, port: upstream.port },
      identities: [IDENTITY],
      listeners: { tls: { port: 0 } },
    })
    let produce: Map<string, Sample[]>
    try {
      const topic = `bench-cold-start-${Date.now()}`
      await createTopics(upstream, [{ topic, numPartitions: 1 }])
      const caFile = path.join(home, 'ca.pem')
      writeFileSync(caFile, TEST_CA_CERT)
      ctx.log(
        `  cold start: ${rounds.produce} rounds × ${VARIANTS.length} variants, first produce through the emulator`,
      )
      produce = await interleaved(
        rounds.produce,
        'produce',
        lambdaEnvironment(home, {
          COLD_START_HOST: emulator.brokerHost,
          COLD_START_PORT: String(emulator.tlsPort),
          COLD_START_CA_FILE: caFile,
          COLD_START_TOPIC: topic,
        }),
      )
    } finally {
      await emulator.close()
    }

    const body = [
      `A fresh Node ${process.version} process per sample, ${rounds.authenticate} per variant for the first authentication and ` +
        `${rounds.produce} for the first produce, interleaved (each round runs every variant ` +
        'once, starting one further along). The environment is a Lambda function’s: `AWS_ACCESS_KEY_ID`, ' +
        '`AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`, an empty home (no shared config). Every plugin ' +
        'is built with no credentials option, so it takes the AWS default chain, loaded by name from the built package ' +
        '(`kafkajs-msk-iam` is this repository’s `dist/`, through its `exports`). Timings are medians in ms from the ' +
        'child’s own clock, whose origin is the process start; "whole process" is spawn → exit as the parent saw it ' +
        '(Node’s start-up and exit included); "CPU" is the child’s user + system time up to the same point, the work ' +
        'done whatever else the shared machine ran. Ratios are ours / peer on "process start → …", ours against each peer ' +
        'loaded the same way: our CommonJS build against the peers required, our ES module build against the ' +
        'peers imported from an ES module (both peers ship CommonJS only).',
      '',
      '**First authentication** (kafkajs’s `authenticationProvider(...).authenticate()` against a canned broker answer):',
      '',
      authenticateTable(authenticate),
      '',
      `**First produce** (a kafkajs producer connects to the emulator over TLS, authenticates and sends one message to a ` +
        'one-partition topic; done when it is acknowledged):',
      '',
      produceTable(produce),
    ].join('\n')
    const headline = [
      [
        '8. cold start: process start → first authentication, median ms (require / import)',
        ...(['ours', 'ours-oauth', 'jm18457', 'signer'] as const).map((p) => headlineCell(authenticate, p)),
        'fresh process, environment credentials, default chain',
      ],
      [
        '8. cold start: process start → first produce ack via the emulator, median ms (require / import)',
        ...(['ours', 'ours-oauth', 'jm18457', 'signer'] as const).map((p) => headlineCell(produce, p)),
        'TLS, one message',
      ],
    ]
    return { title: '8. Cold start: process start → first authentication, and → first produce', body, headline }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
