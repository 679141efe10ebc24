// resolveMavenJars with a fake `mvn` on a PATH of its own (spawned with a custom env): what it runs, the
// per-pom cache folder, the rename into place when another run wins, and the errors.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { mavenJarsKey, resolveMavenJars, type MavenJarsSpec } from '../../../../src/testing/kafka/resolveMavenJars.js'
import { fakeBin, type FakeBin } from '../../../helpers/fakeTools.js'

let bin: FakeBin
let cache: string
let n = 0
beforeEach(async () => {
  bin = await fakeBin()
  cache = await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-cache-'))
})
afterEach(async () => {
  await bin.remove()
  await rm(cache, { recursive: true, force: true })
})

/** A different spec per test: resolveMavenJars memoizes per process. */
const spec = (): MavenJarsSpec => ({ name: 'test-jars', pom: `<project>${++n}</project>`, files: { 'a.txt': 'A' } })

/**
 * A fake mvn: `-v` prints a version; otherwise it logs its arguments to calls.log and creates the jars
 * in lib/ beside the pom given with -f (what dependency:copy-dependencies does with our poms).
 */
async function fakeMaven(extra = ''): Promise<void> {
  await bin.tool(
    'mvn',
    `if [ "$2" = "-v" ]; then echo 'Apache Maven 3.8.7'; exit 0; fi
echo "$@" >> "${bin.dir}/calls.log"
pom="$4"
${extra}
/bin/mkdir -p "$(/usr/bin/dirname "$pom")/lib"
echo jar > "$(/usr/bin/dirname "$pom")/lib/b.jar"
echo jar > "$(/usr/bin/dirname "$pom")/lib/a.jar"`,
  )
}

const calls = async (): Promise<string[]> =>
  (await readFile(path.join(bin.dir, 'calls.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean)

describe('resolveMavenJars', () => {
  it('runs Maven once into a folder named after the pom hash; later calls read the cache', async () => {
    await fakeMaven()
    const env = bin.env({ KAFKAJS_MSK_IAM_CACHE_DIR: cache })
    const s = spec()
    const jars = await resolveMavenJars(s, env)
    const dir = path.join(cache, 'jars', mavenJarsKey(s))
    expect(jars).toEqual({ dir, jars: [path.join(dir, 'lib', 'a.jar'), path.join(dir, 'lib', 'b.jar')] })
    expect(await readFile(path.join(dir, 'pom.xml'), 'utf8')).toBe(s.pom)
    expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('A')
    expect(await calls()).toEqual([expect.stringMatching(/^-q -B -f .*pom\.xml dependency:copy-dependencies$/)])
    // No temp folder is left beside the result.
    expect(await readdir(path.join(cache, 'jars'))).toEqual([mavenJarsKey(s)])

    // The same pom again: no second Maven run.
    expect((await resolveMavenJars({ ...s }, env)).jars).toEqual(jars.jars)
    expect(await calls()).toHaveLength(1)
  })

  it('a changed pom or extra file is a new folder', () => {
    const s = spec()
    expect(mavenJarsKey({ ...s, pom: s.pom + ' ' })).not.toBe(mavenJarsKey(s))
    expect(mavenJarsKey({ ...s, files: { 'a.txt': 'B' } })).not.toBe(mavenJarsKey(s))
    expect(mavenJarsKey({ ...s })).toBe(mavenJarsKey(s))
  })

  it('a cached folder needs no Maven at all', async () => {
    const s = spec()
    const lib = path.join(cache, 'jars', mavenJarsKey(s), 'lib')
    await mkdir(lib, { recursive: true })
    await writeFile(path.join(lib, 'x.jar'), '')
    // No mvn on this PATH: resolving from the cache must not ask for it.
    const jars = await resolveMavenJars(s, bin.env({ KAFKAJS_MSK_IAM_CACHE_DIR: cache }))
    expect(jars.jars).toEqual([path.join(lib, 'x.jar')])
  })

  it('another run renaming its copy first wins; ours is discarded and theirs used', async () => {
    const s = spec()
    const final = path.join(cache, 'jars', mavenJarsKey(s))
    // While "our" Maven runs, the other run's complete folder appears under the final name.
    await fakeMaven(`/bin/mkdir -p "${final}/lib"; echo theirs > "${final}/lib/theirs.jar"`)
    const jars = await resolveMavenJars(s, bin.env({ KAFKAJS_MSK_IAM_CACHE_DIR: cache }))
    expect(jars.jars).toEqual([path.join(final, 'lib', 'theirs.jar')])
    expect(await readdir(path.join(cache, 'jars'))).toEqual([mavenJarsKey(s)])
  })

  it('without Maven and without a cached folder: MAVEN_NOT_FOUND naming the cache', async () => {
    const error = await resolveMavenJars(spec(), bin.env({ KAFKAJS_MSK_IAM_CACHE_DIR: cache })).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'LocalKafkaError', code: 'MAVEN_NOT_FOUND' })
    expect((error as Error).message).toContain(path.join(cache, 'jars'))
  })

  it('a failing Maven: MAVEN_FAILED with its first [ERROR] line; nothing half-made is left; a retry runs again', async () => {
    await bin.tool(
      'mvn',
      `if [ "$2" = "-v" ]; then echo 'Apache Maven 3.8.7'; exit 0; fi
echo "$@" >> "${bin.dir}/calls.log"
echo '[INFO] Scanning'; echo '[ERROR] Could not transfer artifact org.apache.kafka:kafka_2.13:jar:4.3.1'; echo '[ERROR] more'; exit 1`,
    )
    const s = spec()
    const env = bin.env({ KAFKAJS_MSK_IAM_CACHE_DIR: cache })
    const error = (await resolveMavenJars(s, env).catch((e: unknown) => e)) as Error & { code: string; detail: string }
    expect(error.code).toBe('MAVEN_FAILED')
    expect(error.message).toMatch(/failed \(exit 1\): Could not transfer artifact org\.apache\.kafka:kafka_2\.13/)
    expect(error.detail).toContain('[ERROR] more')
    expect(await readdir(path.join(cache, 'jars'))).toEqual([])
    await expect(resolveMavenJars(s, env)).rejects.toMatchObject({ code: 'MAVEN_FAILED' })
    expect(await calls()).toHaveLength(2)
  })

  it('sweeps temp folders of runs that died mid-resolve', async () => {
    await fakeMaven()
    const root = path.join(cache, 'jars')
    const dead = path.join(root, '.tmp-test-jars-0123456789abcdef-999999999-abcd1234')
    await mkdir(dead, { recursive: true })
    await resolveMavenJars(spec(), bin.env({ KAFKAJS_MSK_IAM_CACHE_DIR: cache }))
    expect(existsSync(dead)).toBe(false)
  })
})
