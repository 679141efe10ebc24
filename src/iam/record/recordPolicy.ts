// Record mode's policy writer: from the (action, resource ARN) pairs a run needed, the least-privilege
// identity policy. Exact actions; MSK ARNs with the cluster UUID replaced by `*` (the policy survives a
// cluster's replacement); one statement per resource type, split further only where resources of a
// type need different actions (one statement per action set, so nothing is granted that was not used);
// sorted, so the same run always writes the same document.
import { IAM_POLICY_VERSION } from '../../constants.js'
import { MSK_ACTIONS, mskAction, type MskResourceType } from '../msk/mskActions.js'
import { parseMskArn, wildcardClusterUuid } from '../msk/mskArn.js'
import { type PolicyDocument, type PolicyStatement } from '../policy/PolicyDocument.js'

export interface RecordedAccess {
  action: string
  resource: string
}

export interface RecordPolicyOptions {
  /** Keep the cluster UUID instead of `*` (default false). */
  exactClusterUuid?: boolean
}

const TYPE_ORDER: readonly (MskResourceType | 'other')[] = ['cluster', 'topic', 'group', 'transactional-id', 'other']
const SID: Readonly<Record<MskResourceType | 'other', string>> = {
  cluster: 'Cluster',
  topic: 'Topics',
  group: 'Groups',
  'transactional-id': 'TransactionalIds',
  other: 'Other',
}
const ACTION_ORDER = new Map(MSK_ACTIONS.map((a, i) => [a.action, i]))

export function recordPolicy(accesses: Iterable<RecordedAccess>, options: RecordPolicyOptions = {}): PolicyDocument {
  // resource ARN → its actions (canonical spelling), grouped by resource type
  const byType = new Map<MskResourceType | 'other', Map<string, Set<string>>>()
  for (const { action, resource } of accesses) {
    const canonical = mskAction(action)?.action ?? action
    const type = parseMskArn(resource)?.resourceType ?? 'other'
    const arn = options.exactClusterUuid ? resource : wildcardClusterUuid(resource)
    const resources = byType.get(type) ?? new Map<string, Set<string>>()
    byType.set(type, resources)
    const actions = resources.get(arn) ?? new Set<string>()
    resources.set(arn, actions)
    actions.add(canonical)
  }
  const statements: PolicyStatement[] = []
  for (const type of TYPE_ORDER) {
    const resources = byType.get(type)
    if (!resources) continue
    const bySet = new Map<string, { actions: string[]; resources: string[] }>()
    for (const [arn, actions] of resources) {
      const sorted = [...actions].sort(compareActions)
      const key = sorted.join(' ')
      const group = bySet.get(key) ?? { actions: sorted, resources: [] }
      bySet.set(key, group)
      group.resources.push(arn)
    }
    const groups = [...bySet.values()]
      .map((g) => ({ ...g, resources: g.resources.sort() }))
      .sort((a, b) => byCodeUnits(a.resources[0] ?? '', b.resources[0] ?? ''))
    groups.forEach((group, i) =>
      statements.push({
        Sid: i === 0 ? SID[type] : `${SID[type]}${i + 1}`,
        Effect: 'Allow',
        Action: group.actions,
        Resource: group.resources,
      }),
    )
  }
  return { Version: IAM_POLICY_VERSION, Statement: statements }
}

function compareActions(a: string, b: string): number {
  const ia = ACTION_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER
  const ib = ACTION_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER
  return ia !== ib ? ia - ib : byCodeUnits(a, b)
}

/** Locale-independent order: the same document on every machine. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
