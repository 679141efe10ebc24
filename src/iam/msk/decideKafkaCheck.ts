// One decision for the emulator's authorizer: a Kafka check (operation, resource type, name) mapped to
// MSK's IAM action and ARN and evaluated; checks MSK has no IAM action for are denied.
import type { CompiledPolicySet, PolicySet } from '../policy/evaluatePolicies.js'
import type { PolicyExplanation } from '../policy/explainDecision.js'
import { type IamPrincipal } from '../policy/requestContext.js'
import { type KafkaAclCheck, kafkaAclToIam } from './kafkaAclToIam.js'
import { decideAction } from './decideAction.js'
import { kafkaApi } from './kafkaApis.js'
import { type MskCluster } from './mskArn.js'

export interface KafkaCheckContext {
  cluster: MskCluster
  principal: IamPrincipal
  nowMs: number
  clusterTags?: Readonly<Record<string, string>>
  sourceIp?: string
  /** The Kafka API key of the request that made the check, for the explanation's first words. */
  apiKey?: number
  /** Build the explanation of a denial (default true). */
  explain?: boolean
}

export interface KafkaCheckDecision {
  allowed: boolean
  /** False when the decision read the clock (aws:CurrentTime / aws:EpochTime): do not cache it. */
  cacheable: boolean
  /** The IAM action and ARN evaluated; undefined when the check has no IAM equivalent. */
  action: string | undefined
  resource: string | undefined
  /**
   * Why it was denied, in one line: `Metadata needs kafka-cluster:DescribeTopic on <arn>: no statement
   * allows it (the client sees TOPIC_AUTHORIZATION_FAILED …)`.
   */
  reason: string | undefined
  explanation: PolicyExplanation | undefined
}

export function decideKafkaCheck(
  policies: PolicySet | CompiledPolicySet,
  check: KafkaAclCheck,
  context: KafkaCheckContext,
): KafkaCheckDecision {
  const mapping = kafkaAclToIam(check, context.cluster)
  const api = context.apiKey === undefined ? undefined : kafkaApi(context.apiKey)
  if (!mapping.supported) {
    const reason = api ? `${api.name}: ${mapping.reason}` : mapping.reason
    return { allowed: false, cacheable: true, action: undefined, resource: undefined, reason, explanation: undefined }
  }
  return decideAction(policies, mapping.action, mapping.resource, context, api)
}
