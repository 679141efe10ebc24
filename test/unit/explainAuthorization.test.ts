// explainError() on MSK's authorization denials: kafkajs 2.2.4's own response parsers make the errors
// (so their stacks are what a real denied request leaves), wrapped as kafkajs's retrier wraps them.
// The same denials from a real local MSK: test/integration/localMskAuthorization.test.ts.
import { isMskIamError, MSK_IAM_ERROR_CODES, type MskIamError } from '../../src/errors.js'
import { arnShape } from '../../src/explainAuthorization.js'
import { explainError } from '../../src/explainError.js'
import * as errors from 'kafkajs/src/errors'
import { createErrorFromCode } from 'kafkajs/src/protocol/error'
import * as deleteGroupsResponse from 'kafkajs/src/protocol/requests/deleteGroups/v0/response'

const HOST = 'b-2.orders-cluster.abc123.c3.kafka.eu-west-1.amazonaws.com'
const config = { brokers: [`${HOST}:9098`], ssl: true }
const P = 'arn:aws:kafka:eu-west-1:<account-id>'

/** The error kafkajs's parser of `request` (v0) throws for `data`. */
async function parserError(request: string, data: unknown): Promise<Error> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the request's module is picked at run time
  const { parse } = require(`kafkajs/src/protocol/requests/${request}/v0/response`) as KafkaResponseModule
  try {
    await parse(data)
  } catch (err) {
    return err as Error
  }
  throw new Error(`${request} parsed without an error`)
}

/** kafkajs's retrier giving up on a non-retriable error. */
const retrierGaveUp = (e: Error): Error => new errors.KafkaJSNonRetriableError(e, { cause: e })

function explained(error: unknown, context: Parameters<typeof explainError>[1]): MskIamError {
  const result = explainError(error, context)
  if (!isMskIamError(result)) throw new Error(`not explained: ${String(result)}`)
  return result
}

describe('explainError: authorization failures', () => {
  it('has AUTHORIZATION_FAILED in the closed set of codes', () => {
    expect(MSK_IAM_ERROR_CODES).toContain('AUTHORIZATION_FAILED')
  })

  it('Metadata denied (29): DescribeTopic on the topic ARN, region and cluster from the broker name', async () => {
    const denied = await parserError('metadata', {
      topicMetadata: [{ topicErrorCode: 29, topic: 'orders', partitionMetadata: [] }],
    })
    const e = explained(retrierGaveUp(denied), { ...config, topic: 'orders' })
    expect(e).toMatchObject({
      code: 'AUTHORIZATION_FAILED',
      retriable: false,
      region: 'eu-west-1',
      requiredActions: ['kafka-cluster:DescribeTopic'],
      resourceArn: `${P}:topic/orders-cluster/<cluster-uuid>/orders`,
    })
    expect(e.cause).toBe(denied)
    expect(e.message).toContain('at Metadata (TOPIC_AUTHORIZATION_FAILED)')
    expect(e.message).toContain(`kafka-cluster:DescribeTopic on ${P}:topic/orders-cluster/<cluster-uuid>/orders`)
  })

  it('JoinGroup denied (30): AlterGroup on the group ARN', async () => {
    const e = explained(await parserError('joinGroup', { errorCode: 30 }), { ...config, groupId: 'billing' })
    expect(e.requiredActions).toEqual(['kafka-cluster:AlterGroup'])
    expect(e.resourceArn).toBe(`${P}:group/orders-cluster/<cluster-uuid>/billing`)
    expect(e.message).toContain('at JoinGroup (GROUP_AUTHORIZATION_FAILED)')
  })

  it('OffsetCommit denied per partition (30): AlterGroup, the group from the context', async () => {
    const denied = await parserError('offsetCommit', {
      responses: [{ topic: 'orders', partitions: [{ partition: 0, errorCode: 30 }] }],
    })
    const e = explained(denied, { ...config, topic: 'orders', groupId: 'billing' })
    expect(e.requiredActions).toEqual(['kafka-cluster:AlterGroup'])
    expect(e.resourceArn).toBe(`${P}:group/orders-cluster/<cluster-uuid>/billing`)
  })

  it('Produce denied (29): WriteData', async () => {
    const denied = await parserError('produce', {
      topics: [{ topicName: 'orders', partitions: [{ partition: 0, errorCode: 29 }] }],
    })
    expect(explained(denied, { ...config, topic: 'orders' }).requiredActions).toEqual(['kafka-cluster:WriteData'])
  })

  it('InitProducerId denied (31): WriteDataIdempotently on the cluster, and the idempotent-producer rule', async () => {
    const e = explained(retrierGaveUp(await parserError('initProducerId', { errorCode: 31 })), config)
    expect(e.requiredActions).toEqual(['kafka-cluster:WriteDataIdempotently'])
    expect(e.resourceArn).toBe(`${P}:cluster/orders-cluster/<cluster-uuid>`)
    expect(e.message).toContain(`kafka-cluster:WriteData on every topic (${P}:topic/orders-cluster/<cluster-uuid>/*)`)
    expect(e.message).toContain('"hardcode"')
  })

  it('a transactional step denied (53): AlterTransactionalId on the transactional-id ARN', async () => {
    const e = explained(await parserError('endTxn', { errorCode: 53 }), { ...config, transactionalId: 'orders-tx' })
    expect(e.requiredActions).toEqual(['kafka-cluster:AlterTransactionalId'])
    expect(e.resourceArn).toBe(`${P}:transactional-id/orders-cluster/<cluster-uuid>/orders-tx`)
  })

  it('FindCoordinator for a transactional id denied (53): DescribeTransactionalId', async () => {
    const e = explained(await parserError('findCoordinator', { errorCode: 53 }), { transactionalId: 'tx' })
    expect(e.requiredActions).toEqual(['kafka-cluster:DescribeTransactionalId'])
    // No broker known: every part of the ARN but the name is a placeholder.
    expect(e.resourceArn).toBe('arn:aws:kafka:<region>:<account-id>:transactional-id/<cluster-name>/<cluster-uuid>/tx')
  })

  it('inside kafkajs aggregate errors (createTopics)', async () => {
    const denied = await parserError('createTopics', { topicErrors: [{ topic: 'new', errorCode: 29 }] })
    const e = explained(denied, { ...config, topic: 'new' })
    expect(e.requiredActions).toEqual(['kafka-cluster:CreateTopic'])
  })

  it('without a kafkajs frame in the stack: every action the resource type may need', () => {
    const bare = createErrorFromCode(29)
    bare.stack = 'KafkaJSProtocolError: Not authorized'
    const e = explained(bare, { ...config, topic: 'orders' })
    expect(e.requiredActions).toEqual([
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:WriteData',
      'kafka-cluster:ReadData',
      'kafka-cluster:CreateTopic',
    ])
    expect(e.message).toContain('the failed request is not known')
  })

  it('leaves other protocol errors alone', () => {
    const other = createErrorFromCode(3)
    expect(explainError(other, config)).toBe(other)
  })
})

