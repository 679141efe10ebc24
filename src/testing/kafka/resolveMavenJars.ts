// Resolves a set of jars from Maven Central into the per-user cache, once per pom: the folder is named
// after a hash of the pom and the files written beside it, so a change of either is a new folder, and
// several projects (or package versions) of one user share whatever they have in common. A folder is
// built under a private temp name and renamed into place, so a concurrent first run never sees half of
// it; whoever renames second keeps the winner's copy.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { MAVEN_TIMEOUT_MS } from './constants.js'
import { checkMaven, mavenBin } from './checkMaven.js'
import { kafkaCacheRoot } from './kafkaCacheRoot.js'
import { LocalKafkaError } from './LocalKafkaError.js'
import { isAlive } from './processes.js'
import { runTool } from './runTool.js'

export interface MavenJarsSpec {
  /** Cache folder prefix, e.g. `kafka-broker`. */
  name: string
  /** A pom whose `dependency:copy-dependencies` writes the runtime jars to `${project.basedir}/lib`. */
  pom: string
  /** Small files written beside the pom (e.g. a log4j2 config); part of the cache key. */
  files?: Record<string, string>
}

export interface MavenJars {
  /** The cache folder: pom.xml, the extra files, lib/. */
  dir: string
  /** Absolute jar paths, sorted (a stable classpath that `ps` shows in full). */
  jars: string[]
}

const LIB = 'lib'
const TMP_PREFIX = '.tmp-'

export function mavenJarsKey(spec: MavenJarsSpec): string {
  const hash = createHash('sha256').update('pom.xml\0').update(spec.pom)
  for (const [name, text] of Object.entries(spec.files ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))
    hash.update(`\0${name}\0`).update(text)
  return `${spec.name}-${hash.digest('hex').slice(0, 16)}`
}

async function listJars(lib: string): Promise<string[]> {
  const jars = (await readdir(lib)).filter((f) => f.endsWith('.jar')).sort()
  return jars.map((jar) => path.join(lib, jar))
}

/** Temp folders of runs that died mid-resolve (their pid is in the name). */
async function sweepDeadTemps(root: string): Promise<void> {
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    const pid = Number(/^\.tmp-.+-(\d+)-[0-9a-f]+$/.exec(entry)?.[1])
    if (pid && pid !== process.pid && !isAlive(pid)) await rm(path.join(root, entry), { recursive: true, force: true })
  }
}

function firstErrorLine(output: string): string {
  const line = output.split('\n').find((l) => l.includes('[ERROR]')) ?? output.trim().split('\n').pop() ?? ''
  return line.replace('[ERROR]', '').trim().slice(0, 300)
}

async function resolveInto(tmp: string, spec: MavenJarsSpec, env: NodeJS.ProcessEnv): Promise<void> {
  await mkdir(path.join(tmp, LIB), { recursive: true })
  await writeFile(path.join(tmp, 'pom.xml'), spec.pom)
  for (const [name, text] of Object.entries(spec.files ?? {})) await writeFile(path.join(tmp, name), text)
  const args = ['-q', '-B', '-f', path.join(tmp, 'pom.xml'), 'dependency:copy-dependencies']
  const run = await runTool(mavenBin(), args, env, MAVEN_TIMEOUT_MS)
  if (run.failure) {
    throw new LocalKafkaError(
      'MAVEN_FAILED',
      `mvn ${args.join(' ')} failed (${run.failure.code}): ${firstErrorLine(run.output)}`,
      { detail: run.output.trim() },
    )
  }
}

async function resolve(spec: MavenJarsSpec, env: NodeJS.ProcessEnv): Promise<MavenJars> {
  const root = path.join(kafkaCacheRoot(env), 'jars')
  const dir = path.join(root, mavenJarsKey(spec))
  if (existsSync(path.join(dir, LIB))) return { dir, jars: await listJars(path.join(dir, LIB)) }

  await checkMaven(`to fetch ${spec.name} jars from Maven Central into ${root}`, env)
  await mkdir(root, { recursive: true })
  await sweepDeadTemps(root)
  const tmp = path.join(root, `${TMP_PREFIX}${mavenJarsKey(spec)}-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await resolveInto(tmp, spec, env)
    await rename(tmp, dir).catch((err: NodeJS.ErrnoException) => {
      // Another run renamed its copy first: same pom, same jars, keep theirs.
      if (!existsSync(path.join(dir, LIB))) throw err
    })
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
  const jars = await listJars(path.join(dir, LIB))
  if (jars.length === 0) throw new LocalKafkaError('MAVEN_FAILED', `Maven copied no jars into ${dir}`)
  return { dir, jars }
}

const pending = new Map<string, Promise<MavenJars>>()

/** Resolves once per process and spec; a failed resolve is retried on the next call. */
export function resolveMavenJars(spec: MavenJarsSpec, env: NodeJS.ProcessEnv = process.env): Promise<MavenJars> {
  const key = `${kafkaCacheRoot(env)}\0${mavenJarsKey(spec)}`
  let result = pending.get(key)
  if (!result) {
    result = resolve(spec, env)
    result.catch(() => pending.delete(key))
    pending.set(key, result)
  }
  return result
}
