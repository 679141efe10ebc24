// MSK's first authorization: `kafka-cluster:Connect` on the cluster ARN, checked when a connection
// authenticates (SaslAuthenticate), before any Kafka request. Kafka's own authorizer never sees it, so the
// emulator asks the evaluator here; the answer has the shape of decideKafkaCheck's.
import { CONNECT_ACTION } from '../../constants.js'
import { type CompiledPolicySet, evaluatePolicies, type PolicySet } from '../policy/evaluatePolicies.js'
import { explainDecision } from '../policy/explainDecision.js'
import { type KafkaCheckContext, type KafkaCheckDecision } from './decideKafkaCheck.js'
import { describeNeed, kafkaApiByName } from './kafkaApis.js'
import { clusterArn } from './mskArn.js'

const API = 'SaslAuthenticate'

export function decideConnect(
  policies: PolicySet | CompiledPolicySet,
  context: Omit<KafkaCheckContext, 'apiKey'>,
): KafkaCheckDecision {
  const request = {
    action: CONNECT_ACTION,
    resource: clusterArn(context.cluster),
    principal: context.principal,
    nowMs: context.nowMs,
    ...(context.clusterTags === undefined ? {} : { clusterTags: context.clusterTags }),
    ...(context.sourceIp === undefined ? {} : { sourceIp: context.sourceIp }),
  }
  const decision = evaluatePolicies(policies, request)
  const explanation = !decision.allowed && context.explain !== false ? explainDecision(policies, request) : undefined
  let reason: string | undefined
  if (!decision.allowed) {
    const why = explanation ? explanation.summary.slice(explanation.summary.indexOf(': ') + 2) : decision.decision
    reason = `${describeNeed(API, request.action, request.resource)}: ${why} (the client sees ${kafkaApiByName(API)?.denied})`
  }
  return {
    allowed: decision.allowed,
    cacheable: !decision.timeDependent,
    action: request.action,
    resource: request.resource,
    reason,
    explanation,
  }
}
