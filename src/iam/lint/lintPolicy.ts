// Statements that grant nothing, or not what their author meant, on MSK. Each finding names the
// statement and says what to change.
import { MSK_ARN_SERVICE, MSK_CONTROL_PLANE_PREFIX, KAFKA_HARDCODE_TOPIC } from '../../constants.js'
import { type MskAction, mskActionsMatching, type MskResourceType } from '../msk/mskActions.js'
import { clusterArn, type MskCluster, topicArn } from '../msk/mskArn.js'
import { type CompiledPolicy } from '../policy/CompiledPolicy.js'
import { evaluatePolicies } from '../policy/evaluatePolicies.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import { describeStatement, type PolicyKind, type StatementRef } from '../policy/PolicyDocument.js'
import { isSuppliedContextKey } from '../policy/requestContext.js'

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

const TYPES: readonly MskResourceType[] = ['cluster', 'topic', 'group', 'transactional-id']
const MSK_RESOURCE = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):([^/:]*)(?:[/:](.*))?$/s

interface ResourceShape {
  text: string
  /** The resource type word, when literal and one of MSK's; `any` for `*` and wildcard words. */
  type: MskResourceType | 'any' | 'other'
  parts: string[]
  partition: string
  region: string
  account: string
}

function shapeOf(resource: string): ResourceShape | undefined {
  if (resource === '*') return { text: resource, type: 'any', parts: [], partition: '*', region: '*', account: '*' }
  const m = MSK_RESOURCE.exec(resource)
  if (!m) return undefined
  const [, partition = '', service = '', region = '', account = '', word = '', rest] = m
  if (service !== MSK_ARN_SERVICE && service !== '*') return undefined
  const type = (TYPES as readonly string[]).includes(word)
    ? (word as MskResourceType)
    : word === '*' || (rest === undefined && word.includes('*'))
      ? 'any'
      : 'other'
  return { text: resource, type, parts: rest === undefined ? [] : rest.split('/'), partition, region, account }
}

const literal = (text: string) => !/[*?]/.test(text)

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
        const dataPlane = mskActionsMatching(`kafka-cluster:${action.slice(MSK_CONTROL_PLANE_PREFIX.length)}`)
        if (dataPlane.length > 0 && statement.resources.some((r) => (shapeOf(r.source)?.type ?? 'other') !== 'other'))
          add(
            'control-plane-action',
            'error',
            `${action} is an MSK control-plane action: Kafka clients are authorized with kafka-cluster:${action.slice(MSK_CONTROL_PLANE_PREFIX.length)}`,
          )
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

function lintResources(
  shapes: ReadonlyArray<ResourceShape | undefined>,
  effect: 'Allow' | 'Deny',
  cluster: MskCluster | undefined,
  add: (code: LintCode, severity: LintFinding['severity'], message: string) => void,
): void {
  const severity = effect === 'Allow' ? 'error' : 'warning'
  for (const shape of shapes) {
    if (!shape || shape.text === '*') continue
    const [name = '', uuid, ...rest] = shape.parts
    if (shape.type === 'cluster' && shape.parts.length >= 3 && rest.join('/') !== '') {
      add(
        'topic-under-cluster',
        severity,
        `${shape.text} is written under cluster/: a cluster ARN ends at the cluster UUID; topics are topic/${name}/<uuid>/<topic>, groups group/${name}/<uuid>/<group>`,
      )
    } else if (shape.type !== 'any' && shape.type !== 'other' && literal(shape.parts.at(-1) ?? '')) {
      const expected = shape.type === 'cluster' ? 2 : 3
      if (shape.parts.length < expected)
        add(
          'missing-cluster-uuid',
          severity,
          `${shape.text} has no cluster UUID part: MSK's ARNs are ${shape.type}/<cluster-name>/<cluster-uuid>${shape.type === 'cluster' ? '' : `/<${shape.type === 'topic' ? 'topic' : shape.type === 'group' ? 'group' : 'transactional-id'}>`} (use * for the UUID)`,
        )
    }
    if (shape.type === 'other' && /[*?]/.test(shape.text.split(':')[5]?.split(/[/:]/)[0] ?? ''))
      add(
        'wildcard-in-resource-type',
        severity,
        `${shape.text}: IAM does not allow a wildcard in the resource type word; it matches nothing`,
      )
    if (!cluster) continue
    const check = (code: LintCode, value: string, want: string, what: string) => {
      if (literal(value) && value !== want)
        add(
          code,
          severity,
          `${shape.text} is in ${what} ${value}, the cluster is in ${want}: it grants nothing on this cluster`,
        )
    }
    check('other-partition', shape.partition, cluster.partition ?? 'aws', 'partition')
    check('other-region', shape.region, cluster.region, 'region')
    check('other-account', shape.account, cluster.account, 'account')
    if (shape.type !== 'any' && shape.type !== 'other' && literal(name) && name !== '' && name !== cluster.name)
      add('other-cluster', 'warning', `${shape.text} names cluster ${name}, not ${cluster.name}`)
    else if (
      uuid !== undefined &&
      literal(uuid) &&
      name === cluster.name &&
      uuid !== cluster.uuid &&
      shape.type !== 'other'
    )
      add(
        'other-cluster',
        'warning',
        `${shape.text} names cluster UUID ${uuid}, not ${cluster.uuid} (a replaced cluster gets a new UUID: use *)`,
      )
  }
}

/**
 * The idempotent-producer trap across a principal's policies: WriteData granted on named topics, and
 * neither WriteDataIdempotently on the cluster nor WriteData on the topic Kafka probes (`hardcode`).
 * Idempotent producers (kafkajs `idempotent: true`; Java clients since Kafka 3.0 by default) then fail
 * InitProducerId with CLUSTER_AUTHORIZATION_FAILED.
 */
export function lintIdempotentProducer(
  policies: readonly CompiledPolicy[],
  cluster: MskCluster,
  principalArn: string,
  nowMs: number,
): LintFinding | undefined {
  const principal = { arn: principalArn }
  const ask = (action: string, resource: string) =>
    evaluatePolicies({ identity: policies, cluster: undefined }, { action, resource, principal, nowMs }).allowed
  const writes = policies.some((p) =>
    p.statements.some((s) => s.effect === 'Allow' && !s.actions.negated && s.actions.listed('kafka-cluster:writedata')),
  )
  if (!writes) return undefined
  if (ask('kafka-cluster:WriteDataIdempotently', clusterArn(cluster))) return undefined
  if (ask('kafka-cluster:WriteData', topicArn(cluster, KAFKA_HARDCODE_TOPIC))) return undefined
  return {
    code: 'idempotent-producer',
    severity: 'warning',
    statement: undefined,
    message:
      'WriteData is granted on named topics only, without kafka-cluster:WriteDataIdempotently on the cluster: idempotent producers (kafkajs idempotent: true, Java clients since Kafka 3.0 by default) fail with CLUSTER_AUTHORIZATION_FAILED. Add WriteDataIdempotently on the cluster ARN.',
  }
}

export function describeFinding(finding: LintFinding): string {
  return finding.statement ? `${describeStatement(finding.statement)}: ${finding.message}` : finding.message
}
