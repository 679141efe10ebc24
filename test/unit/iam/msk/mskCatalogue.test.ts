// MSK's action catalogue, ARN shapes and the Kafka ACL → IAM mapping.
import { kafkaAclToIam } from '../../../../src/iam/msk/kafkaAclToIam.js'
import { kafkaApi, KAFKA_APIS } from '../../../../src/iam/msk/kafkaApis.js'
import { MSK_ACTIONS, mskAction, mskActionsMatching } from '../../../../src/iam/msk/mskActions.js'
import {
  clusterArn,
  groupArn,
  parseClusterArn,
  parseMskArn,
  topicArn,
  transactionalIdArn,
  wildcardClusterUuid,
} from '../../../../src/iam/msk/mskArn.js'

const cluster = {
  region: 'eu-west-1',
  account: '111122223333',
  name: 'orders',
  uuid: 'abcd1234-0123-abcd-5678-1234abcd-1',
}
const P = 'arn:aws:kafka:eu-west-1:111122223333'

describe('MSK action catalogue', () => {
  it('has the 19 kafka-cluster actions with their resource types', () => {
    expect(MSK_ACTIONS).toHaveLength(19)
    const byType = (t: string) => MSK_ACTIONS.filter((a) => a.resourceType === t).map((a) => a.name)
    expect(byType('cluster')).toEqual([
      'Connect',
      'DescribeCluster',
      'AlterCluster',
      'DescribeClusterDynamicConfiguration',
      'AlterClusterDynamicConfiguration',
      'WriteDataIdempotently',
    ])
    expect(byType('group')).toEqual(['DescribeGroup', 'AlterGroup', 'DeleteGroup'])
    expect(byType('transactional-id')).toEqual(['DescribeTransactionalId', 'AlterTransactionalId'])
    expect(mskAction('KAFKA-CLUSTER:readdata')).toMatchObject({
      requires: expect.arrayContaining(['kafka-cluster:AlterGroup']) as unknown,
    })
    expect(MSK_ACTIONS.filter((a) => !a.serverless).map((a) => a.name)).toEqual([
      'AlterCluster',
      'DescribeClusterDynamicConfiguration',
      'AlterClusterDynamicConfiguration',
    ])
  })

  it('expands wildcards like IAM', () => {
    expect(mskActionsMatching('kafka-cluster:*Topic').map((a) => a.name)).toEqual([
      'CreateTopic',
      'DescribeTopic',
      'AlterTopic',
      'DeleteTopic',
    ])
    expect(mskActionsMatching('kafka-cluster:*Topic*')).toHaveLength(6)
    expect(mskActionsMatching('kafka-cluster:Nope*')).toEqual([])
  })
})

describe('MSK ARNs', () => {
  it('builds the four shapes and parses them back, names with / and * included', () => {
    expect(clusterArn(cluster)).toBe(`${P}:cluster/orders/${cluster.uuid}`)
    expect(topicArn(cluster, 'orders.v1')).toBe(`${P}:topic/orders/${cluster.uuid}/orders.v1`)
    expect(groupArn(cluster, 'team/a*')).toBe(`${P}:group/orders/${cluster.uuid}/team/a*`)
    expect(transactionalIdArn({ ...cluster, partition: 'aws-cn' }, 'tx-1')).toBe(
      `arn:aws-cn:kafka:eu-west-1:111122223333:transactional-id/orders/${cluster.uuid}/tx-1`,
    )
    expect(parseMskArn(groupArn(cluster, 'team/a*'))).toEqual({
      resourceType: 'group',
      cluster: { partition: 'aws', ...cluster },
      name: 'team/a*',
    })
    expect(parseClusterArn(clusterArn(cluster))).toEqual({ partition: 'aws', ...cluster })
  })

  it.each([
    `${P}:cluster/orders`,
    `${P}:cluster/orders/${cluster.uuid}/extra`,
    `${P}:topic/orders/${cluster.uuid}`,
    `${P}:queue/orders/${cluster.uuid}/x`,
    `arn:aws:s3:::bucket`,
    'not an arn',
  ])('rejects %s', (arn) => {
    expect(parseMskArn(arn)).toBeUndefined()
  })

  it('wildcards the cluster UUID', () => {
    expect(wildcardClusterUuid(topicArn(cluster, 'a/b'))).toBe(`${P}:topic/orders/*/a/b`)
    expect(wildcardClusterUuid('*')).toBe('*')
  })
})

