import type { AwsCredentialIdentity } from '@smithy/types'
import type { AuthenticatorDeps } from '../../authenticator.js'
import type { Clock } from '../../clock.js'
import { regionFromHost } from '../../region.js'
import { createSigningContext } from '../../signingContext.js'
import type { DoctorOptions } from './parseDoctorArgs.js'
import type { ReachOptions } from './net/reachBroker.js'
import { advertisedBrokers, runAdvertisedChecks } from './runAdvertisedChecks.js'
import { runBrokerChecks, type BrokerRun } from './runBrokerChecks.js'
import { checkCallerIdentity } from './checks/checkCallerIdentity.js'
import { clockCheck, type ClockEvidence } from './checks/clockCheck.js'
import { probeClockSkew } from './checks/probeClockSkew.js'
import { skipped } from './net/openKafkaChannel.js'
import { checkCredentials } from './checks/checkCredentials.js'
import type { DoctorSetup } from './doctorSetup.js'
import type { CheckResult, DoctorReport } from './types.js'
import { verdictsAndStatus } from './report/renderReport.js'

export interface DoctorRunResult {
  report: DoctorReport
  /** Secret values seen during the run, removed from any output on top of pattern-based redaction. */
  secrets: string[]
}

/** Runs every check in order and assembles the report. Never throws for a failed check. */
export async function runDoctor(
  options: DoctorOptions,
  setup: DoctorSetup,
  ca: string | undefined,
): Promise<DoctorRunResult> {
  const context = createSigningContext(setup.signing)
  const credentials = await checkCredentials(context.credentials, setup.credentialSource)
  const identity = credentials.identity
  const deps: AuthenticatorDeps | undefined = identity ? context : undefined
  const runs: BrokerRun[] = []
  const reach: ReachOptions = {
    resolve: options.resolve,
    explicitRegion: options.region,
    tls: options.tls,
    ca,
    timeoutMs: options.timeoutMs,
  }
  for (const broker of options.brokers) runs.push(await runBrokerChecks({ ...reach, broker, deps }))
  const advertised = await Promise.all(
    advertisedBrokers(runs, options.brokers).map((broker) => runAdvertisedChecks(broker, reach)),
  )
  const evidence: ClockEvidence = { localTime: new Date(setup.clock.now()).toISOString() }
  const accepted = runs.find((r) => r.authentication === 'accepted')
  if (accepted) evidence.acceptedBy = accepted.report.broker
  const denied = runs.find(
    (r) => authenticationCheck(r)?.failure === 'access-denied' && r.authenticateAgain !== undefined,
  )
  if (denied && identity && options.clockProbe && !accepted) {
    const region = authenticationCheck(denied)?.facts?.region
    if (region !== undefined) {
      const again = denied.authenticateAgain!
      const result = await probeClockSkew((shiftMs) => again(shiftedDeps(identity, region, setup, shiftMs)))
      evidence.probe = { broker: denied.report.broker, result }
    }
  }
  let callerIdentity: CheckResult
  if (!options.callerIdentity) callerIdentity = skipped('caller-identity', 'not requested (add --caller-identity)')
  else if (!identity) callerIdentity = skipped('caller-identity', 'no credentials')
  else {
    const region = stsRegion(options, runs, setup)
    const outcome = await checkCallerIdentity({
      credentials: identity,
      region,
      endpoint: setup.stsEndpoint,
      clock: setup.clock,
      timeoutMs: options.timeoutMs,
    })
    callerIdentity = outcome.result
    if (outcome.skewMs !== undefined) evidence.stsSkewMs = outcome.skewMs
  }
  const partial = {
    ...(setup.clockOffsetMs === 0 ? {} : { clockOffsetMs: setup.clockOffsetMs }),
    credentials: credentials.result,
    brokers: [...runs.map((r) => r.report), ...advertised],
    callerIdentity,
    clock: clockCheck(evidence),
  }
  const secrets = [identity?.secretAccessKey, identity?.sessionToken].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  )
  const { ok, verdicts } = verdictsAndStatus(partial)
  return { report: { ok, ...partial, verdicts }, secrets }
}

function authenticationCheck(run: BrokerRun): CheckResult | undefined {
  return run.report.checks.find((c) => c.check === 'authentication')
}

/** Signing state for one probe: the same credentials and region, a clock moved by `shiftMs`. */
function shiftedDeps(
  identity: AwsCredentialIdentity,
  region: string,
  setup: DoctorSetup,
  shiftMs: number,
): AuthenticatorDeps {
  const clock: Clock = { ...setup.clock, now: () => setup.clock.now() + shiftMs }
  return createSigningContext({ credentials: identity, region, clock, maxRetries: 0 })
}

/** --region, else the region an authentication signed for, else a broker name's, else the environment's. */
function stsRegion(options: DoctorOptions, runs: BrokerRun[], setup: DoctorSetup): string {
  if (options.region !== undefined) return options.region
  for (const run of runs) {
    const region = authenticationCheck(run)?.facts?.region
    if (region !== undefined) return region
  }
  for (const broker of options.brokers) {
    const region = regionFromHost(broker.host)
    if (region !== undefined) return region
  }
  return setup.environmentRegion ?? 'us-east-1'
}
