// `doctor policy`'s checks and report, given the parsed policy documents: the workload's permissions,
// the lints, the statement to add and the verdict. Pure: the command reads the files.
import { DEFAULT_AWS_PARTITION } from '../../../constants.js'
import { lintIdempotentProducer } from '../../../iam/lint/lintIdempotentProducer.js'
import { lintPolicy, type LintFinding } from '../../../iam/lint/lintPolicy.js'
import { checkWorkload } from '../../../iam/msk/checkWorkload.js'
import { kafkaApiByName } from '../../../iam/msk/kafkaApis.js'
import { clusterArn } from '../../../iam/msk/mskArn.js'
import { compilePolicySet } from '../../../iam/policy/evaluatePolicies.js'
import { parsePolicy } from '../../../iam/policy/parsePolicy.js'
import { describeStatement, type PolicyDocument } from '../../../iam/policy/PolicyDocument.js'
import { recordPolicy, type RecordedAccess } from '../../../iam/record/recordPolicy.js'
import { type DoctorPolicyOptions } from './parseDoctorPolicyArgs.js'
import { inferCluster, type NamedDocument } from './inferCluster.js'

export interface DoctorPolicyReport {
  ok: boolean
  lines: string[]
}

export function runDoctorPolicy(
  options: DoctorPolicyOptions,
  identity: readonly NamedDocument[],
  clusterPolicy: NamedDocument | undefined,
  nowMs: number,
): DoctorPolicyReport {
  const lines: string[] = []
  const { cluster, source } = options.cluster
    ? { cluster: options.cluster, source: 'from --cluster-arn' }
    : inferCluster([...identity, ...(clusterPolicy ? [clusterPolicy] : [])])
  const principalArn =
    options.principalArn ??
    `arn:${cluster.partition ?? DEFAULT_AWS_PARTITION}:iam::${cluster.account}:role/doctor-policy-check`
  lines.push(`Cluster:   ${clusterArn(cluster)} (${source})`)
  lines.push(
    `Principal: ${principalArn}${options.principalArn ? '' : ' (a role in the cluster account; give --principal for another)'}`,
  )

  const findings: LintFinding[] = []
  for (const { name, document } of identity) findings.push(...lintPolicy(document, { name, cluster }))
  if (clusterPolicy)
    findings.push(...lintPolicy(clusterPolicy.document, { name: clusterPolicy.name, kind: 'resource', cluster }))
  const parsedIdentity = identity.map(({ name, document }) => parsePolicy(document, { name }))
  const parsedCluster = clusterPolicy
    ? parsePolicy(clusterPolicy.document, { name: clusterPolicy.name, kind: 'resource' })
    : undefined
  const valid = parsedIdentity.every((p) => p.ok) && (parsedCluster === undefined || parsedCluster.ok)

  const workload = {
    produce: options.produce,
    consume: options.consume,
    ...(options.group === undefined ? {} : { group: options.group }),
    idempotent: options.idempotent,
    ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
    admin: options.admin,
  }
  const hasWorkload = options.produce.length > 0 || options.consume.length > 0 || options.admin
  let workloadOk = true
  const missingIdentity: RecordedAccess[] = []
  const missingCluster: RecordedAccess[] = []
  if (valid) {
    const set = compilePolicySet({
      identityPolicies: parsedIdentity.flatMap((p) => (p.ok ? [p.policy] : [])),
      clusterPolicy: parsedCluster?.ok ? parsedCluster.policy : undefined,
    })
    if (options.produce.length > 0 && !options.idempotent && options.transactionalId === undefined) {
      const trap = lintIdempotentProducer(set.identity, cluster, principalArn, nowMs)
      if (trap) findings.push(trap)
    }
    if (hasWorkload) {
      lines.push('', `Workload: ${describeWorkload(options)}`)
      const result = checkWorkload(set, workload, cluster, { principal: { arn: principalArn }, nowMs })
      workloadOk = result.ok
      for (const check of result.checks) {
        const [first, ...others] = check.requirement.anyOf
        const need = `${check.requirement.api} needs ${first?.action} on ${first?.resource}${others.map((o) => ` (or ${o.action} on ${o.resource})`).join('')}`
        if (check.granted) {
          lines.push(`  ok       ${need}`)
          continue
        }
        const explanation = check.explanations[0]
        lines.push(`  MISSING  ${need}: ${explanation?.summary.replace(/^.*?: /, '') ?? 'denied'}`)
        const sees = kafkaApiByName(check.requirement.api)?.denied
        if (sees) lines.push(`           the client sees ${sees}`)
        for (const detail of explanation?.details ?? []) lines.push(`           ${detail}`)
        if (first) (explanation?.suggestion?.policy === 'cluster' ? missingCluster : missingIdentity).push(first)
      }
    }
  } else if (hasWorkload) {
    workloadOk = false
    lines.push('', 'Workload: not checked: fix the invalid policy first')
  }

  if (findings.length > 0) {
    lines.push('', 'Statements that grant nothing, or not what they seem:')
    for (const finding of findings)
      lines.push(
        `  ${finding.severity === 'error' ? 'ERROR  ' : 'WARNING'}  ${finding.statement ? `${describeStatement(finding.statement)}: ` : ''}${finding.message}`,
      )
  }
  if (missingIdentity.length > 0)
    lines.push('', 'Add to the identity policy:', ...indentJson(recordPolicy(missingIdentity)))
  if (missingCluster.length > 0) {
    const policy = recordPolicy(missingCluster)
    const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]).map((s) => ({
      ...s,
      Principal: { AWS: principalArn },
    }))
    lines.push(
      '',
      'Add to the cluster policy (a principal of another account needs both):',
      ...indentJson({ ...policy, Statement: statements }),
    )
  }

  const errors = findings.filter((f) => f.severity === 'error').length
  const missing = missingIdentity.length + missingCluster.length
  const ok = hasWorkload ? workloadOk : errors === 0
  lines.push('')
  if (hasWorkload)
    lines.push(
      workloadOk
        ? `Verdict: the workload has every permission it needs${errors > 0 ? `; ${errors} statement problem(s) above` : ''}.`
        : `Verdict: the workload would fail${missing > 0 ? `: ${missing} permission(s) missing` : ''}.`,
    )
  else lines.push(errors === 0 ? 'Verdict: no broken statements found.' : `Verdict: ${errors} statement problem(s).`)
  return { ok, lines }
}

function describeWorkload(o: DoctorPolicyOptions): string {
  const parts: string[] = []
  if (o.produce.length > 0)
    parts.push(
      `produce to ${o.produce.join(', ')}${o.transactionalId !== undefined ? ` (transactional id ${o.transactionalId})` : o.idempotent ? ' (idempotent)' : ''}`,
    )
  if (o.consume.length > 0) parts.push(`consume ${o.consume.join(', ')} in group ${o.group}`)
  if (o.admin) parts.push('administer them')
  return parts.join('; ')
}

function indentJson(value: PolicyDocument): string[] {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => `  ${line}`)
}
