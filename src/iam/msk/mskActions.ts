// MSK's 19 data-plane actions (the `kafka-cluster:` service), as the MSK developer guide's action
// table and the Service Authorization Reference give them: resource type, the actions the docs list as
// required with it, whether MSK Serverless supports it, and the Kafka ACL it is "equivalent to".

export type MskResourceType = 'cluster' | 'topic' | 'group' | 'transactional-id'

export interface MskAction {
  /** `kafka-cluster:WriteData` */
  action: string
  /** `WriteData` */
  name: string
  resourceType: MskResourceType
  /** The "Required actions" column of MSK's table. */
  requires: readonly string[]
  serverless: boolean
  accessLevel: 'List' | 'Read' | 'Write'
  /** The Kafka ACL checks it stands for, `OPERATION RESOURCE_TYPE` (none for Connect). */
  kafkaAcls: readonly string[]
}

const a = (
  name: string,
  resourceType: MskResourceType,
  requires: string[],
  accessLevel: MskAction['accessLevel'],
  kafkaAcls: string[],
  serverless = true,
): MskAction => ({
  action: `kafka-cluster:${name}`,
  name,
  resourceType,
  requires: requires.map((r) => `kafka-cluster:${r}`),
  serverless,
  accessLevel,
  kafkaAcls,
})

export const MSK_ACTIONS: readonly MskAction[] = [
  a('Connect', 'cluster', [], 'Write', []),
  a('DescribeCluster', 'cluster', ['Connect'], 'List', ['DESCRIBE CLUSTER']),
  a('AlterCluster', 'cluster', ['Connect', 'DescribeCluster'], 'Write', ['ALTER CLUSTER'], false),
  a('DescribeClusterDynamicConfiguration', 'cluster', ['Connect'], 'List', ['DESCRIBE_CONFIGS CLUSTER'], false),
  a(
    'AlterClusterDynamicConfiguration',
    'cluster',
    ['Connect', 'DescribeClusterDynamicConfiguration'],
    'Write',
    ['ALTER_CONFIGS CLUSTER'],
    false,
  ),
  a('WriteDataIdempotently', 'cluster', ['Connect', 'WriteData'], 'Write', ['IDEMPOTENT_WRITE CLUSTER']),
  a('CreateTopic', 'topic', ['Connect'], 'Write', ['CREATE TOPIC']),
  a('DescribeTopic', 'topic', ['Connect'], 'List', ['DESCRIBE TOPIC']),
  a('AlterTopic', 'topic', ['Connect', 'DescribeTopic'], 'Write', ['ALTER TOPIC']),
  a('DeleteTopic', 'topic', ['Connect', 'DescribeTopic'], 'Write', ['DELETE TOPIC']),
  a('DescribeTopicDynamicConfiguration', 'topic', ['Connect'], 'List', ['DESCRIBE_CONFIGS TOPIC']),
  a('AlterTopicDynamicConfiguration', 'topic', ['Connect', 'DescribeTopicDynamicConfiguration'], 'Write', [
    'ALTER_CONFIGS TOPIC',
  ]),
  a('ReadData', 'topic', ['Connect', 'DescribeTopic', 'AlterGroup'], 'Read', ['READ TOPIC']),
  a('WriteData', 'topic', ['Connect', 'DescribeTopic'], 'Write', ['WRITE TOPIC']),
  a('DescribeGroup', 'group', ['Connect'], 'List', ['DESCRIBE GROUP']),
  a('AlterGroup', 'group', ['Connect', 'DescribeGroup'], 'Write', ['READ GROUP']),
  a('DeleteGroup', 'group', ['Connect', 'DescribeGroup'], 'Write', ['DELETE GROUP']),
  a('DescribeTransactionalId', 'transactional-id', ['Connect'], 'List', ['DESCRIBE TRANSACTIONAL_ID']),
  a('AlterTransactionalId', 'transactional-id', ['Connect', 'DescribeTransactionalId', 'WriteData'], 'Write', [
    'WRITE TRANSACTIONAL_ID',
  ]),
]

const BY_LOWER_NAME = new Map(MSK_ACTIONS.map((action) => [action.action.toLowerCase(), action]))

/** The catalogue entry of `action` (any case), or undefined for an action MSK does not have. */
export function mskAction(action: string): MskAction | undefined {
  return BY_LOWER_NAME.get(action.toLowerCase())
}

/** The catalogue actions an Action pattern (`kafka-cluster:*Topic`, `*`) matches, case-insensitively. */
export function mskActionsMatching(pattern: string): MskAction[] {
  const lower = pattern.toLowerCase()
  if (lower === '*') return [...MSK_ACTIONS]
  const source = lower
    .replace(/[.+^${}()|[\]\\/]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  const regex = new RegExp(`^${source}$`)
  return MSK_ACTIONS.filter((action) => regex.test(action.action.toLowerCase()))
}

/**
 * Control-plane (`kafka:`) actions that share a name with a data-plane one (Service Authorization Reference,
 * `kafka` service; lower case): `kafka:DescribeTopic` is the AWS API's, `kafka-cluster:DescribeTopic` Kafka's.
 */
export const MSK_CONTROL_PLANE_NAMESAKES: ReadonlySet<string> = new Set([
  'createtopic',
  'deletetopic',
  'describetopic',
  'describecluster',
])
