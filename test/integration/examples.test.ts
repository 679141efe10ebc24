// examples/ run as a user runs them: each as its own process (`node examples/run.mjs`, which takes
// `kafkajs-msk-iam` from this package's build: `npm test` builds first), configured only through the
// environment variables examples/README.md documents, against one local MSK (1 broker, localhost listener).
// The Lambda handler is invoked twice with a sample event, the producers send, and the long-running consumer
// runs until it has consumed everything they sent and renewed a session, then stops on SIGTERM. The jest
// example runs as its own jest process with its own local cluster, after this file's cluster is closed.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { LocalMsk } from '../../src/testing/local/types.js'
import { startLocalMsk } from '../../src/testing/startLocalMsk.js'
import type { EmulatorLogEntry } from '../../src/testing/types.js'
import { captureForScan } from '../helpers/secretScan.js'

const REPO = path.resolve(__dirname, '../..')
const RUN = path.join(REPO, 'examples/run.mjs')

/** A child process, its output as it arrives, and its end. */
interface Example {
  pid: number
  output(): string
  /** Resolves once `pattern` has appeared on stdout or stderr; rejects if the process ends first. */
  waitFor(pattern: RegExp, what: string): Promise<string>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  signal(name: NodeJS.Signals): void
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv): Example {
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  const listeners = new Set<() => void>()
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8')
    captureForScan(chunk.toString('utf8'))
    for (const listener of listeners) listener()
  }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      for (const listener of listeners) listener()
      resolve({ code, signal })
    }),
  )
  let ended = false
  void exited.then(() => (ended = true))
  running.add(child.pid!)
  void exited.then(() => running.delete(child.pid!))
  return {
    pid: child.pid!,
    output: () => text,
    exited,
    signal: (name) => child.kill(name),
    waitFor: (pattern, what) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text)
          if (match) {
            listeners.delete(check)
            resolve(match[0])
          } else if (ended) {
            listeners.delete(check)
            reject(new Error(`the example ended before ${what}:\n${text}`))
          }
        }
        listeners.add(check)
        check()
      }),
  }
}

/** Child processes still running; afterAll ends them by pid, so a failed test leaves none behind. */
const running = new Set<number>()

async function runToEnd(example: Example): Promise<string> {
  const { code, signal } = await example.exited
  if (code !== 0) throw new Error(`exit ${code ?? signal}:\n${example.output()}`)
  return example.output()
}

