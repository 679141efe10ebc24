import { BRING_YOUR_OWN_KAFKA, MAVEN_INSTALL_HINT, MIN_MAVEN_VERSION, TOOL_CHECK_TIMEOUT_MS } from './constants.js'
import { LocalKafkaError } from './LocalKafkaError.js'
import { runTool } from './runTool.js'

/** `mvn` from PATH (`mvn.cmd` on Windows, where execFile needs the exact name). */
export const mavenBin = (): string => (process.platform === 'win32' ? 'mvn.cmd' : 'mvn')

/** `Apache Maven 3.8.7 (…)` → [3, 8]; ANSI colour codes around the name are ignored. */
export function parseMavenVersion(output: string): [number, number] | undefined {
  const match = /Apache Maven (\d+)\.(\d+)/.exec(output.replace(/\u001b\[[0-9;]*m/g, ''))
  return match ? [Number(match[1]), Number(match[2])] : undefined
}

const atLeast = ([major, minor]: [number, number], [wantMajor, wantMinor]: readonly [number, number]): boolean =>
  major > wantMajor || (major === wantMajor && minor >= wantMinor)

/**
 * Rejects with a LocalKafkaError (MAVEN_NOT_FOUND, MAVEN_TOO_OLD) saying what to install. Only needed
 * when the jars are not in the cache yet: `why` says what Maven would be used for.
 */
export async function checkMaven(why: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const mvn = mavenBin()
  const want = MIN_MAVEN_VERSION.join('.')
  const run = await runTool(mvn, ['-B', '-v'], env, TOOL_CHECK_TIMEOUT_MS)
  const version = parseMavenVersion(run.output)
  if (!version) {
    const reason =
      run.failure?.code === 'ENOENT'
        ? `spawn ${mvn} ENOENT`
        : `no version in \`${mvn} -v\`: ${run.failure?.code ?? 'unreadable'}`
    throw new LocalKafkaError(
      'MAVEN_NOT_FOUND',
      `Maven not found (${reason}): a local Kafka needs Maven ${want}+ once, ${why} (${MAVEN_INSTALL_HINT}), ${BRING_YOUR_OWN_KAFKA}`,
      { detail: run.output.trim() || undefined },
    )
  }
  if (!atLeast(version, MIN_MAVEN_VERSION)) {
    throw new LocalKafkaError(
      'MAVEN_TOO_OLD',
      `Maven ${version.join('.')} found, but a local Kafka needs Maven ${want}+, ${why} (${MAVEN_INSTALL_HINT}), ${BRING_YOUR_OWN_KAFKA}`,
      { detail: run.output.trim() },
    )
  }
}
