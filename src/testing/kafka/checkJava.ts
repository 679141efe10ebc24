import * as path from 'node:path'
import { BRING_YOUR_OWN_KAFKA, JAVA_INSTALL_HINT, MIN_JAVA_MAJOR, TOOL_CHECK_TIMEOUT_MS } from './constants.js'
import { LocalKafkaError } from './LocalKafkaError.js'
import { runTool } from './runTool.js'

/** `java` from JAVA_HOME when set, else from PATH (what Kafka's own scripts do). */
export function javaBin(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java'
}

/**
 * The major version in `java -version` output: `openjdk version "17.0.15"` → 17, `java version
 * "1.8.0_402"` → 8, `openjdk version "21-ea"` → 21; undefined when there is none.
 */
export function parseJavaMajor(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output)
  if (!match) return undefined
  const first = Number(match[1])
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first
}

const checked = new Map<string, Promise<number>>()

async function check(env: NodeJS.ProcessEnv): Promise<number> {
  const java = javaBin(env)
  const where = env.JAVA_HOME ? `JAVA_HOME=${env.JAVA_HOME}` : 'PATH'
  const run = await runTool(java, ['-version'], env, TOOL_CHECK_TIMEOUT_MS)
  const major = parseJavaMajor(run.output)
  if (run.failure?.code === 'ENOENT' || run.failure?.code === 'EACCES' || major === undefined) {
    const why = run.failure ? `spawn ${java} ${run.failure.code}` : `no version in \`${java} -version\``
    throw new LocalKafkaError(
      'JAVA_NOT_FOUND',
      `Java not found (${why}, from ${where}): a local Kafka needs Java ${MIN_JAVA_MAJOR}+ (${JAVA_INSTALL_HINT}) and Maven 3.8+, ${BRING_YOUR_OWN_KAFKA}`,
      { detail: run.output.trim() || undefined },
    )
  }
  if (major < MIN_JAVA_MAJOR) {
    throw new LocalKafkaError(
      'JAVA_TOO_OLD',
      `Java ${major} found (${java}, from ${where}), but a local Kafka needs Java ${MIN_JAVA_MAJOR}+ (${JAVA_INSTALL_HINT}, then put it first on PATH or set JAVA_HOME), ${BRING_YOUR_OWN_KAFKA}`,
      { detail: run.output.trim() },
    )
  }
  return major
}

/**
 * Resolves to the Java major version, or rejects with a LocalKafkaError (JAVA_NOT_FOUND, JAVA_TOO_OLD)
 * whose message says what to install. Checked once per process for each java and PATH.
 */
export function checkJava(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const key = `${javaBin(env)}\0${env.PATH ?? ''}`
  let pending = checked.get(key)
  if (!pending) {
    pending = check(env)
    pending.catch(() => checked.delete(key)) // installing Java and retrying in the same process works
    checked.set(key, pending)
  }
  return pending
}
