// What Kafka's authorizer asks (operation, resource type, name) → the IAM action and resource ARN MSK
// evaluates. Kafka names follow `org.apache.kafka.common.acl.AclOperation` and
// `org.apache.kafka.common.resource.ResourceType`. IAM is strict: no implied DESCRIBE from READ/WRITE
// (Apache's ACL authorizers imply it, MSK's docs list DescribeTopic separately), and checks without an IAM
// equivalent are denied:
// - CREATE CLUSTER: Kafka's first check in CreateTopics (and Metadata auto-creation); denying it makes
//   Kafka fall back to CREATE TOPIC, i.e. kafka-cluster:CreateTopic on the topic's ARN, which is the
//   resource type MSK documents for CreateTopic.
// - CLUSTER_ACTION (inter-broker APIs): not supported under IAM.
// - DELEGATION_TOKEN and USER resources (delegation tokens, CreateTokens): not offered under IAM.
// - GROUP configurations (DESCRIBE_CONFIGS / ALTER_CONFIGS GROUP, Kafka 3.8+) and TWO_PHASE_COMMIT
//   (KIP-939, Kafka 4.x): no IAM action.
// The `hardcode` probe of InitProducerId (Kafka's default authorizeByResourceType) is simply WRITE TOPIC
// "hardcode" → kafka-cluster:WriteData on topic/<cluster>/<uuid>/hardcode; nothing special here.
import { type MskCluster, mskResourceArn } from './mskArn.js'
import { type MskResourceType } from './mskActions.js'

export type KafkaOperation =
  | 'READ'
  | 'WRITE'
  | 'CREATE'
  | 'DELETE'
  | 'ALTER'
  | 'DESCRIBE'
  | 'CLUSTER_ACTION'
  | 'DESCRIBE_CONFIGS'
  | 'ALTER_CONFIGS'
  | 'IDEMPOTENT_WRITE'
  | 'CREATE_TOKENS'
  | 'DESCRIBE_TOKENS'
  | 'TWO_PHASE_COMMIT'

export type KafkaResourceType = 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID' | 'DELEGATION_TOKEN' | 'USER'

/** One check Kafka's authorizer makes. */
export interface KafkaAclCheck {
  /** A {@link KafkaOperation}, or one a newer Kafka sends that the table does not know (no IAM action then). */
  operation: string
  /** A {@link KafkaResourceType}, or one a newer Kafka sends. */
  resourceType: string
  /** The topic, group or transactional id; `kafka-cluster` for the cluster. */
  resourceName: string
  /** `LITERAL` for every check Kafka makes on a request. */
  patternType?: string
}

export type IamMapping =
  | { supported: true; action: string; resource: string; resourceType: MskResourceType }
  | { supported: false; reason: string }

const TABLE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  TOPIC: {
    READ: 'ReadData',
    WRITE: 'WriteData',
    CREATE: 'CreateTopic',
    DELETE: 'DeleteTopic',
    ALTER: 'AlterTopic',
    DESCRIBE: 'DescribeTopic',
    DESCRIBE_CONFIGS: 'DescribeTopicDynamicConfiguration',
    ALTER_CONFIGS: 'AlterTopicDynamicConfiguration',
  },
  GROUP: { READ: 'AlterGroup', DESCRIBE: 'DescribeGroup', DELETE: 'DeleteGroup' },
  CLUSTER: {
    ALTER: 'AlterCluster',
    DESCRIBE: 'DescribeCluster',
    DESCRIBE_CONFIGS: 'DescribeClusterDynamicConfiguration',
    ALTER_CONFIGS: 'AlterClusterDynamicConfiguration',
    IDEMPOTENT_WRITE: 'WriteDataIdempotently',
  },
  TRANSACTIONAL_ID: { DESCRIBE: 'DescribeTransactionalId', WRITE: 'AlterTransactionalId' },
}

const IAM_TYPE: Readonly<Record<string, MskResourceType>> = {
  TOPIC: 'topic',
  GROUP: 'group',
  CLUSTER: 'cluster',
  TRANSACTIONAL_ID: 'transactional-id',
}

const UNSUPPORTED: Readonly<Record<string, string>> = {
  'CREATE CLUSTER':
    'CREATE CLUSTER has no IAM action: MSK authorizes topic creation with kafka-cluster:CreateTopic on the topic ARN (Kafka falls back to CREATE TOPIC)',
  'CLUSTER_ACTION CLUSTER':
    'CLUSTER_ACTION (inter-broker requests) has no IAM action: internal cluster actions are not supported under IAM',
}

/** The IAM action and ARN for one Kafka check, or why MSK denies it without consulting any policy. */
export function kafkaAclToIam(check: KafkaAclCheck, cluster: MskCluster): IamMapping {
  const operation = check.operation.toUpperCase()
  const type = check.resourceType.toUpperCase()
  if (check.patternType !== undefined && check.patternType.toUpperCase() !== 'LITERAL')
    return { supported: false, reason: `a ${check.patternType} pattern is not a request Kafka authorizes` }
  const name = TABLE[type]?.[operation]
  const resourceType = IAM_TYPE[type]
  if (name === undefined || resourceType === undefined) {
    const reason =
      UNSUPPORTED[`${operation} ${type}`] ??
      (type === 'DELEGATION_TOKEN' || type === 'USER'
        ? `${type} resources have no IAM action: delegation tokens are not offered under IAM`
        : `${operation} on ${type} has no IAM action`)
    return { supported: false, reason }
  }
  return {
    supported: true,
    action: `kafka-cluster:${name}`,
    resource: mskResourceArn(cluster, resourceType, check.resourceName),
    resourceType,
  }
}
