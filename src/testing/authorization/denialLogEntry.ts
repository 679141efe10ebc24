import type { EmulatorLogEntry } from '../types.js'
import type { CheckOutcome } from './iamDecider.js'
import type { DecisionRecord } from './types.js'

type Entry = Omit<EmulatorLogEntry, 'time'>

/**
 * The decision-log entry for one decision of the authorizer, or undefined when there is nothing for the
 * user to see: allowed checks, and denials the client never sees as one (Kafka's quiet probes and
 * filters: see CheckOutcome.quiet). One entry per denied check that reaches the client: a denial the
 * authorizer caches is decided, and logged, once per connection.
 */
export function denialLogEntry(record: DecisionRecord): Entry | undefined {
  if (record.allowed) return undefined
  const outcome = isOutcome(record.explanation) ? record.explanation : undefined
  const quiet = outcome ? outcome.quiet : !record.logIfDenied
  if (quiet) return undefined
  const base: Entry = {
    event: 'authorize',
    outcome: 'denied',
    connectionId: record.connectionId,
    principal: record.principalArn,
    accessKeyId: record.accessKeyId,
    clientId: record.clientId ?? undefined,
    api: outcome?.api ?? record.apiName ?? `api key ${record.apiKey}`,
    check: `${record.operation} ${record.resourceType} ${record.resourceName}`,
  }
  if (record.source !== 'decided' || outcome === undefined) {
    const why =
      record.source === 'unknown-connection'
        ? 'the upstream connection is not bound to an identity (its client connection closed)'
        : record.source === 'foreign-emulator'
          ? 'the principal belongs to another emulator'
          : `the decision failed: ${String(record.explanation)}`
    return { ...base, decision: 'UnknownConnection', reason: why }
  }
  return { ...base, ...outcomeFields(outcome), api: base.api }
}

/** The authorization fields of a log entry for one denied check (also Connect's, at SaslAuthenticate). */
export function outcomeFields(
  outcome: CheckOutcome,
): Pick<Entry, 'api' | 'action' | 'resource' | 'decision' | 'reason' | 'explanation' | 'suggestion'> {
  const { explanation } = outcome
  return {
    api: outcome.api,
    action: outcome.action,
    resource: outcome.resource,
    decision:
      outcome.action === undefined
        ? 'NoIamAction'
        : explanation?.decision === 'ExplicitDeny'
          ? 'ExplicitDeny'
          : 'ImplicitDeny',
    reason: outcome.reason,
    explanation: explanation && explanation.details.length > 0 ? explanation.details : undefined,
    suggestion: explanation?.suggestion,
  }
}

function isOutcome(value: unknown): value is CheckOutcome {
  return typeof value === 'object' && value !== null && 'quiet' in value && 'api' in value
}
