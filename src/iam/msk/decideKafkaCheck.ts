// One decision for the emulator's authorizer: a Kafka check (operation, resource type, name) mapped to
// MSK's IAM action and ARN and evaluated; checks MSK has no IAM action for are denied.
import { type CompiledPolicySet, evaluatePolicies, type PolicySet } from '../policy/evaluatePolicies.js'
import { explainDecision, type PolicyExplanation } from '../policy/explainDecision.js'
import { type IamPrincipal } from '../policy/requestContext.js'
import { type KafkaAclCheck, kafkaAclToIam } from './kafkaAclToIam.js'
import { type MskCluster } from './mskArn.js'

export interface KafkaCheckContext {
  cluster: MskCluster
  principal: IamPrincipal
  nowMs: number
  clusterTags?: Readonly<Record<string, string>>
  sourceIp?: string
  /** Build the explanation of a denial (default true). */
  explain?: boolean
}

export interface KafkaCheckDecision {
  allowed: boolean
  /** False when the decision read the clock (aws:CurrentTime / aws:EpochTime). */
  cacheable: boolean
  /** The IAM action and ARN evaluated; undefined when the check has no IAM equivalent. */
  action: string | undefined
  resource: string | undefined
  /** Why it was denied, one line first. */
  reason: string | undefined
  explanation: PolicyExplanation | undefined
}

export function decideKafkaCheck(
  policies: PolicySet | CompiledPolicySet,
  check: KafkaAclCheck,
  context: KafkaCheckContext,
): KafkaCheckDecision {
  const mapping = kafkaAclToIam(check, context.cluster)
  if (!mapping.supported) {
    return {
      allowed: false,
      cacheable: true,
      action: undefined,
      resource: undefined,
      reason: mapping.reason,
      explanation: undefined,
    }
  }
  const request = {
    action: mapping.action,
    resource: mapping.resource,
    principal: context.principal,
    nowMs: context.nowMs,
    ...(context.clusterTags === undefined ? {} : { clusterTags: context.clusterTags }),
    ...(context.sourceIp === undefined ? {} : { sourceIp: context.sourceIp }),
  }
  const decision = evaluatePolicies(policies, request)
  const explanation = !decision.allowed && context.explain !== false ? explainDecision(policies, request) : undefined
  return {
    allowed: decision.allowed,
    cacheable: !decision.timeDependent,
    action: mapping.action,
    resource: mapping.resource,
    reason: explanation?.summary,
    explanation,
  }
}