describe('Kafka ACL → IAM action', () => {
  const map = (operation: string, resourceType: string, resourceName = 'x') =>
    kafkaAclToIam({ operation, resourceType, resourceName }, cluster)

  it.each([
    ['READ', 'TOPIC', 'kafka-cluster:ReadData', 'topic'],
    ['WRITE', 'TOPIC', 'kafka-cluster:WriteData', 'topic'],
    ['DESCRIBE', 'TOPIC', 'kafka-cluster:DescribeTopic', 'topic'],
    ['CREATE', 'TOPIC', 'kafka-cluster:CreateTopic', 'topic'],
    ['DESCRIBE_CONFIGS', 'TOPIC', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'topic'],
    ['ALTER_CONFIGS', 'TOPIC', 'kafka-cluster:AlterTopicDynamicConfiguration', 'topic'],
    ['READ', 'GROUP', 'kafka-cluster:AlterGroup', 'group'],
    ['DESCRIBE', 'GROUP', 'kafka-cluster:DescribeGroup', 'group'],
    ['DELETE', 'GROUP', 'kafka-cluster:DeleteGroup', 'group'],
    ['IDEMPOTENT_WRITE', 'CLUSTER', 'kafka-cluster:WriteDataIdempotently', 'cluster'],
    ['ALTER', 'CLUSTER', 'kafka-cluster:AlterCluster', 'cluster'],
    ['DESCRIBE_CONFIGS', 'CLUSTER', 'kafka-cluster:DescribeClusterDynamicConfiguration', 'cluster'],
    ['WRITE', 'TRANSACTIONAL_ID', 'kafka-cluster:AlterTransactionalId', 'transactional-id'],
    ['DESCRIBE', 'TRANSACTIONAL_ID', 'kafka-cluster:DescribeTransactionalId', 'transactional-id'],
  ])('%s %s → %s', (operation, type, action, resourceType) => {
    expect(map(operation, type)).toMatchObject({ supported: true, action, resourceType })
  })

  it('puts the name in the ARN of its type; the cluster check uses the cluster ARN', () => {
    expect(map('WRITE', 'TOPIC', 'hardcode')).toMatchObject({ resource: topicArn(cluster, 'hardcode') })
    expect(map('IDEMPOTENT_WRITE', 'CLUSTER', 'kafka-cluster')).toMatchObject({ resource: clusterArn(cluster) })
  })

  it.each([
    ['CREATE', 'CLUSTER', /falls back to CREATE TOPIC/],
    ['CLUSTER_ACTION', 'CLUSTER', /not supported under IAM/],
    ['DESCRIBE_TOKENS', 'DELEGATION_TOKEN', /delegation tokens/],
    ['CREATE_TOKENS', 'USER', /delegation tokens/],
    ['ALTER_CONFIGS', 'GROUP', /no IAM action/],
    ['WRITE', 'GROUP', /no IAM action/],
  ])('%s %s has no IAM action: denied', (operation, type, reason) => {
    const mapping = map(operation, type)
    expect(mapping.supported).toBe(false)
    expect(!mapping.supported && mapping.reason).toMatch(reason)
  })

  it('denies non-literal patterns', () => {
    expect(
      kafkaAclToIam({ operation: 'READ', resourceType: 'TOPIC', resourceName: 'x', patternType: 'PREFIXED' }, cluster)
        .supported,
    ).toBe(false)
  })
})

describe('Kafka API table', () => {
  it('names the IAM actions each API needs, every one from the catalogue', () => {
    expect(kafkaApi(3)?.checks.map((c) => c.action)).toEqual([
      'kafka-cluster:DescribeTopic',
      undefined,
      'kafka-cluster:CreateTopic',
    ])
    expect(kafkaApi(22)?.denied).toMatch(/CLUSTER_AUTHORIZATION_FAILED/)
    expect(kafkaApi(11)?.checks).toEqual([{ acl: 'READ GROUP', action: 'kafka-cluster:AlterGroup' }])
    for (const api of KAFKA_APIS)
      for (const check of api.checks) if (check.action) expect(mskAction(check.action)).toBeDefined()
    expect(new Set(KAFKA_APIS.map((a) => a.apiKey)).size).toBe(KAFKA_APIS.length)
  })
})
