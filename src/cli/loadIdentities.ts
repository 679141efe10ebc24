import { readFile } from 'node:fs/promises'
import { LOCAL_MSK_DEFAULTS, LOCAL_TEST_IDENTITY } from '../testing/constants.js'
import type { AuthorizedIdentity } from '../testing/types.js'
import type { EmulatorIdentity } from '../testing/verifier/types.js'
import { UsageError } from './parseCommandArgs.js'

/** The identity a command accepts without --identities: fixed, printed at start, never the shell's AWS keys. */
export const LOCAL_IDENTITY: EmulatorIdentity = {
  accessKeyId: LOCAL_TEST_IDENTITY.accessKeyId,
  secretAccessKey: LOCAL_TEST_IDENTITY.secretAccessKey,
  principalArn: `arn:aws:iam::${LOCAL_MSK_DEFAULTS.ACCOUNT_ID}:${LOCAL_TEST_IDENTITY.principalName}`,
}

/**
 * `--identities FILE`: a JSON array of identities (each may carry its `policies` and `tags`); without a
 * file, the local test identity.
 */
export async function loadIdentities(file: string | undefined): Promise<AuthorizedIdentity[]> {
  if (file === undefined) return [LOCAL_IDENTITY]
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new UsageError(`--identities ${file}: ${(err as Error).message}`)
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new UsageError(`${file}: expected a JSON array of identities`)
  return parsed.map((entry: unknown, index) => {
    const e = entry as Record<string, unknown>
    const strings = ['accessKeyId', 'secretAccessKey', 'principalArn'].every((k) => typeof e?.[k] === 'string')
    const optional =
      (e?.sessionToken === undefined || typeof e.sessionToken === 'string') &&
      (e?.expiresAt === undefined || typeof e.expiresAt === 'number') &&
      (e?.policies === undefined || Array.isArray(e.policies)) &&
      (e?.tags === undefined ||
        (typeof e.tags === 'object' && e.tags !== null && Object.values(e.tags).every((v) => typeof v === 'string')))
    if (!strings || !optional)
      throw new UsageError(
        `${file}: identity ${index} needs accessKeyId, secretAccessKey, principalArn strings (sessionToken string, expiresAt epoch ms, policies array of policy documents, tags object of strings optional)`,
      )
    return e as unknown as AuthorizedIdentity
  })
}
