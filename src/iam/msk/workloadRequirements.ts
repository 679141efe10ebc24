// The exact (action, resource ARN) set a client workload needs on MSK, from the documented use cases
// and the checks Kafka makes for the requests such a client sends. Each requirement names the Kafka API
// that makes the check, so a missing one reads "Metadata needs kafka-cluster:DescribeTopic on …".
import { KAFKA_HARDCODE_TOPIC } from '../../constants.js'
import { clusterArn, groupArn, type MskCluster, topicArn, transactionalIdArn } from './mskArn.js'

/** What a client does. Every field is optional; Connect is always needed. */
export interface Workload {
  /** Topics it produces to. */
  produce?: readonly string[]
  /** Topics it consumes, as a member of `group`. */
  consume?: readonly string[]
  /** The consumer group (needed with `consume`). */
  group?: string
  /**
   * An idempotent producer: kafkajs `idempotent: true`, and every Java producer since Kafka 3.0 by
   * default (`enable.idempotence=true`). With `transactionalId` it means kafkajs's `idempotent: true`
   * beside `transactionalId`: its connect() also asks for a producer id without the transactional id.
   */
  idempotent?: boolean
  /** A transactional producer's `transactional.id` (kafkajs `transactionalId`). */
  transactionalId?: string
  /** Administration of the workload's topics (create, alter, delete, configs) and group (describe, delete). */
  admin?: boolean
}

/** One permission; `anyOf` lists alternatives, any one of which suffices (Kafka's fallbacks). */
export interface Requirement {
  /** The Kafka API whose check needs it, e.g. `Metadata`. */
  api: string
  /** Why, in the workload's terms: `produce to orders`. */
  purpose: string
  anyOf: ReadonlyArray<{ action: string; resource: string }>
}

const k = (name: string) => `kafka-cluster:${name}`

/** The permissions `workload` needs on `cluster`, without duplicates, in the order a client needs them. */
export function workloadRequirements(workload: Workload, cluster: MskCluster): Requirement[] {
  const out: Requirement[] = []
  const seen = new Set<string>()
  const need = (api: string, purpose: string, ...anyOf: Array<[string, string]>) => {
    const key = anyOf.map(([a, r]) => `${a} ${r}`).join('|')
    if (seen.has(key)) return
    seen.add(key)
    out.push({ api, purpose, anyOf: anyOf.map(([action, resource]) => ({ action, resource })) })
  }
  const cluster_ = clusterArn(cluster)
  need('SaslAuthenticate', 'connect', [k('Connect'), cluster_])
  for (const topic of workload.produce ?? []) {
    const arn = topicArn(cluster, topic)
    need('Metadata', `produce to ${topic}`, [k('DescribeTopic'), arn])
    need('Produce', `produce to ${topic}`, [k('WriteData'), arn])
  }
  const producing = (workload.produce?.length ?? 0) > 0
  if (workload.transactionalId !== undefined) {
    const arn = transactionalIdArn(cluster, workload.transactionalId)
    need('FindCoordinator', `transactions as ${workload.transactionalId}`, [k('DescribeTransactionalId'), arn])
    need('InitProducerId', `transactions as ${workload.transactionalId}`, [k('AlterTransactionalId'), arn])
  }
  if (workload.idempotent && producing) {
    need(
      'InitProducerId',
      'idempotent produce',
      [k('WriteDataIdempotently'), cluster_],
      [k('WriteData'), topicArn(cluster, KAFKA_HARDCODE_TOPIC)],
    )
  }
  if ((workload.consume?.length ?? 0) > 0 && workload.group !== undefined) {
    const group = groupArn(cluster, workload.group)
    need('FindCoordinator', `consume in group ${workload.group}`, [k('DescribeGroup'), group])
    need('JoinGroup', `consume in group ${workload.group}`, [k('AlterGroup'), group])
    for (const topic of workload.consume ?? []) {
      const arn = topicArn(cluster, topic)
      need('Metadata', `consume ${topic}`, [k('DescribeTopic'), arn])
      need('Fetch', `consume ${topic}`, [k('ReadData'), arn])
    }
  } else {
    for (const topic of workload.consume ?? []) {
      const arn = topicArn(cluster, topic)
      need('Metadata', `consume ${topic}`, [k('DescribeTopic'), arn])
      need('Fetch', `consume ${topic}`, [k('ReadData'), arn])
    }
  }
  if (workload.transactionalId !== undefined && workload.group !== undefined && producing) {
    // Consume-transform-produce: offsets are committed inside the transaction.
    need('TxnOffsetCommit', `commit offsets of ${workload.group} in a transaction`, [
      k('AlterGroup'),
      groupArn(cluster, workload.group),
    ])
  }
  if (workload.admin) {
    const topics = [...new Set([...(workload.produce ?? []), ...(workload.consume ?? [])])]
    for (const topic of topics) {
      const arn = topicArn(cluster, topic)
      need('CreateTopics', `administer ${topic}`, [k('CreateTopic'), arn])
      need('Metadata', `administer ${topic}`, [k('DescribeTopic'), arn])
      need('CreatePartitions', `administer ${topic}`, [k('AlterTopic'), arn])
      need('DescribeConfigs', `administer ${topic}`, [k('DescribeTopicDynamicConfiguration'), arn])
      need('IncrementalAlterConfigs', `administer ${topic}`, [k('AlterTopicDynamicConfiguration'), arn])
      need('DeleteTopics', `administer ${topic}`, [k('DeleteTopic'), arn])
    }
    need('ListGroups', 'list consumer groups', [k('DescribeCluster'), cluster_])
    if (workload.group !== undefined) {
      const group = groupArn(cluster, workload.group)
      need('DescribeGroups', `administer group ${workload.group}`, [k('DescribeGroup'), group])
      need('DeleteGroups', `administer group ${workload.group}`, [k('DeleteGroup'), group])
    }
  }
  return out
}
