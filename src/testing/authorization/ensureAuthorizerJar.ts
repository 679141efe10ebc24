import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { kafkaCacheRoot } from '../kafka/kafkaCacheRoot.js'

const execFileAsync = promisify(execFile)
const JAR_NAME = 'msk-iam-authorizer.jar'
const SOURCE_POM = path.join('java', 'authorizer', 'pom.xml')

export interface EnsureAuthorizerJarOptions {
  /** kafka-clients version to compile against: the broker's own (`kafka.version` of the broker pom). */
  kafkaVersion: string
  /** Where built jars are kept, default {@link authorizerCacheRoot}(). */
  cacheRoot?: string
  /** The Maven project, default the package's own `java/authorizer`. */
  sourceDir?: string
}

/** The per-user cache the jar is built into: the Kafka jars' own ({@link kafkaCacheRoot}), beside them. */
export function authorizerCacheRoot(): string {
  return kafkaCacheRoot()
}

/**
 * `java/authorizer` of this package: found from this file (sources, CommonJS build) or, in the ES module
 * build where there is no __dirname, through the package's own package.json.
 */
export function authorizerSourceDir(): string {
  const starts: string[] = []
  if (typeof __dirname === 'string') starts.push(__dirname)
  try {
    const require = createRequire(path.join(process.cwd(), 'noop.js'))
    starts.push(path.dirname(require.resolve('kafkajs-msk-iam/package.json')))
  } catch {
    // not installed where we run from
  }
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, SOURCE_POM))) return path.join(dir, 'java', 'authorizer')
      if (path.dirname(dir) === dir) break
    }
  }
  throw new Error(`cannot find ${SOURCE_POM} of kafkajs-msk-iam (looked above ${starts.join(', ') || 'nothing'})`)
}

async function sourceFiles(dir: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, relative), { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = path.join(relative, entry.name)
    if (entry.isDirectory()) files.push(...(await sourceFiles(dir, rel)))
    else if (entry.name.endsWith('.java')) files.push(rel)
  }
  return files
}

/** Hash of everything the jar is built from: a change to any of them builds a new jar. */
async function buildKey(sourceDir: string, kafkaVersion: string): Promise<string> {
  const hash = createHash('sha256').update(`kafka ${kafkaVersion}\0`)
  hash.update('pom.xml\0').update(await readFile(path.join(sourceDir, 'pom.xml')))
  for (const file of await sourceFiles(sourceDir, 'src')) {
    hash.update(`\0${file.split(path.sep).join('/')}\0`).update(await readFile(path.join(sourceDir, file)))
  }
  return hash.digest('hex').slice(0, 24)
}

async function build(sourceDir: string, kafkaVersion: string, into: string): Promise<void> {
  const args = [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    path.join(sourceDir, 'pom.xml'),
    `-Dkafka.version=${kafkaVersion}`,
    `-Dauthorizer.build.dir=${path.join(into, 'build')}`,
    '-DskipTests',
    'package',
  ]
  try {
    // env given explicitly: the PATH (and MAVEN_OPTS) of this process as the caller may have changed it.
    await execFileAsync('mvn', args, { env: process.env, maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 })
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string }
    if (e.code === 'ENOENT') {
      throw new Error('building the local MSK authorizer needs Maven 3.8+ (mvn) and a JDK 17+ on the PATH', {
        cause: err,
      })
    }
    throw new Error(`mvn ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err })
  }
  await copyFile(path.join(into, 'build', JAR_NAME), path.join(into, JAR_NAME))
  await rm(path.join(into, 'build'), { recursive: true, force: true })
}

const pending = new Map<string, Promise<string>>()

/**
 * Builds the authorizer jar with Maven unless the cache already holds one for these sources and this
 * Kafka version, and returns its path (put it on the broker's classpath). Cold: one Maven run of a few
 * seconds; warm: a hash of a dozen small files. Concurrent first runs each build into a private
 * directory and the first to rename it into place wins, so no JVM ever sees a half-written jar.
 */
export async function ensureAuthorizerJar(options: EnsureAuthorizerJarOptions): Promise<string> {
  const sourceDir = options.sourceDir ?? authorizerSourceDir()
  const root = path.join(options.cacheRoot ?? authorizerCacheRoot(), 'authorizer')
  const key = await buildKey(sourceDir, options.kafkaVersion)
  const target = path.join(root, key)
  const jar = path.join(target, JAR_NAME)
  let job = pending.get(jar)
  if (!job) {
    job = (async () => {
      if (existsSync(jar)) return jar
      await mkdir(root, { recursive: true })
      const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
      try {
        await build(sourceDir, options.kafkaVersion, tmp)
        await rename(tmp, target).catch((err: unknown) => {
          if (!existsSync(jar)) throw err
        })
      } finally {
        await rm(tmp, { recursive: true, force: true })
      }
      return jar
    })()
    pending.set(jar, job)
    job.catch(() => pending.delete(jar))
  }
  return job
}
