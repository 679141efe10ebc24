import type { AuthenticatorDeps } from '../../authenticator.js'
import type { MetadataBroker } from '../../protocol/metadataMessages.js'
import type { BrokerAddress } from './parseDoctorArgs.js'
import { checkAuthentication, type AuthenticationOutcome } from './checks/checkAuthentication.js'
import { checkMechanisms } from './checks/checkMechanisms.js'
import { checkMetadata } from './checks/checkMetadata.js'
import { openKafkaChannel, skipped, type ConnectInput } from './net/openKafkaChannel.js'
import { reachBroker, type ReachOptions } from './net/reachBroker.js'
import { probeIdleClose } from './net/probeIdleClose.js'
import type { BrokerReport, CheckName, CheckResult } from './types.js'

export interface BrokerCheckInput extends ReachOptions {
  broker: BrokerAddress
  /** Signing state; undefined when the credentials could not be loaded (authentication is then skipped). */
  deps: AuthenticatorDeps | undefined
}

export interface BrokerRun {
  report: BrokerReport
  authentication: AuthenticationOutcome | undefined
  /** The brokers the cluster's Metadata named, after an accepted authentication. */
  advertised?: MetadataBroker[]
  /** Connects again and authenticates with the given signing state: what the clock probe repeats. */
  authenticateAgain?: (deps: AuthenticatorDeps) => Promise<AuthenticationOutcome>
}

/** A report line for each check that did not run, and why. */
const skipAll = (names: readonly CheckName[], why: string): CheckResult[] => names.map((c) => skipped(c, why))

/**
 * DNS → TCP → TLS → SASL mechanisms → authentication → Metadata for one broker; a failure skips what
 * follows. A connection closed without an answer is looked at again: a listener that closes even an idle
 * connection at once is a front whose Kafka is down, not a broker without SASL.
 */
export async function runBrokerChecks(input: BrokerCheckInput): Promise<BrokerRun> {
  const { broker } = input
  const name = `${broker.host}:${broker.port}`
  const checks: CheckResult[] = []
  const finish = (
    authentication?: AuthenticationOutcome,
    again?: BrokerRun['authenticateAgain'],
    advertised?: MetadataBroker[],
  ): BrokerRun => ({
    report: { broker: name, checks },
    authentication,
    ...(again ? { authenticateAgain: again } : {}),
    ...(advertised ? { advertised } : {}),
  })
  const reached = await reachBroker(broker, input)
  checks.push(...reached.checks)
  const { channel, connectInput } = reached
  if (!channel || !connectInput) {
    checks.push(...skipAll(['sasl', 'authentication', 'metadata'], connectInput ? 'no connection' : 'DNS failed'))
    return finish()
  }
  const issuer = reached.checks.find((r) => r.check === 'tls')?.facts?.issuer
  try {
    const sasl = await checkMechanisms(channel, broker.port, input.tls, input.timeoutMs)
    checks.push(await unlessFrontIsDown(sasl, closedAtSaslHandshake(sasl), connectInput, issuer))
    if (sasl.status === 'fail') {
      checks.push(...skipAll(['authentication', 'metadata'], 'AWS_MSK_IAM not available'))
      return finish()
    }
    if (input.deps === undefined) {
      checks.push(...skipAll(['authentication', 'metadata'], 'no credentials'))
      return finish()
    }
    const auth = await checkAuthentication({
      channel,
      deps: input.deps,
      host: broker.host,
      port: broker.port,
      explicitRegion: input.explicitRegion,
      timeoutMs: input.timeoutMs,
    })
    checks.push(await unlessFrontIsDown(auth.result, auth.result.failure === 'connection-lost', connectInput, issuer))
    const again: BrokerRun['authenticateAgain'] = (deps) => authenticateAgain(connectInput, input, deps)
    if (auth.outcome !== 'accepted') {
      checks.push(skipped('metadata', 'not authenticated'))
      return finish(auth.outcome, again)
    }
    const metadata = await checkMetadata(channel, name, input.timeoutMs)
    checks.push(withIssuer(metadata.result, issuer))
    return finish(auth.outcome, again, metadata.brokers)
  } finally {
    channel.close()
  }
}

/** The SaslHandshake check found the connection closed without an answer. */
function closedAtSaslHandshake(sasl: CheckResult): boolean {
  const code = sasl.facts?.errorCode
  return sasl.status === 'fail' && (code === 'TLS_EXPECTED' || (sasl.failure === 'mechanism-not-enabled' && !code))
}

/**
 * When `closed` (the broker hung up without an answer), watches a fresh idle connection: one that is closed
 * at once too means a front whose own connection to Kafka fails, and the check's failure says so.
 */
async function unlessFrontIsDown(
  result: CheckResult,
  closed: boolean,
  connectInput: ConnectInput,
  issuer: string | undefined,
): Promise<CheckResult> {
  if (!closed) return result
  const closedAfterMs = await probeIdleClose(connectInput)
  if (closedAfterMs === undefined) return result
  return withIssuer(
    {
      ...result,
      summary: `${result.summary}; an idle connection is closed too, after ${closedAfterMs} ms: a front whose Kafka is down`,
      failure: 'upstream-down',
      facts: { ...result.facts, closedAfterMs },
    },
    issuer,
  )
}

/** An upstream-down finding carries the TLS issuer: it tells the emulator from other fronts. */
function withIssuer(result: CheckResult, issuer: string | undefined): CheckResult {
  if (result.failure !== 'upstream-down' || issuer === undefined) return result
  return { ...result, facts: { ...result.facts, issuer } }
}

async function authenticateAgain(
  connectInput: ConnectInput,
  input: BrokerCheckInput,
  deps: AuthenticatorDeps,
): Promise<AuthenticationOutcome> {
  const opened = await openKafkaChannel(connectInput)
  if (!opened.channel) return 'error'
  try {
    const sasl = await checkMechanisms(opened.channel, input.broker.port, input.tls, input.timeoutMs)
    if (sasl.status === 'fail') return 'error'
    const auth = await checkAuthentication({
      channel: opened.channel,
      deps,
      host: input.broker.host,
      port: input.broker.port,
      explicitRegion: input.explicitRegion,
      timeoutMs: input.timeoutMs,
    })
    return auth.result.failure === 'access-denied' || auth.outcome === 'accepted' ? auth.outcome : 'error'
  } finally {
    opened.channel.close()
  }
}
