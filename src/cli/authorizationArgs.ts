import { readFile, writeFile } from 'node:fs/promises'
import { compilePolicy } from '../iam/policy/parsePolicy.js'
import type { PolicyDocument } from '../iam/policy/PolicyDocument.js'
import type { AuthorizationMode, AuthorizedIdentity } from '../testing/types.js'
import { integerOption, UsageError, type ParsedArgs } from './parseCommandArgs.js'

/** The authorization flags `local` and `emulator` share. */
export const AUTHORIZATION_VALUE_FLAGS = [
  'policy',
  'cluster-policy',
  'authorization',
  'record-policy',
  'policy-propagation-ms',
] as const

export const AUTHORIZATION_USAGE = `  --policy FILE           IAM identity policies (a JSON policy document or an array of them) of every
                          identity that has none of its own in --identities (the local test identity too)
  --cluster-policy FILE   the cluster's resource policy (statements with Principal)
  --authorization MODE    enforce (the default with --policy or --cluster-policy), record, or off (the
                          default otherwise: a valid signature is enough)
  --record-policy FILE    record mode: allow everything and write the least-privilege policy for what the
                          clients did to FILE on exit (Ctrl-C, SIGTERM)
  --policy-propagation-ms N  delay before a policy change reaches live connections (default 0)
`

export interface AuthorizationArgs {
  mode: AuthorizationMode | undefined
  policies: PolicyDocument[] | undefined
  clusterPolicy: PolicyDocument | undefined
  recordTo: string | undefined
  policyPropagationMs: number | undefined
}

/** Reads and validates the authorization flags (policy files are compiled: a bad one is a usage error). */
export async function authorizationArgs(args: ParsedArgs): Promise<AuthorizationArgs> {
  const modeText = args.values.get('authorization')
  if (modeText !== undefined && modeText !== 'enforce' && modeText !== 'record' && modeText !== 'off')
    throw new UsageError(`--authorization must be enforce, record or off, got "${modeText}"`)
  const recordTo = args.values.get('record-policy')
  if (recordTo !== undefined && modeText !== undefined && modeText !== 'record')
    throw new UsageError(`--record-policy records: it cannot be combined with --authorization ${modeText}`)
  const policyFile = args.values.get('policy')
  const clusterFile = args.values.get('cluster-policy')
  const policies = policyFile === undefined ? undefined : await policyDocuments(policyFile, '--policy', 'identity')
  const clusterPolicy =
    clusterFile === undefined ? undefined : (await policyDocuments(clusterFile, '--cluster-policy', 'resource'))[0]
  const mode: AuthorizationMode | undefined = recordTo !== undefined ? 'record' : modeText
  if (mode === 'off' && (policies !== undefined || clusterPolicy !== undefined))
    throw new UsageError('--authorization off takes no --policy or --cluster-policy')
  return { mode, policies, clusterPolicy, recordTo, policyPropagationMs: integerOption(args, 'policy-propagation-ms') }
}

/** `--policy`'s documents for every identity that carries none of its own. */
export function withDefaultPolicies(
  identities: readonly AuthorizedIdentity[],
  policies: PolicyDocument[] | undefined,
): AuthorizedIdentity[] {
  return identities.map((identity) =>
    policies === undefined || identity.policies !== undefined ? identity : { ...identity, policies },
  )
}

/** Writes the recorded policy (pretty JSON) and says so. */
export async function writeRecordedPolicy(
  file: string,
  policy: PolicyDocument,
  stderr: NodeJS.WritableStream,
): Promise<void> {
  await writeFile(file, `${JSON.stringify(policy, null, 2)}\n`)
  const statements = Array.isArray(policy.Statement) ? policy.Statement.length : 1
  stderr.write(`Wrote the least-privilege policy for what the clients did (${statements} statement(s)) to ${file}\n`)
}

async function policyDocuments(file: string, flag: string, kind: 'identity' | 'resource'): Promise<PolicyDocument[]> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new UsageError(`${flag} ${file}: ${(err as Error).message}`)
  }
  const documents = Array.isArray(parsed) ? parsed : [parsed]
  if (documents.length === 0 || (kind === 'resource' && documents.length !== 1))
    throw new UsageError(
      `${flag} ${file}: expected ${kind === 'resource' ? 'one policy document' : 'policy documents'}`,
    )
  for (const [i, document] of documents.entries()) {
    try {
      compilePolicy(document, { kind, name: documents.length > 1 ? `${file}[${i}]` : file })
    } catch (err) {
      throw new UsageError(`${flag}: ${(err as Error).message}`)
    }
  }
  return documents as PolicyDocument[]
}