function isInstalled(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`, { paths: [REPO] })
    return true
  } catch {
    return false
  }
}

beforeAll(() => {
  if (!existsSync(path.join(REPO, 'dist/cjs/index.js'))) {
    throw new Error('examples run against the build: run `npm run build` first (npm test does)')
  }
})

afterAll(() => {
  for (const pid of running) process.kill(pid, 'SIGKILL')
})

describe('examples/ against a local MSK, each as a process configured by environment variables', () => {
  let msk: LocalMsk
  let work: string
  let env: NodeJS.ProcessEnv
  const log: EmulatorLogEntry[] = []
  const confluent = isInstalled('@confluentinc/kafka-javascript')
  const sent: string[] = []

  beforeAll(async () => {
    msk = await startLocalMsk({ brokers: 1 })
    msk.emulator.setOptions({
      log: (entry) => {
        log.push(entry)
        captureForScan(entry)
      },
    })
    work = await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-examples-'))
    const caFile = path.join(work, 'ca.pem')
    await writeFile(caFile, msk.caCert)
    const port = msk.bootstrapBrokers[0]!.split(':').pop()
    // Only what examples/README.md lists, and nothing of the developer's own AWS setup.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|KAFKA)/.test(name)))
    env = {
      ...inherited,
      KAFKA_BROKERS: `localhost:${port}`,
      KAFKA_CA_FILE: caFile,
      KAFKA_TOPIC: 'orders',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: msk.identity.accessKeyId,
      AWS_SECRET_ACCESS_KEY: msk.identity.secretAccessKey,
      AWS_CONFIG_FILE: path.join(work, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-credentials'),
    }
  }, 180_000)

  afterAll(async () => {
    await msk?.close()
    if (work) await rm(work, { recursive: true, force: true })
  })

  const example = (name: string) => start(process.execPath, [RUN, `examples/${name}.ts`], env)

  test('create-topic.ts creates the topic (MSK creates none on first use)', async () => {
    expect(await runToEnd(example('create-topic'))).toContain('created topic orders')
  }, 60_000)

  test('lambda-producer.ts: the handler, invoked twice (cold, then warm), sends each time (the consumer reads it)', async () => {
    const output = await runToEnd(example('invoke-lambda-producer'))
    expect(output.match(/\{"sent":1\}/g)).toHaveLength(2)
    sent.push('order-1001', 'order-1002')
  }, 60_000)

  test('platformatic-oauthbearer.ts sends over OAUTHBEARER', async () => {
    expect(await runToEnd(example('platformatic-oauthbearer'))).toMatch(/sent 1 message to orders/)
    sent.push('order-3')
    // It ran against the build: the package stays an import, nothing of src/ is bundled into the example.
    const bundled = await readFile(path.join(REPO, '.cache/examples/platformatic-oauthbearer.mjs'), 'utf8')
    expect(bundled).toMatch(/from "kafkajs-msk-iam"/)
    expect(bundled).not.toMatch(/^\/\/ src\//m)
    expect(log.some((e) => e.event === 'authenticate' && e.mechanism === 'OAUTHBEARER')).toBe(true)
  }, 60_000)

  if (!confluent) {
    console.warn(
      'SKIPPED examples/confluent-oauthbearer.ts: @confluentinc/kafka-javascript is not installed. .ci/run installs it (CKJS_LINKING=dynamic npm install --no-save @confluentinc/kafka-javascript)',
    )
  }
  ;(confluent ? test : test.skip)(
    'confluent-oauthbearer.ts sends over OAUTHBEARER',
    async () => {
      expect(await runToEnd(example('confluent-oauthbearer'))).toMatch(/sent 1 message to orders/)
      sent.push('order-4')
    },
    60_000,
  )

  test('long-running-consumer.ts consumes everything sent, renews its sessions proactively, stops on SIGTERM', async () => {
    // Short sessions from now on, so that the scheduler renews within the test (at 85–95 % of 4 s).
    msk.emulator.setOptions({ sessionLifetime: 4000 })
    const from = log.length
    const consumer = example('long-running-consumer')
    try {
      for (const id of sent) await consumer.waitFor(new RegExp(`consumed orders\\[\\d\\]@\\d+: \\{"id":"${id}"`), id)
      await consumer.waitFor(/re-authenticated to \S+ \(scheduled\)/, 'a scheduled renewal')
    } finally {
      msk.emulator.setOptions({ sessionLifetime: 'credential-expiry' })
    }
    consumer.signal('SIGTERM')
    expect(await consumer.exited).toEqual({ code: 0, signal: null })
    expect(consumer.output()).toContain('stopped on SIGTERM')
    const renewals = log.slice(from).filter((e) => e.event === 'reauthenticate')
    expect(renewals.length).toBeGreaterThan(0)
    expect(renewals.every((e) => e.outcome === 'accepted')).toBe(true)
    expect(consumer.output()).not.toMatch(/consumer crashed|could not start/)
  }, 90_000)
})

describe('examples/local-msk-test: the jest example, as its own jest run', () => {
  test('npx jest --config examples/jest.config.cjs passes (it starts and stops its own local MSK)', async () => {
    const jest = start(
      process.execPath,
      [path.join(REPO, 'node_modules/jest/bin/jest.js'), '--config', 'examples/jest.config.cjs', '--ci'],
      { ...process.env, FORCE_COLOR: '0' },
    )
    const output = await runToEnd(jest)
    expect(output).toMatch(/Tests:\s+2 passed, 2 total/)
  }, 240_000)
})
