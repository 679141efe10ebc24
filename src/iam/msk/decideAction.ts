import { type CompiledPolicySet, evaluatePolicies, type PolicySet } from '../policy/evaluatePolicies.js'
import { explainDecision } from '../policy/explainDecision.js'
import type { KafkaCheckContext, KafkaCheckDecision } from './decideKafkaCheck.js'
import { describeNeed, type KafkaApi } from './kafkaApis.js'

/**
 * Evaluates one IAM action on one ARN for the connection's principal and explains a denial in one line:
 * `<api> needs <action> on <arn>: <why> (the client sees <error>)`, or `DENY <action> on <arn>: <why>` when
 * the Kafka API is not known. What decideConnect and decideKafkaCheck share once the action is known.
 */
export function decideAction(
  policies: PolicySet | CompiledPolicySet,
  action: string,
  resource: string,
  context: Omit<KafkaCheckContext, 'apiKey'>,
  api: KafkaApi | undefined,
): KafkaCheckDecision {
  const request = {
    action,
    resource,
    principal: context.principal,
    nowMs: context.nowMs,
    ...(context.clusterTags === undefined ? {} : { clusterTags: context.clusterTags }),
    ...(context.sourceIp === undefined ? {} : { sourceIp: context.sourceIp }),
  }
  const decision = evaluatePolicies(policies, request)
  const explanation = !decision.allowed && context.explain !== false ? explainDecision(policies, request) : undefined
  let reason: string | undefined
  if (!decision.allowed) {
    const head = api ? describeNeed(api.name, action, resource) : `DENY ${action} on ${resource}`
    const why = explanation ? explanation.summary.slice(explanation.summary.indexOf(': ') + 2) : decision.decision
    reason = `${head}: ${why}${api ? ` (the client sees ${api.denied})` : ''}`
  }
  return { allowed: decision.allowed, cacheable: !decision.timeDependent, action, resource, reason, explanation }
}
