// Statements that grant nothing, or not what their author meant, on MSK. Each finding names the
// statement and says what to change.
import { MSK_CONTROL_PLANE_PREFIX } from '../../constants.js'
import { type MskAction, mskActionsMatching, MSK_CONTROL_PLANE_NAMESAKES } from '../msk/mskActions.js'
import { type MskCluster } from '../msk/mskArn.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import { describeStatement, type PolicyKind, type StatementRef } from '../policy/PolicyDocument.js'
import { isSuppliedContextKey } from '../policy/requestContext.js'
import { lintResources, shapeOf } from './lintResources.js'

export type LintCode =
  | 'invalid-policy'
  | 'unknown-action'
  | 'control-plane-action'
  | 'action-resource-mismatch'
  | 'topic-under-cluster'
  | 'missing-cluster-uuid'
  | 'wildcard-in-resource-type'
  | 'other-partition'
  | 'other-region'
  | 'other-account'
  | 'other-cluster'
  | 'nonexistent-condition-key'
  | 'resource-tag-not-on-cluster'
  | 'idempotent-producer'

export interface LintFinding {
  code: LintCode
  /** `error`: the statement (or policy) grants nothing, or denies everything; `warning`: likely not what you meant. */
  severity: 'error' | 'warning'
  statement: StatementRef | undefined
  message: string
}

export interface LintOptions {
  kind?: PolicyKind
  name?: string
  /** The cluster the policy is meant for: enables the account, region, partition and cluster-name checks. */
  cluster?: MskCluster
}

/** Lints one policy document (any JSON value: invalid documents get `invalid-policy` findings). */
export function lintPolicy(document: unknown, options: LintOptions = {}): LintFinding[] {
  const parsed = parsePolicy(document, {
    kind: options.kind ?? 'identity',
    ...(options.name ? { name: options.name } : {}),
  })
  if (!parsed.ok) {
    return parsed.problems.map((p) => ({
      code: 'invalid-policy',
      severity: 'error',
      statement:
        p.statement === undefined
          ? undefined
          : { policy: p.policy, kind: options.kind ?? 'identity', index: p.statement, sid: p.sid },
      message: `${p.field}: ${p.message}`,
    }))
  }
  const findings: LintFinding[] = []
  for (const statement of parsed.policy.statements) {
    const at = statement.ref
    const add = (code: LintCode, severity: LintFinding['severity'], message: string) =>
      findings.push({ code, severity, statement: at, message })
    const actions = statement.actions.negated ? [] : statement.actions.patterns
    const matched: MskAction[] = []
    for (const action of actions) {
      const lower = action.toLowerCase()
      if (lower.startsWith(MSK_CONTROL_PLANE_PREFIX)) {
        const name = action.slice(MSK_CONTROL_PLANE_PREFIX.length)
        const dataPlane = mskActionsMatching(`kafka-cluster:${name}`)
        const mskResources = statement.resources.some((r) => (shapeOf(r.source)?.type ?? 'other') !== 'other')
        const grantsDataPlane = actions.some((a) => a === '*' || a.toLowerCase().startsWith('kafka-cluster:'))
        if (dataPlane.length > 0 && mskResources && !grantsDataPlane) {
          // kafka:DescribeTopic and a few others are real control-plane APIs too (the AWS SDK's), so the
          // statement may be meant for them: a warning; kafka:WriteData exists nowhere: an error.
          const namesake = /[*?]/.test(name) || MSK_CONTROL_PLANE_NAMESAKES.has(name.toLowerCase())
          add(
            'control-plane-action',
            namesake ? 'warning' : 'error',
            `${action} is ${namesake ? "MSK's control plane (the AWS API), not Kafka's data plane" : 'not an action: kafka: is the control-plane prefix'}; Kafka clients are authorized with kafka-cluster:${name}`,
          )
        }
        continue
      }
      if (lower !== '*' && !lower.startsWith('kafka-cluster:')) continue
      const hits = mskActionsMatching(action)
      if (hits.length === 0)
        add('unknown-action', 'error', `${action} is not a kafka-cluster action: it matches nothing`)
      matched.push(...hits)
    }
    const shapes = statement.resourcesNegated ? [] : statement.resources.map((r) => shapeOf(r.source))
    lintResources(shapes, statement.effect, options.cluster, add)
    const resourceTypes = new Set(shapes.flatMap((s) => (s === undefined ? [] : [s.type])))
    if (matched.length > 0 && resourceTypes.size > 0 && !resourceTypes.has('any')) {
      for (const action of new Set(matched)) {
        const explicit = actions.some((a) => a.toLowerCase() === action.action.toLowerCase())
        if (resourceTypes.has(action.resourceType)) continue
        if (explicit || !matched.some((m) => resourceTypes.has(m.resourceType)))
          add(
            'action-resource-mismatch',
            statement.effect === 'Allow' ? 'error' : 'warning',
            `${action.action} applies to ${action.resourceType} ARNs, but this statement lists only ${[...resourceTypes].join(', ')} ARNs: it grants nothing for ${action.action}`,
          )
      }
    }
    for (const condition of statement.conditions) {
      const key = condition.key
      if (key.startsWith('kafka-cluster:') || key.startsWith('kafka:')) {
        // What the condition evaluates to with its key absent, as it always is on MSK.
        const holds = condition.test(() => undefined)
        const deny = statement.effect === 'Deny'
        add(
          'nonexistent-condition-key',
          'error',
          `${condition.keyText} does not exist on MSK (the only service key is aws:ResourceTag/*): the key is always absent, so ${condition.operator.text} ` +
            (holds
              ? deny
                ? 'always holds and this Deny denies every matching request'
                : 'always holds: it restricts nothing'
              : deny
                ? 'never holds: this Deny never applies'
                : 'never holds: this statement never applies'),
        )
      } else if (key.startsWith('aws:resourcetag/')) {
        const nonCluster =
          shapes.length > 0 && shapes.every((s) => s !== undefined && s.type !== 'cluster' && s.type !== 'any')
        const onlyNonClusterActions = matched.length > 0 && matched.every((m) => m.resourceType !== 'cluster')
        if (nonCluster || onlyNonClusterActions)
          add(
            'resource-tag-not-on-cluster',
            statement.effect === 'Allow' ? 'error' : 'warning',
            `${condition.keyText} applies only to the cluster resource; topics, groups and transactional ids have no tags, so this statement never applies to them (grant them in a separate statement without aws:ResourceTag)`,
          )
      } else if (!isSuppliedContextKey(key) && key.startsWith('aws:')) {
        add(
          'nonexistent-condition-key',
          'warning',
          `${condition.keyText} is not set on MSK data-plane requests as far as this evaluator knows: it is treated as absent`,
        )
      }
    }
  }
  return findings
}

export function describeFinding(finding: LintFinding): string {
  return finding.statement ? `${describeStatement(finding.statement)}: ${finding.message}` : finding.message
}
