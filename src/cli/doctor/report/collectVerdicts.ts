import type { CheckResult, DoctorReport, FailureKind, FindingFacts, Verdict } from '../types.js'
import { verdictText } from './verdictText.js'

interface Finding {
  kind: FailureKind
  broker: string | undefined
  facts: FindingFacts
}

/** Failures found by a broker's checks and the run-wide ones, each with the broker it belongs to. */
function findings(report: Omit<DoctorReport, 'verdicts' | 'ok'>): Finding[] {
  const out: Finding[] = []
  const add = (check: CheckResult, broker: string | undefined): void => {
    if (check.status === 'fail' && check.failure !== undefined)
      out.push({ kind: check.failure, broker, facts: check.facts ?? {} })
  }
  add(report.credentials, undefined)
  for (const broker of report.brokers) {
    for (const check of broker.checks) {
      const advertisedBy = broker.advertisedBy
      if (advertisedBy === undefined || check.status !== 'fail' || check.failure === undefined)
        add(check, broker.broker)
      // A broker the cluster named: what kafkajs will fail to reach after a bootstrap that works.
      else
        out.push({
          kind: 'advertised-unreachable',
          broker: broker.broker,
          facts: { ...check.facts, advertisedBy, failedAs: check.failure },
        })
    }
  }
  add(report.callerIdentity, undefined)
  add(report.clock, undefined)
  return out
}

/**
 * One verdict per kind of failure (and variant: a refused and a timed-out connection read differently),
 * naming every broker it was seen at. A measured clock skew explains "Access denied", which is then not
 * listed on its own. No failure: one `ok` verdict.
 */
export function collectVerdicts(report: Omit<DoctorReport, 'verdicts' | 'ok'>): Verdict[] {
  let all = findings(report)
  const skew = all.find((f) => f.kind === 'clock-skew')
  if (skew) {
    const denied = all
      .filter((f) => f.kind === 'access-denied')
      .map((f) => f.broker)
      .filter((b): b is string => b !== undefined)
    all = all.filter((f) => f.kind !== 'access-denied')
    if (denied.length > 0) skew.broker ??= denied.join(', ')
  }
  if (all.length === 0) return [{ kind: 'ok', brokers: report.brokers.map((b) => b.broker), text: okText(report) }]
  const groups = new Map<string, Finding[]>()
  for (const finding of all) {
    const key = `${finding.kind}/${variant(finding)}`
    groups.set(key, [...(groups.get(key) ?? []), finding])
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!
    const brokers = [...new Set(group.map((f) => f.broker).filter((b): b is string => b !== undefined))]
    const where =
      brokers.length === 0
        ? 'the broker'
        : brokers.length <= 3
          ? brokers.join(', ')
          : `${brokers.slice(0, 3).join(', ')} and ${brokers.length - 3} more`
    const text = verdictText(first.kind, withProbe(first, report), where)
    return { kind: first.kind, brokers, text }
  })
}

/** Findings of one kind that deserve different words. */
function variant(finding: Finding): string {
  if (finding.kind === 'unreachable') return finding.facts.errorCode === 'ECONNREFUSED' ? 'refused' : 'blocked'
  if (finding.kind === 'advertised-unreachable') return `${finding.facts.failedAs}/${finding.facts.advertisedBy}`
  if (finding.kind === 'upstream-down')
    return `${finding.facts.closedAfterMs === undefined ? finding.facts.errorCode : 'closed'}/${finding.facts.issuer}`
  if (finding.kind === 'wrong-port')
    return finding.facts.errorCode === 'TLS_REPLY' || finding.facts.errorCode === 'TLS_EXPECTED'
      ? `${finding.facts.errorCode}`
      : 'no-tls'
  return ''
}

/** An "Access denied" verdict says whether the clock probe ruled the clock out. */
function withProbe(finding: Finding, report: Omit<DoctorReport, 'verdicts' | 'ok'>): FindingFacts {
  const probed = report.clock.facts?.probedShiftMs
  return finding.kind === 'access-denied' && probed !== undefined
    ? { ...finding.facts, probedShiftMs: probed }
    : finding.facts
}

function okText(report: Omit<DoctorReport, 'verdicts' | 'ok'>): string {
  const given = report.brokers.filter((b) => b.advertisedBy === undefined)
  const named = report.brokers.length - given.length
  const auth = given.map((b) => b.checks.find((c) => c.check === 'authentication')?.facts).find((f) => f !== undefined)
  const count = given.length
  const who = auth?.accessKeyId ? ` as access key ${auth.accessKeyId}` : ''
  const region = auth?.region ? ` for region ${auth.region}` : ''
  const brokers = count === 1 ? 'the broker is reachable, offers' : `all ${count} brokers are reachable, offer`
  const others =
    named === 0
      ? ''
      : `; the ${named === 1 ? '1 broker' : `${named} brokers`} the cluster's Metadata names besides ${count === 1 ? 'it' : 'them'} ${named === 1 ? 'is' : 'are'} reachable too (DNS, TCP, TLS)`
  return `All checks passed: ${brokers} AWS_MSK_IAM and accepted a real authentication${who}${region}${others}. A kafkajs client with sasl: awsMskIam(), the same credentials and the same TLS setting should connect.`
}
