// `npm run demo` (startLocalMsk → startKafkaCluster) on a machine without Java, or with Java but without
// Maven and nothing cached yet: one line saying what to install, exit code 1, no stack trace. The demo runs
// as a real process with a PATH of its own; nothing is uninstalled or mocked.
import { execFile } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { javaBin } from '../../../../src/testing/kafka/checkJava.js'
import { fakeBin, type FakeBin } from '../../../helpers/fakeTools.js'

const REPO = path.resolve(__dirname, '../../../..')

function runDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/run-ts.mjs', 'scripts/demo.ts'],
      { cwd: REPO, env, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    )
  })
}

/** The real java, found the way the launcher finds it (JAVA_HOME, else PATH), or undefined. */
function realJava(): string | undefined {
  const java = javaBin()
  if (path.isAbsolute(java)) return realpathSync(java)
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    try {
      return realpathSync(path.join(dir, java))
    } catch {
      // not in this folder
    }
  }
  return undefined
}

let bin: FakeBin
let cache: string
beforeEach(async () => {
  bin = await fakeBin()
  cache = await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-empty-cache-'))
})
afterEach(async () => {
  await bin.remove()
  await rm(cache, { recursive: true, force: true })
})

describe('npm run demo without the Java tools', () => {
  it('no Java: says to install Java 17+ (and Maven), or to bring a Kafka; exit 1', async () => {
    const { code, stdout, stderr } = await runDemo(bin.env({ KAFKAJS_MSK_IAM_CACHE_DIR: cache }))
    expect(code).toBe(1)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^demo: Java not found \(spawn java ENOENT, from PATH\): a local Kafka needs Java 17\+ \(install a JDK, e\.g\. Temurin 17/,
    )
    expect(lines[0]).toContain('Maven 3.8+')
    expect(lines[0]).toContain('startMskIamEmulator({ upstream })')
    expect(stdout).toContain('starting a local MSK cluster') // and nothing after it
    expect(stdout).not.toContain('ready')
  })

  const java = realJava()
  ;(java ? it : it.skip)(
    'Java but no Maven, nothing cached: says Maven is needed once, and where the jars go',
    async () => {
      await symlink(java!, path.join(bin.dir, 'java'))
      const { code, stderr } = await runDemo(bin.env({ KAFKAJS_MSK_IAM_CACHE_DIR: cache }))
      expect(code).toBe(1)
      const lines = stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^demo: Maven not found \(spawn mvn ENOENT\): a local Kafka needs Maven 3\.8\+ once, to fetch kafka-broker jars from Maven Central into /,
      )
      expect(lines[0]).toContain(path.join(cache, 'jars'))
      expect(lines[0]).toContain('startMskIamEmulator({ upstream })')
    },
  )
})
