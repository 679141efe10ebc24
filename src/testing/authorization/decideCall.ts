import { parseEmulatorPrincipal } from './emulatorPrincipal.js'
import type { AuthorizeCall } from './parseAuthorizeRequest.js'
import type {
  AuthorizationIdentity,
  DecideFunction,
  Decision,
  DecisionRecord,
  DecisionSource,
  KafkaAction,
} from './types.js'

export interface DecideEnvironment {
  emulatorId: string
  generation: number
  nowMs: number
  decide: DecideFunction
  identityOf(connectionId: string): AuthorizationIdentity | undefined
}

export interface CallOutcome {
  results: Array<{ allowed: boolean; cacheable: boolean }>
  records: DecisionRecord[]
}

/**
 * Decides every action of one authorize call. A principal of another emulator or of a connection that is
 * not (or no longer) bound to an identity is denied without asking `decide`; so is an action whose
 * `decide` throws or returns something that is not a Decision. None of those denials is cacheable.
 */
export function decideCall(call: AuthorizeCall, env: DecideEnvironment): CallOutcome {
  const subject = subjectOf(call.principal, env)
  const time = new Date(env.nowMs).toISOString()
  const results: CallOutcome['results'] = []
  const records: DecisionRecord[] = []
  for (const action of call.actions) {
    const { decision, source } =
      typeof subject === 'string'
        ? { decision: { allowed: false, cacheable: false }, source: subject }
        : ask(env.decide, { ...subject, principal: call.principal, context: call.context, action })
    results.push({ allowed: decision.allowed, cacheable: decision.cacheable })
    const bound = typeof subject === 'string' ? undefined : subject
    records.push(record(call, action, time, env.generation, bound, decision, source))
  }
  return { results, records }
}

interface Subject {
  connectionId: string
  identity: AuthorizationIdentity
}

function subjectOf(principal: string, env: DecideEnvironment): Subject | DecisionSource {
  const parts = parseEmulatorPrincipal(principal)
  if (!parts || parts.emulatorId !== env.emulatorId) return 'foreign-emulator'
  const identity = env.identityOf(parts.connectionId)
  return identity ? { connectionId: parts.connectionId, identity } : 'unknown-connection'
}

function ask(
  decide: DecideFunction,
  request: Parameters<DecideFunction>[0],
): { decision: Decision; source: DecisionSource } {
  try {
    const decision = decide(request)
    if (typeof decision?.allowed === 'boolean' && typeof decision.cacheable === 'boolean') {
      return { decision, source: 'decided' }
    }
    return {
      decision: { allowed: false, cacheable: false, explanation: 'decide returned no Decision' },
      source: 'decide-failed',
    }
  } catch (err) {
    const explanation = `decide threw: ${err instanceof Error ? err.message : String(err)}`
    return { decision: { allowed: false, cacheable: false, explanation }, source: 'decide-failed' }
  }
}

function record(
  call: AuthorizeCall,
  action: KafkaAction,
  time: string,
  generation: number,
  subject: Subject | undefined,
  decision: Decision,
  source: DecisionSource,
): DecisionRecord {
  const { context } = call
  const entry: DecisionRecord = {
    time,
    authorizer: call.authorizer,
    principal: call.principal,
    connectionId: subject?.connectionId ?? parseEmulatorPrincipal(call.principal)?.connectionId,
    accessKeyId: subject?.identity.accessKeyId,
    principalArn: subject?.identity.principalArn,
    apiKey: context.apiKey,
    apiName: context.apiName,
    apiVersion: context.apiVersion,
    correlationId: context.correlationId,
    clientId: context.clientId,
    listenerName: context.listenerName,
    ...action,
    allowed: decision.allowed,
    cacheable: decision.cacheable,
    generation,
    source,
  }
  if (decision.explanation !== undefined) entry.explanation = decision.explanation
  return entry
}
