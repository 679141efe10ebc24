// MSK's first authorization: `kafka-cluster:Connect` on the cluster ARN, checked when a connection
// authenticates (SaslAuthenticate), before any Kafka request. Kafka's own authorizer never sees it, so the
// emulator asks the evaluator here; the answer has the shape of decideKafkaCheck's.
import { CONNECT_ACTION } from '../../constants.js'
import type { CompiledPolicySet, PolicySet } from '../policy/evaluatePolicies.js'
import { decideAction } from './decideAction.js'
import type { KafkaCheckContext, KafkaCheckDecision } from './decideKafkaCheck.js'
import { kafkaApiByName } from './kafkaApis.js'
import { clusterArn } from './mskArn.js'

const API = 'SaslAuthenticate'

export function decideConnect(
  policies: PolicySet | CompiledPolicySet,
  context: Omit<KafkaCheckContext, 'apiKey'>,
): KafkaCheckDecision {
  return decideAction(policies, CONNECT_ACTION, clusterArn(context.cluster), context, kafkaApiByName(API))
}