describe('arnShape', () => {
  it.each([
    ['b-1.c.x.c1.kafka.us-east-1.amazonaws.com:9098', 'arn:aws:kafka:us-east-1:<account-id>:topic/c/<cluster-uuid>/t'],
    [
      'b-1-public.c.x.c1.kafka.us-west-2.amazonaws.com',
      'arn:aws:kafka:us-west-2:<account-id>:topic/c/<cluster-uuid>/t',
    ],
    [
      'b-1.c.x.c1.kafka.cn-north-1.amazonaws.com.cn',
      'arn:aws-cn:kafka:cn-north-1:<account-id>:topic/c/<cluster-uuid>/t',
    ],
    [
      'b-1.c.x.c1.kafka.us-gov-west-1.amazonaws.com',
      'arn:aws-us-gov:kafka:us-gov-west-1:<account-id>:topic/c/<cluster-uuid>/t',
    ],
    [
      'b-1.c.x.c1.kafka.eusc-de-east-1.amazonaws.eu',
      'arn:aws-eusc:kafka:eusc-de-east-1:<account-id>:topic/c/<cluster-uuid>/t',
    ],
    [
      'boot-abcd.c1.kafka-serverless.eu-west-1.amazonaws.com',
      'arn:aws:kafka:eu-west-1:<account-id>:topic/<cluster-name>/<cluster-uuid>/t',
    ],
    ['kafka.internal.example.com', 'arn:aws:kafka:<region>:<account-id>:topic/<cluster-name>/<cluster-uuid>/t'],
  ])('%s', (host, arn) => {
    expect(arnShape(host, 'topic', 't')).toBe(arn)
  })
})

describe('explainError: kafkajs aggregates', () => {
  it('DeleteGroups denied (30) inside KafkaJSDeleteGroupsError: DeleteGroup', async () => {
    // DeleteGroups v0 response: throttle_time_ms, [group_id, error_code]; kafkajs's decoder makes the error.
    const body = Buffer.concat([
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 0, 7]),
      Buffer.from('billing'),
      Buffer.from([0, 30]),
    ])
    const { results } = await deleteGroupsResponse.decode(body)
    const wrapped = new errors.KafkaJSDeleteGroupsError('Error in DeleteGroups', results as unknown[])
    const e = explained(wrapped, { ...config, groupId: 'billing' })
    expect(e.requiredActions).toEqual(['kafka-cluster:DeleteGroup'])
    expect(e.resourceArn).toBe(`${P}:group/orders-cluster/<cluster-uuid>/billing`)
  })
})
