// Which MSK IAM actions each kafkajs request needs, by the resource type its denial names: the small
// static table behind explainError's AUTHORIZATION_FAILED (the library never loads the policy
// evaluator). Keys are kafkajs 2.x's request folders (`kafkajs/src/protocol/requests/<key>`), where the
// error of a denied request is made; names and actions follow Kafka's checks as the local MSK's
// authorizer makes them (docs/iam-policies.md has the full table).

/** The resource types of MSK's ARNs, as the four authorization error codes name them. */
export type IamResourceType = 'cluster' | 'topic' | 'group' | 'transactional-id'

export interface KafkajsStep {
  /** Kafka's name for the API. */
  api: string
  /** The IAM actions (without `kafka-cluster:`) its checks need, per resource type. */
  needs: Partial<Record<IamResourceType, readonly string[]>>
}

const s = (api: string, needs: KafkajsStep['needs']): KafkajsStep => ({ api, needs })
const GROUP_MEMBER = { group: ['AlterGroup'] } as const

export const KAFKAJS_STEPS: Readonly<Record<string, KafkajsStep>> = {
  metadata: s('Metadata', { topic: ['DescribeTopic'] }),
  produce: s('Produce', { topic: ['WriteData'], 'transactional-id': ['AlterTransactionalId'] }),
  fetch: s('Fetch', { topic: ['ReadData'] }),
  listOffsets: s('ListOffsets', { topic: ['DescribeTopic'] }),
  offsetCommit: s('OffsetCommit', { group: ['AlterGroup'], topic: ['ReadData'] }),
  offsetFetch: s('OffsetFetch', { group: ['DescribeGroup'], topic: ['DescribeTopic'] }),
  findCoordinator: s('FindCoordinator', { group: ['DescribeGroup'], 'transactional-id': ['DescribeTransactionalId'] }),
  joinGroup: s('JoinGroup', GROUP_MEMBER),
  syncGroup: s('SyncGroup', GROUP_MEMBER),
  heartbeat: s('Heartbeat', GROUP_MEMBER),
  leaveGroup: s('LeaveGroup', GROUP_MEMBER),
  describeGroups: s('DescribeGroups', { group: ['DescribeGroup'] }),
  deleteGroups: s('DeleteGroups', { group: ['DeleteGroup'] }),
  createTopics: s('CreateTopics', { topic: ['CreateTopic'] }),
  deleteTopics: s('DeleteTopics', { topic: ['DeleteTopic', 'DescribeTopic'] }),
  deleteRecords: s('DeleteRecords', { topic: ['DeleteTopic'] }),
  createPartitions: s('CreatePartitions', { topic: ['AlterTopic'] }),
  describeConfigs: s('DescribeConfigs', {
    topic: ['DescribeTopicDynamicConfiguration'],
    cluster: ['DescribeClusterDynamicConfiguration'],
  }),
  alterConfigs: s('AlterConfigs', {
    topic: ['AlterTopicDynamicConfiguration'],
    cluster: ['AlterClusterDynamicConfiguration'],
  }),
  initProducerId: s('InitProducerId', {
    cluster: ['WriteDataIdempotently'],
    'transactional-id': ['AlterTransactionalId'],
  }),
  addPartitionsToTxn: s('AddPartitionsToTxn', { 'transactional-id': ['AlterTransactionalId'], topic: ['WriteData'] }),
  addOffsetsToTxn: s('AddOffsetsToTxn', { 'transactional-id': ['AlterTransactionalId'], group: ['AlterGroup'] }),
  endTxn: s('EndTxn', { 'transactional-id': ['AlterTransactionalId'] }),
  txnOffsetCommit: s('TxnOffsetCommit', {
    'transactional-id': ['AlterTransactionalId'],
    group: ['AlterGroup'],
    topic: ['ReadData'],
  }),
  describeAcls: s('DescribeAcls', { cluster: ['DescribeCluster'] }),
  createAcls: s('CreateAcls', { cluster: ['AlterCluster'] }),
  deleteAcls: s('DeleteAcls', { cluster: ['AlterCluster'] }),
  alterPartitionReassignments: s('AlterPartitionReassignments', { cluster: ['AlterCluster'] }),
  listPartitionReassignments: s('ListPartitionReassignments', { cluster: ['DescribeCluster'] }),
}

/**
 * When the failed request is not known (a bundled kafkajs has no file names in its stacks): what any
 * step may need on that resource type, the usual suspects first.
 */
export const ANY_STEP: Readonly<Record<IamResourceType, readonly string[]>> = {
  topic: ['DescribeTopic', 'WriteData', 'ReadData', 'CreateTopic'],
  group: ['DescribeGroup', 'AlterGroup'],
  cluster: ['WriteDataIdempotently', 'DescribeCluster'],
  'transactional-id': ['DescribeTransactionalId', 'AlterTransactionalId'],
}

/** kafkajs's error types for MSK's four authorization denials, and the resource type each names. */
export const AUTHORIZATION_ERROR_TYPES: Readonly<Record<string, IamResourceType>> = {
  TOPIC_AUTHORIZATION_FAILED: 'topic',
  GROUP_AUTHORIZATION_FAILED: 'group',
  CLUSTER_AUTHORIZATION_FAILED: 'cluster',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'transactional-id',
}
