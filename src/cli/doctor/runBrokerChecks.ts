import type { AuthenticatorDeps } from '../../authenticator.js'
import type { BrokerAddress } from './parseDoctorArgs.js'
import { checkAuthentication, type AuthenticationOutcome } from './checks/checkAuthentication.js'
import { openKafkaChannel, skipped } from './net/openKafkaChannel.js'
import { checkDns } from './checks/checkDns.js'
import { checkMechanisms } from './checks/checkMechanisms.js'
import type { BrokerReport, CheckResult } from './types.js'

export interface BrokerCheckInput {
  broker: BrokerAddress
  resolve: ReadonlyMap<string, string>
  explicitRegion: string | undefined
  tls: boolean
  ca: string | undefined
  timeoutMs: number
  /** Signing state; undefined when the credentials could not be loaded (authentication is then skipped). */
  deps: AuthenticatorDeps | undefined
}

export interface BrokerRun {
  report: BrokerReport
  authentication: AuthenticationOutcome | undefined
  /** Connects again and authenticates with the given signing state: what the clock probe repeats. */
  authenticateAgain?: (deps: AuthenticatorDeps) => Promise<AuthenticationOutcome>
}

/** DNS → TCP → TLS → SASL mechanisms → authentication for one broker; a failure skips what follows. */
export async function runBrokerChecks(input: BrokerCheckInput): Promise<BrokerRun> {
  const { broker } = input
  const name = `${broker.host}:${broker.port}`
  const checks: CheckResult[] = []
  const finish = (authentication?: AuthenticationOutcome, again?: BrokerRun['authenticateAgain']): BrokerRun => ({
    report: { broker: name, checks },
    authentication,
    ...(again ? { authenticateAgain: again } : {}),
  })
  const dns = await checkDns({
    broker,
    overrides: input.resolve,
    explicitRegion: input.explicitRegion,
    timeoutMs: input.timeoutMs,
  })
  checks.push(dns.result)
  const address = dns.address
  if (address === undefined) {
    checks.push(
      skipped('tcp', 'DNS failed'),
      skipped('tls', 'DNS failed'),
      skipped('sasl', 'DNS failed'),
      skipped('authentication', 'DNS failed'),
    )
    return finish()
  }
  const connectInput = {
    address,
    host: broker.host,
    port: broker.port,
    tls: input.tls,
    ca: input.ca,
    timeoutMs: input.timeoutMs,
  }
  const opened = await openKafkaChannel(connectInput)
  checks.push(...opened.results)
  if (!opened.channel) {
    checks.push(skipped('sasl', 'no connection'), skipped('authentication', 'no connection'))
    return finish()
  }
  const channel = opened.channel
  try {
    const sasl = await checkMechanisms(channel, broker.port, input.tls, input.timeoutMs)
    checks.push(sasl)
    if (sasl.status === 'fail') {
      checks.push(skipped('authentication', 'AWS_MSK_IAM not available'))
      return finish()
    }
    if (input.deps === undefined) {
      checks.push(skipped('authentication', 'no credentials'))
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
    checks.push(auth.result)
    return finish(auth.outcome, (deps) => authenticateAgain(connectInput, input, deps))
  } finally {
    channel.close()
  }
}

async function authenticateAgain(
  connectInput: Parameters<typeof openKafkaChannel>[0],
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
