import * as os from 'node:os'
import * as path from 'node:path'
import { CACHE_DIR_ENV, CACHE_DIR_NAME } from './constants.js'

/**
 * The per-user cache of the local Kafka: the jars resolved from Maven Central (one folder per pom hash,
 * shared by every project of this user, never inside `node_modules`) and the records of running nodes.
 *
 * `$KAFKAJS_MSK_IAM_CACHE_DIR` when set, else `$XDG_CACHE_HOME/kafkajs-msk-iam`, else
 * `%LOCALAPPDATA%\kafkajs-msk-iam` on Windows, else `~/.cache/kafkajs-msk-iam`.
 */
export function kafkaCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[CACHE_DIR_ENV]
  if (explicit) return path.resolve(explicit)
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, CACHE_DIR_NAME)
  if (process.platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, CACHE_DIR_NAME)
  return path.join(os.homedir(), '.cache', CACHE_DIR_NAME)
}
