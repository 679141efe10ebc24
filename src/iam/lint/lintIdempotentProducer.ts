// The idempotent-producer trap, across all of a principal's policies (a lint no single statement shows).
import { KAFKA_HARDCODE_TOPIC } from '../../constants.js'
import { clusterArn, type MskCluster, topicArn } from '../msk/mskArn.js'
import { type CompiledPolicy } from '../policy/CompiledPolicy.js'
import { evaluatePolicies } from '../policy/evaluatePolicies.js'
import { type LintFinding } from './lintPolicy.js'

/**
 * The idempotent-producer trap across a principal's policies: WriteData granted on named topics, and
 * neither WriteDataIdempotently on the cluster nor WriteData on the topic Kafka probes (`hardcode`).
 * Idempotent producers (kafkajs `idempotent: true`; Java clients since Kafka 3.0 by default) then fail
 * InitProducerId with CLUSTER_AUTHORIZATION_FAILED.
 */
export function lintIdempotentProducer(
  policies: readonly CompiledPolicy[],
  cluster: MskCluster,
  principalArn: string,
  nowMs: number,
): LintFinding | undefined {
  const principal = { arn: principalArn }
  const ask = (action: string, resource: string) =>
    evaluatePolicies({ identity: policies, cluster: undefined }, { action, resource, principal, nowMs }).allowed
  const writes = policies.some((p) =>
    p.statements.some((s) => s.effect === 'Allow' && !s.actions.negated && s.actions.listed('kafka-cluster:writedata')),
  )
  if (!writes) return undefined
  if (ask('kafka-cluster:WriteDataIdempotently', clusterArn(cluster))) return undefined
  if (ask('kafka-cluster:WriteData', topicArn(cluster, KAFKA_HARDCODE_TOPIC))) return undefined
  return {
    code: 'idempotent-producer',
    severity: 'warning',
    statement: undefined,
    message:
      'WriteData is granted on named topics only, without kafka-cluster:WriteDataIdempotently on the cluster: idempotent producers (kafkajs idempotent: true, Java clients since Kafka 3.0 by default) fail with CLUSTER_AUTHORIZATION_FAILED. Add WriteDataIdempotently on the cluster ARN.',
  }
}
