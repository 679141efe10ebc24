import { SKEW_TOLERANCE_MS, SKEW_WARNING_MS } from '../../constants.js'
import type { ClockProbeResult } from './probeClockSkew.js'
import type { CheckResult } from '../types.js'
import { describeSkew, formatDuration } from '../formatDuration.js'

export interface ClockEvidence {
  localTime: string
  /** The clock probe after "Access denied", and the broker it ran against. */
  probe?: { broker: string; result: ClockProbeResult }
  /** Local clock minus STS's Date header. */
  stsSkewMs?: number
  /** A broker that accepted a signature dated by this clock. */
  acceptedBy?: string
}

/** The run-wide clock line, from whatever evidence the run produced, strongest first. */
export function clockCheck(evidence: ClockEvidence): CheckResult {
  const { probe, stsSkewMs, localTime } = evidence
  const skewMs = probe?.result.skewMs
  if (probe && skewMs !== undefined) {
    const summary = `this clock (${localTime}) is ${describeSkew(skewMs)}: ${probe.broker} accepted a signature dated ${formatDuration(skewMs)} ${skewMs > 0 ? 'earlier' : 'later'}`
    return {
      check: 'clock',
      status: 'fail',
      summary,
      failure: 'clock-skew',
      facts: {
        skewMs,
        skewSource: `a broker (${probe.broker}) that accepted a signature dated ${formatDuration(skewMs)} ${skewMs > 0 ? 'earlier' : 'later'}`,
        localTime,
      },
    }
  }
  if (stsSkewMs !== undefined) {
    const facts = { skewMs: stsSkewMs, skewSource: "STS's Date header", localTime }
    if (Math.abs(stsSkewMs) > SKEW_TOLERANCE_MS) {
      return {
        check: 'clock',
        status: 'fail',
        summary: `this clock (${localTime}) is ${describeSkew(stsSkewMs)} against STS's Date header`,
        failure: 'clock-skew',
        facts,
      }
    }
    const status = Math.abs(stsSkewMs) > SKEW_WARNING_MS ? 'warn' : 'pass'
    return {
      check: 'clock',
      status,
      summary: `within ${formatDuration(Math.max(Math.abs(stsSkewMs), 1000))} of STS's clock (MSK allows about 5 min)`,
      facts,
    }
  }
  if (evidence.acceptedBy !== undefined) {
    return {
      check: 'clock',
      status: 'pass',
      summary: 'close enough: the broker accepted a signature dated by this clock (MSK allows about 5 min)',
      facts: { localTime },
    }
  }
  if (probe && !probe.result.inconclusive && probe.result.probedShiftMs > 0) {
    const range = formatDuration(probe.result.probedShiftMs)
    const summary = `not the cause of "Access denied": signatures dated up to ${range} earlier and later were denied too`
    return { check: 'clock', status: 'pass', summary, facts: { probedShiftMs: probe.result.probedShiftMs, localTime } }
  }
  return {
    check: 'clock',
    status: 'skip',
    summary: `not measured (this clock reads ${localTime}); --caller-identity compares it with STS's clock`,
  }
}
