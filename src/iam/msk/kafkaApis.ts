// Kafka API → the checks Kafka's broker makes (in order) → the IAM actions MSK evaluates → what the
// client sees when denied. From Apache Kafka's "Operations and Resources on Protocols" table and
// AuthorizerIntegrationTest, mapped with kafkaAclToIam's table; MSK's broker is closed source, so rows
// follow Kafka's checks. Used for explanations ("Metadata needs kafka-cluster:DescribeTopic on …").

export interface KafkaApiCheck {
  /** `DESCRIBE TOPIC`: Kafka's operation and resource type. */
  acl: string
  /** The IAM action, or undefined when MSK has none (the check is denied). */
  action: string | undefined
  /** When the check is made, if not always. */
  when?: string
}

export interface KafkaApi {
  apiKey: number
  name: string
  checks: readonly KafkaApiCheck[]
  /** The error the client gets when a check fails. */
  denied: string
  note?: string
}

const c = (acl: string, action: string | undefined, when?: string): KafkaApiCheck =>
  when === undefined ? { acl, action } : { acl, action, when }
const k = (name: string) => `kafka-cluster:${name}`

export const KAFKA_APIS: readonly KafkaApi[] = [
  {
    apiKey: 0,
    name: 'Produce',
    checks: [c('WRITE TOPIC', k('WriteData')), c('WRITE TRANSACTIONAL_ID', k('AlterTransactionalId'), 'transactional')],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29) per partition; TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53)',
  },
  {
    apiKey: 1,
    name: 'Fetch',
    checks: [c('READ TOPIC', k('ReadData'))],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29) per partition',
  },
  {
    apiKey: 2,
    name: 'ListOffsets',
    checks: [c('DESCRIBE TOPIC', k('DescribeTopic'))],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29) per partition',
  },
  {
    apiKey: 3,
    name: 'Metadata',
    checks: [
      c('DESCRIBE TOPIC', k('DescribeTopic')),
      c('CREATE CLUSTER', undefined, 'auto-creating a topic'),
      c('CREATE TOPIC', k('CreateTopic'), 'auto-creating a topic'),
    ],
    denied:
      'TOPIC_AUTHORIZATION_FAILED (29) for a named topic; topics not allowed are silently left out of "all topics"',
    note: 'WriteData or ReadData do not imply DescribeTopic: without it a client fails here, before producing or fetching',
  },
  {
    apiKey: 8,
    name: 'OffsetCommit',
    checks: [c('READ GROUP', k('AlterGroup')), c('READ TOPIC', k('ReadData'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30); TOPIC_AUTHORIZATION_FAILED (29) per partition',
  },
  {
    apiKey: 9,
    name: 'OffsetFetch',
    checks: [c('DESCRIBE GROUP', k('DescribeGroup')), c('DESCRIBE TOPIC', k('DescribeTopic'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30); partitions not allowed are left out or get 29',
  },
  {
    apiKey: 10,
    name: 'FindCoordinator',
    checks: [
      c('DESCRIBE GROUP', k('DescribeGroup'), 'group coordinator'),
      c('DESCRIBE TRANSACTIONAL_ID', k('DescribeTransactionalId'), 'transaction coordinator'),
    ],
    denied: 'GROUP_AUTHORIZATION_FAILED (30) / TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53)',
  },
  {
    apiKey: 11,
    name: 'JoinGroup',
    checks: [c('READ GROUP', k('AlterGroup'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30)',
  },
  {
    apiKey: 12,
    name: 'Heartbeat',
    checks: [c('READ GROUP', k('AlterGroup'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30)',
  },
  {
    apiKey: 13,
    name: 'LeaveGroup',
    checks: [c('READ GROUP', k('AlterGroup'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30)',
  },
  {
    apiKey: 14,
    name: 'SyncGroup',
    checks: [c('READ GROUP', k('AlterGroup'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30)',
  },
  {
    apiKey: 15,
    name: 'DescribeGroups',
    checks: [c('DESCRIBE GROUP', k('DescribeGroup'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30) per group',
  },
  {
    apiKey: 16,
    name: 'ListGroups',
    checks: [
      c('DESCRIBE CLUSTER', k('DescribeCluster')),
      c('DESCRIBE GROUP', k('DescribeGroup'), 'without DescribeCluster, per group'),
    ],
    denied: 'never an error: groups not allowed are left out (the list may be empty)',
  },
  {
    apiKey: 19,
    name: 'CreateTopics',
    checks: [
      c('CREATE CLUSTER', undefined),
      c('CREATE TOPIC', k('CreateTopic'), 'CREATE CLUSTER denied (always under IAM)'),
      c(
        'DESCRIBE_CONFIGS TOPIC',
        k('DescribeTopicDynamicConfiguration'),
        "quietly, only to return the new topic's configs (KIP-525)",
      ),
    ],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29) per topic',
  },
  {
    apiKey: 20,
    name: 'DeleteTopics',
    checks: [c('DELETE TOPIC', k('DeleteTopic')), c('DESCRIBE TOPIC', k('DescribeTopic'))],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29) per topic',
  },
  {
    apiKey: 21,
    name: 'DeleteRecords',
    checks: [c('DELETE TOPIC', k('DeleteTopic'))],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29)',
  },
  {
    apiKey: 22,
    name: 'InitProducerId',
    checks: [
      c('WRITE TRANSACTIONAL_ID', k('AlterTransactionalId'), 'transactional'),
      c('IDEMPOTENT_WRITE CLUSTER', k('WriteDataIdempotently'), 'idempotent, no transactional id'),
      c(
        'WRITE TOPIC "hardcode"',
        k('WriteData'),
        'idempotent, IDEMPOTENT_WRITE denied: Kafka probes a topic literally named "hardcode"',
      ),
    ],
    denied: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53) / CLUSTER_AUTHORIZATION_FAILED (31)',
    note: 'WriteData on named topics only, without WriteDataIdempotently, fails here with CLUSTER_AUTHORIZATION_FAILED (KIP-679)',
  },
  {
    apiKey: 23,
    name: 'OffsetForLeaderEpoch',
    checks: [c('CLUSTER_ACTION CLUSTER', undefined), c('DESCRIBE TOPIC', k('DescribeTopic'))],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29)',
  },
  {
    apiKey: 24,
    name: 'AddPartitionsToTxn',
    checks: [c('WRITE TRANSACTIONAL_ID', k('AlterTransactionalId')), c('WRITE TOPIC', k('WriteData'))],
    denied: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53) / TOPIC_AUTHORIZATION_FAILED (29)',
  },
  {
    apiKey: 25,
    name: 'AddOffsetsToTxn',
    checks: [c('WRITE TRANSACTIONAL_ID', k('AlterTransactionalId')), c('READ GROUP', k('AlterGroup'))],
    denied: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53) / GROUP_AUTHORIZATION_FAILED (30)',
  },
  {
    apiKey: 26,
    name: 'EndTxn',
    checks: [c('WRITE TRANSACTIONAL_ID', k('AlterTransactionalId'))],
    denied: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53)',
  },
  {
    apiKey: 27,
    name: 'WriteTxnMarkers',
    checks: [c('CLUSTER_ACTION CLUSTER', undefined), c('ALTER CLUSTER', k('AlterCluster'), 'Kafka 3.8+ (KIP-1037)')],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 28,
    name: 'TxnOffsetCommit',
    checks: [
      c('WRITE TRANSACTIONAL_ID', k('AlterTransactionalId')),
      c('READ GROUP', k('AlterGroup')),
      c('READ TOPIC', k('ReadData')),
    ],
    denied: '53 / 30 / 29',
  },
  {
    apiKey: 29,
    name: 'DescribeAcls',
    checks: [c('DESCRIBE CLUSTER', k('DescribeCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
    note: 'ACLs have no effect on IAM principals',
  },
  {
    apiKey: 30,
    name: 'CreateAcls',
    checks: [c('ALTER CLUSTER', k('AlterCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 31,
    name: 'DeleteAcls',
    checks: [c('ALTER CLUSTER', k('AlterCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 32,
    name: 'DescribeConfigs',
    checks: [
      c('DESCRIBE_CONFIGS CLUSTER', k('DescribeClusterDynamicConfiguration'), 'broker configs'),
      c('DESCRIBE_CONFIGS TOPIC', k('DescribeTopicDynamicConfiguration'), 'topic configs'),
    ],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31) / TOPIC_AUTHORIZATION_FAILED (29) per resource',
  },
  {
    apiKey: 33,
    name: 'AlterConfigs',
    checks: [
      c('ALTER_CONFIGS CLUSTER', k('AlterClusterDynamicConfiguration'), 'broker configs'),
      c('ALTER_CONFIGS TOPIC', k('AlterTopicDynamicConfiguration'), 'topic configs'),
    ],
    denied: '31 / 29 per resource',
  },
  {
    apiKey: 34,
    name: 'AlterReplicaLogDirs',
    checks: [c('ALTER CLUSTER', k('AlterCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 35,
    name: 'DescribeLogDirs',
    checks: [c('DESCRIBE CLUSTER', k('DescribeCluster'))],
    denied: 'an empty answer',
  },
  {
    apiKey: 36,
    name: 'SaslAuthenticate',
    checks: [c('(Connect)', k('Connect'))],
    denied: 'SASL_AUTHENTICATION_FAILED (58): "[<request-id>]: Access denied"',
    note: 'MSK checks kafka-cluster:Connect on the cluster ARN when the connection authenticates',
  },
  {
    apiKey: 37,
    name: 'CreatePartitions',
    checks: [c('ALTER TOPIC', k('AlterTopic'))],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29)',
  },
  {
    apiKey: 42,
    name: 'DeleteGroups',
    checks: [c('DELETE GROUP', k('DeleteGroup'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30)',
  },
  {
    apiKey: 43,
    name: 'ElectLeaders',
    checks: [c('ALTER CLUSTER', k('AlterCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 44,
    name: 'IncrementalAlterConfigs',
    checks: [
      c('ALTER_CONFIGS CLUSTER', k('AlterClusterDynamicConfiguration'), 'broker configs'),
      c('ALTER_CONFIGS TOPIC', k('AlterTopicDynamicConfiguration'), 'topic configs'),
    ],
    denied: '31 / 29 per resource',
  },
  {
    apiKey: 45,
    name: 'AlterPartitionReassignments',
    checks: [c('ALTER CLUSTER', k('AlterCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 46,
    name: 'ListPartitionReassignments',
    checks: [c('DESCRIBE CLUSTER', k('DescribeCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 47,
    name: 'OffsetDelete',
    checks: [c('DELETE GROUP', k('DeleteGroup')), c('READ TOPIC', k('ReadData'))],
    denied: '30 / 29',
  },
  {
    apiKey: 48,
    name: 'DescribeClientQuotas',
    checks: [c('DESCRIBE_CONFIGS CLUSTER', k('DescribeClusterDynamicConfiguration'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 49,
    name: 'AlterClientQuotas',
    checks: [c('ALTER_CONFIGS CLUSTER', k('AlterClusterDynamicConfiguration'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 50,
    name: 'DescribeUserScramCredentials',
    checks: [c('DESCRIBE CLUSTER', k('DescribeCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 51,
    name: 'AlterUserScramCredentials',
    checks: [c('ALTER CLUSTER', k('AlterCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 55,
    name: 'DescribeQuorum',
    checks: [c('DESCRIBE CLUSTER', k('DescribeCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 57,
    name: 'UpdateFeatures',
    checks: [c('ALTER CLUSTER', k('AlterCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 60,
    name: 'DescribeCluster',
    checks: [c('DESCRIBE CLUSTER', k('DescribeCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 61,
    name: 'DescribeProducers',
    checks: [c('READ TOPIC', k('ReadData'))],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29)',
  },
  {
    apiKey: 64,
    name: 'UnregisterBroker',
    checks: [c('ALTER CLUSTER', k('AlterCluster'))],
    denied: 'CLUSTER_AUTHORIZATION_FAILED (31)',
  },
  {
    apiKey: 65,
    name: 'DescribeTransactions',
    checks: [c('DESCRIBE TRANSACTIONAL_ID', k('DescribeTransactionalId'))],
    denied: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53)',
  },
  {
    apiKey: 66,
    name: 'ListTransactions',
    checks: [c('DESCRIBE TRANSACTIONAL_ID', k('DescribeTransactionalId'))],
    denied: 'never an error: transactions not allowed are left out',
  },
  {
    apiKey: 68,
    name: 'ConsumerGroupHeartbeat',
    checks: [
      c('READ GROUP', k('AlterGroup')),
      c('DESCRIBE TOPIC', k('DescribeTopic'), 'subscribed topics (Kafka 4.0+)'),
    ],
    denied: 'GROUP_AUTHORIZATION_FAILED (30) / TOPIC_AUTHORIZATION_FAILED (29)',
  },
  {
    apiKey: 69,
    name: 'ConsumerGroupDescribe',
    checks: [c('READ GROUP', k('AlterGroup'))],
    denied: 'GROUP_AUTHORIZATION_FAILED (30)',
    note: "per Kafka's docs table; newer brokers may check DESCRIBE GROUP (kafka-cluster:DescribeGroup) instead: unverified",
  },
  {
    apiKey: 75,
    name: 'DescribeTopicPartitions',
    checks: [c('DESCRIBE TOPIC', k('DescribeTopic'))],
    denied: 'TOPIC_AUTHORIZATION_FAILED (29)',
  },
]

const BY_KEY = new Map(KAFKA_APIS.map((api) => [api.apiKey, api]))
const BY_NAME = new Map(KAFKA_APIS.map((api) => [api.name.toLowerCase(), api]))

/** The table row of an API key; undefined for APIs clients do not send (inter-broker) or unknown keys. */
export function kafkaApi(apiKey: number): KafkaApi | undefined {
  return BY_KEY.get(apiKey)
}

/** The table row of an API by name (`Metadata`, any case). */
export function kafkaApiByName(name: string): KafkaApi | undefined {
  return BY_NAME.get(name.toLowerCase())
}

/** "Metadata needs kafka-cluster:DescribeTopic on <arn>": the words explanations use. */
export function describeNeed(apiName: string, action: string, resource: string): string {
  return `${apiName} needs ${action} on ${resource}`
}
