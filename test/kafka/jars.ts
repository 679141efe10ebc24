// Resolves the Apache Kafka jars (broker, console clients, aws-msk-iam-auth) from Maven Central into
// <repo>/.cache/kafka/lib, once: the result is keyed on a hash of the poms, so later calls cost a few
// file reads. We have only jars (no tarball, no shell scripts), so classpaths are built here.
import { createHash } from 'node:crypto'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export interface KafkaJars {
  /** Kafka server + log4j2 (`kafka.Kafka`, `kafka.tools.StorageTool`). */
  brokerClasspath: string
  /** kafka-tools (console producer/consumer) + aws-msk-iam-auth + log4j2. */
  clientClasspath: string
}

const POMS = ['pom.xml', 'broker/pom.xml', 'clients/pom.xml']
const STAMP = '.stamp'

/** The repo root: the nearest ancestor holding test/kafka/pom.xml (works from sources and from bundles). */
export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start
    for (;;) {
      if (existsSync(path.join(dir, 'test', 'kafka', 'pom.xml'))) return dir
      const parent = path.dirname(dir)
      if (parent === dir) break
      dir = parent
    }
  }
  throw new Error(`cannot find test/kafka/pom.xml above ${__dirname} or ${process.cwd()}`)
}

export const kafkaDir = (): string => path.join(repoRoot(), 'test', 'kafka')
export const cacheDir = (): string => path.join(repoRoot(), '.cache', 'kafka')
export const log4jConfig = (): string => path.join(kafkaDir(), 'log4j2.properties')

/** `java` from JAVA_HOME when set, else from PATH. */
export function javaBin(): string {
  const home = process.env.JAVA_HOME
  return home ? path.join(home, 'bin', 'java') : 'java'
}

async function pomHash(): Promise<string> {
  const hash = createHash('sha256')
  for (const pom of POMS)
    hash
      .update(pom)
      .update('\0')
      .update(await readFile(path.join(kafkaDir(), pom)))
  return hash.digest('hex')
}

async function readStamp(libRoot: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(libRoot, STAMP), 'utf8')).trim()
  } catch {
    return undefined
  }
}

/** Runs Maven into a private directory, so a concurrent run never sees half-copied jars. */
async function resolveInto(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  const args = [
    '-q',
    '-B',
    '-f',
    path.join(kafkaDir(), 'pom.xml'),
    `-Dkafka.lib.root=${dir}`,
    'dependency:copy-dependencies',
  ]
  try {
    await execFileAsync('mvn', args, { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 })
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string }
    throw new Error(`mvn ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`)
  }
}

/** Swaps the freshly resolved directory in; if another process won the race with the same poms, keep theirs. */
async function install(tmp: string, libRoot: string, hash: string): Promise<void> {
  // Never move a complete, current lib dir away: another run may have JVMs loading classes from it.
  if ((await readStamp(libRoot)) === hash) return rm(tmp, { recursive: true, force: true })
  await writeFile(path.join(tmp, STAMP), `${hash}\n`)
  const old = `${libRoot}.old-${process.pid}`
  await rename(libRoot, old).catch(() => undefined)
  try {
    await rename(tmp, libRoot)
  } catch (err) {
    if ((await readStamp(libRoot)) !== hash) throw err
    await rm(tmp, { recursive: true, force: true })
  }
  await rm(old, { recursive: true, force: true })
}

async function classpathOf(dir: string): Promise<string> {
  const jars = (await readdir(dir)).filter((f) => f.endsWith('.jar')).sort()
  if (jars.length === 0) throw new Error(`no jars in ${dir}`)
  return jars.map((j) => path.join(dir, j)).join(path.delimiter)
}

let pending: Promise<KafkaJars> | undefined

async function ensure(): Promise<KafkaJars> {
  const libRoot = path.join(cacheDir(), 'lib')
  const hash = await pomHash()
  if ((await readStamp(libRoot)) !== hash) {
    await mkdir(cacheDir(), { recursive: true })
    const tmp = `${libRoot}.tmp-${process.pid}`
    await resolveInto(tmp)
    await install(tmp, libRoot, hash)
  }
  return {
    brokerClasspath: await classpathOf(path.join(libRoot, 'broker')),
    clientClasspath: await classpathOf(path.join(libRoot, 'clients')),
  }
}

/**
 * Makes sure the jars are in .cache/kafka/lib and returns both classpaths (explicit jar lists, so the
 * order is stable and `ps` shows what runs). Cold: one Maven run; warm: a hash of three small files.
 */
export function ensureKafkaJars(): Promise<KafkaJars> {
  pending ??= ensure().catch((err: unknown) => {
    pending = undefined
    throw err
  })
  return pending
}

/** `kafka.version` of the broker pom: the version the authorizer jar must be compiled against. */
export async function kafkaVersion(): Promise<string> {
  const pom = await readFile(path.join(kafkaDir(), 'pom.xml'), 'utf8')
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1]?.trim()
  if (!version) throw new Error(`no <kafka.version> in ${path.join(kafkaDir(), 'pom.xml')}`)
  return version
}
