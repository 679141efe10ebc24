import { redact } from '../../../redact.js'
import type { CheckName, CheckResult, CheckStatus, DoctorReport, Verdict } from '../types.js'
import { collectVerdicts } from './collectVerdicts.js'

/** The run passed when no check failed; warnings and skipped checks do not fail it. */
export function verdictsAndStatus(partial: Omit<DoctorReport, 'verdicts' | 'ok'>): {
  ok: boolean
  verdicts: Verdict[]
} {
  const all = [partial.credentials, ...partial.brokers.flatMap((b) => b.checks), partial.callerIdentity, partial.clock]
  return { ok: all.every((c) => c.status !== 'fail'), verdicts: collectVerdicts(partial) }
}

const MARK: Readonly<Record<CheckStatus, string>> = { pass: '✓', warn: '!', fail: '✗', skip: '·' }
const LABEL: Readonly<Record<CheckName, string>> = {
  credentials: 'credentials',
  dns: 'DNS',
  tcp: 'TCP connect',
  tls: 'TLS',
  sasl: 'SASL mechanisms',
  authentication: 'authentication',
  metadata: 'Metadata',
  'caller-identity': 'caller identity',
  clock: 'clock',
}
const WIDTH = 16

function line(check: CheckResult, indent: string): string {
  return `${indent}${MARK[check.status]} ${LABEL[check.check].padEnd(WIDTH)} ${check.summary}\n`
}

/** Wraps a paragraph at about 100 columns for the terminal. */
function wrap(text: string, width = 100): string {
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/\s+/)) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current)
      current = word
    } else current = current === '' ? word : `${current} ${word}`
  }
  if (current !== '') lines.push(current)
  return lines.join('\n')
}

/** The human report: one line per check, then the verdict paragraphs. Redacted. */
export function renderText(report: DoctorReport, secrets: readonly string[]): string {
  let out = ''
  if (report.clockOffsetMs !== undefined) out += `(test hook: clock shifted by ${report.clockOffsetMs} ms)\n`
  out += line(report.credentials, '')
  for (const broker of report.brokers) {
    out += `${broker.broker}${broker.advertisedBy === undefined ? '' : " (named by the cluster's Metadata)"}\n`
    for (const check of broker.checks) out += line(check, '  ')
  }
  out += line(report.callerIdentity, '')
  out += line(report.clock, '')
  out += `\nVerdict: ${report.ok ? 'OK' : 'FAILED'}\n`
  for (const verdict of report.verdicts) out += `\n${wrap(verdict.text)}\n`
  return redact(out, secrets)
}

/** The machine-readable report (`--json`): the report object itself, redacted. */
export function renderJson(report: DoctorReport, secrets: readonly string[]): string {
  return `${redact(JSON.stringify(report, null, 2), secrets)}\n`
}
