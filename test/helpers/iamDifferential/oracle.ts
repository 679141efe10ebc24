// @cloud-copilot/iam-simulate (AGPL-3.0, a devDependency only: never imported from src/) as the oracle.
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { type Case, NOW } from './generators.js'

export type Outcome = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'

const OUTCOME: Record<string, Outcome> = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
}

export const sessionArn = (c: Case) => `arn:aws:sts::${c.principalAccount}:assumed-role/${c.roleName}/session-1`
export const roleArn = (c: Case) => `arn:aws:iam::${c.principalAccount}:role/${c.roleName}`

/** The oracle's decision; the context holds exactly the keys our evaluator supplies. */
export async function oracleDecision(c: Case, extraContext: Record<string, string | string[]> = {}): Promise<Outcome> {
  const context: Record<string, string | string[]> = {
    'aws:PrincipalArn': roleArn(c),
    'aws:PrincipalAccount': c.principalAccount,
    'aws:CurrentTime': new Date(NOW).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(NOW / 1000)),
  }
  for (const [key, value] of Object.entries(c.tags)) context[`aws:PrincipalTag/${key}`] = value
  // MSK sets aws:ResourceTag for the cluster resource only (SAR: "will only apply to the cluster resource,
  // not topics, groups and transactional IDs"); the oracle treats aws:ResourceTag as a global key and
  // would apply the cluster's tags to a topic, so the harness gives them for cluster requests only.
  if (c.resource.includes(':cluster/'))
    for (const [key, value] of Object.entries(c.clusterTags ?? {})) context[`aws:ResourceTag/${key}`] = value
  if (c.sourceIp !== undefined) context['aws:SourceIp'] = c.sourceIp
  Object.assign(context, c.context, extraContext)
  const result = await runSimulation(
    {
      request: {
        principal: sessionArn(c),
        action: c.action,
        resource: { resource: c.resource, accountId: c.resource.split(':')[4] ?? '' },
        contextVariables: context,
      },
      identityPolicies: c.identityPolicies.map((policy, i) => ({ name: `identity policy ${i + 1}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(c.clusterPolicy === undefined ? {} : { resourcePolicy: c.clusterPolicy }),
    },
    {},
  )
  if (result.resultType === 'error') throw new Error(`oracle rejected the case: ${JSON.stringify(result.errors)}`)
  const outcome = OUTCOME[result.overallResult]
  if (!outcome) throw new Error(`oracle answered ${result.overallResult}`)
  return outcome
}
