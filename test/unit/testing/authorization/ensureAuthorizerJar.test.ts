// The authorizer jar cache, with a stand-in `mvn` on the PATH that records its calls and writes a jar
// where the real build would (the real Maven build runs in test/integration/authorizer.test.ts).
import { appendFile, chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { authorizerSourceDir, ensureAuthorizerJar } from '../../../../src/testing/authorization/ensureAuthorizerJar.js'

const FAKE_MVN = `#!/bin/sh
echo "$@" >> "$FAKE_MVN_LOG"
if [ -n "$FAKE_MVN_FAIL" ]; then echo "[ERROR] COMPILATION ERROR" >&2; exit 1; fi
for arg in "$@"; do
  case "$arg" in -Dauthorizer.build.dir=*) dir="\${arg#-Dauthorizer.build.dir=}" ;; esac
done
mkdir -p "$dir" && printf 'jar for %s' "$*" > "$dir/msk-iam-authorizer.jar"
`

let work: string
let sourceDir: string
let cacheRoot: string
let log: string
const savedEnv = {
  PATH: process.env.PATH,
  FAKE_MVN_LOG: process.env.FAKE_MVN_LOG,
  FAKE_MVN_FAIL: process.env.FAKE_MVN_FAIL,
}

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'authorizer-jar-'))
  sourceDir = path.join(work, 'authorizer')
  await cp(authorizerSourceDir(), sourceDir, { recursive: true, filter: (src) => !src.includes(`${path.sep}target`) })
  cacheRoot = path.join(work, 'cache')
  log = path.join(work, 'mvn.log')
  await writeFile(log, '')
  const bin = path.join(work, 'bin')
  await mkdir(bin)
  await writeFile(path.join(bin, 'mvn'), FAKE_MVN)
  await chmod(path.join(bin, 'mvn'), 0o755)
  process.env.PATH = `${bin}${path.delimiter}${savedEnv.PATH}`
  process.env.FAKE_MVN_LOG = log
  delete process.env.FAKE_MVN_FAIL
})

afterEach(async () => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  await rm(work, { recursive: true, force: true })
})

const builds = async (): Promise<string[]> => (await readFile(log, 'utf8')).split('\n').filter(Boolean)

describe('ensureAuthorizerJar', () => {
  it('finds the shipped Maven project', async () => {
    expect(await readFile(path.join(authorizerSourceDir(), 'pom.xml'), 'utf8')).toContain(
      '<artifactId>msk-iam-authorizer</artifactId>',
    )
  })

  it('builds once with the Kafka version and a private build dir, then serves the cached jar', async () => {
    const [a, b] = await Promise.all([
      ensureAuthorizerJar({ kafkaVersion: '4.3.1', cacheRoot, sourceDir }),
      ensureAuthorizerJar({ kafkaVersion: '4.3.1', cacheRoot, sourceDir }),
    ])
    expect(a).toBe(b)
    expect(path.relative(cacheRoot, a)).toMatch(/^authorizer\/[0-9a-f]{24}\/msk-iam-authorizer\.jar$/)
    const [call, ...more] = await builds()
    expect(more).toEqual([])
    expect(call).toContain(`-f ${path.join(sourceDir, 'pom.xml')}`)
    expect(call).toContain('-Dkafka.version=4.3.1')
    expect(call).toMatch(/-Dauthorizer\.build\.dir=\S+\.tmp-\d+-[0-9a-f]+\/build/)
    expect(await readFile(a, 'utf8')).toMatch(/^jar for /)
    // Only the finished directory is left: no temp or build directories.
    expect(await readdir(path.join(cacheRoot, 'authorizer'))).toEqual([path.basename(path.dirname(a))])
    expect(await readdir(path.dirname(a))).toEqual(['msk-iam-authorizer.jar'])

    await jest.isolateModulesAsync(async () => {
      const fresh = await import('../../../../src/testing/authorization/ensureAuthorizerJar.js')
      expect(await fresh.ensureAuthorizerJar({ kafkaVersion: '4.3.1', cacheRoot, sourceDir })).toBe(a)
    })
    expect(await builds()).toHaveLength(1)
  })

  it('builds a new jar when a Java source or the Kafka version changes', async () => {
    const first = await ensureAuthorizerJar({ kafkaVersion: '4.3.1', cacheRoot, sourceDir })
    const otherVersion = await ensureAuthorizerJar({ kafkaVersion: '4.4.0', cacheRoot, sourceDir })
    const java = path.join(sourceDir, 'src/main/java/dev/kafkajsmskiam/authorizer/JsonWriter.java')
    await appendFile(java, '// changed\n')
    const changed = await ensureAuthorizerJar({ kafkaVersion: '4.3.1', cacheRoot, sourceDir })
    expect(new Set([first, otherVersion, changed]).size).toBe(3)
    expect(await builds()).toHaveLength(3)
  })

  it('reports a failed build with Maven’s output, leaves nothing behind, and tries again next time', async () => {
    process.env.FAKE_MVN_FAIL = '1'
    await expect(ensureAuthorizerJar({ kafkaVersion: '4.3.1', cacheRoot, sourceDir })).rejects.toThrow(
      /failed:\n\[ERROR\] COMPILATION ERROR/,
    )
    expect(await readdir(path.join(cacheRoot, 'authorizer'))).toEqual([])
    delete process.env.FAKE_MVN_FAIL
    await ensureAuthorizerJar({ kafkaVersion: '4.3.1', cacheRoot, sourceDir })
    expect(await builds()).toHaveLength(2)
  })

  it('says what to install when Maven is missing', async () => {
    process.env.PATH = path.join(work, 'empty')
    await expect(ensureAuthorizerJar({ kafkaVersion: '4.3.1', cacheRoot, sourceDir })).rejects.toThrow(
      'building the local MSK authorizer needs Maven 3.8+ (mvn) and a JDK 17+ on the PATH',
    )
  })
})
