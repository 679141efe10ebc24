// The authorizer's decision: Kafka check → IAM action and ARN → decision, reason and cacheability.
import { decideKafkaCheck } from '../../../../src/iam/msk/decideKafkaCheck.js'
import { topicArn } from '../../../../src/iam/msk/mskArn.js'
import { type PolicyStatement } from '../../../../src/iam/policy/PolicyDocument.js'

const cluster = {
  region: 'us-east-1',
  account: '111122223333',
  name: 'orders',
  uuid: 'abcd1234-0123-abcd-5678-1234abcd-1',
}
const P = 'arn:aws:kafka:us-east-1:111122223333'
const context = {
  cluster,
  principal: { arn: 'arn:aws:sts::111122223333:assumed-role/app/s' },
  nowMs: Date.UTC(2025, 0, 1),
}
const set = (...Statement: PolicyStatement[]) => ({ identityPolicies: [{ Version: '2012-10-17', Statement }] })
const writeOrders = set({
  Effect: 'Allow',
  Action: ['kafka-cluster:WriteData', 'kafka-cluster:DescribeTopic'],
  Resource: `${P}:topic/orders/*/orders`,
})

describe('decideKafkaCheck', () => {
  it('allows a check the policy grants, cacheably', () => {
    expect(
      decideKafkaCheck(writeOrders, { operation: 'WRITE', resourceType: 'TOPIC', resourceName: 'orders' }, context),
    ).toEqual({
      allowed: true,
      cacheable: true,
      action: 'kafka-cluster:WriteData',
      resource: topicArn(cluster, 'orders'),
      reason: undefined,
      explanation: undefined,
    })
  })

  it('denies with the API, the action, the ARN, the reason and the client error', () => {
    const d = decideKafkaCheck(
      writeOrders,
      { operation: 'DESCRIBE', resourceType: 'TOPIC', resourceName: 'audit' },
      { ...context, apiKey: 3 },
    )
    expect(d.allowed).toBe(false)
    expect(d.reason).toBe(
      `Metadata needs kafka-cluster:DescribeTopic on ${topicArn(cluster, 'audit')}: no statement allows it (the client sees TOPIC_AUTHORIZATION_FAILED (29) for a named topic; topics not allowed are silently left out of "all topics")`,
    )
    expect(d.explanation?.suggestion?.statement).toEqual({
      Effect: 'Allow',
      Action: 'kafka-cluster:DescribeTopic',
      Resource: topicArn(cluster, 'audit'),
    })
  })

  it('denies the hardcode probe of an idempotent producer with topic-scoped WriteData; allows it with topic/…/*', () => {
    const probe = { operation: 'WRITE', resourceType: 'TOPIC', resourceName: 'hardcode' }
    expect(decideKafkaCheck(writeOrders, probe, context).allowed).toBe(false)
    expect(
      decideKafkaCheck(
        set({ Effect: 'Allow', Action: 'kafka-cluster:WriteData', Resource: `${P}:topic/orders/*` }),
        probe,
        context,
      ).allowed,
    ).toBe(true)
    expect(
      decideKafkaCheck(
        writeOrders,
        { operation: 'IDEMPOTENT_WRITE', resourceType: 'CLUSTER', resourceName: 'kafka-cluster' },
        { ...context, apiKey: 22 },
      ).reason,
    ).toMatch(
      /^InitProducerId needs kafka-cluster:WriteDataIdempotently on .*cluster\/orders\/.*CLUSTER_AUTHORIZATION_FAILED \(31\)/,
    )
  })

  it('denies CREATE CLUSTER whatever the policy says, so Kafka falls back to CREATE TOPIC', () => {
    const admin = set({ Effect: 'Allow', Action: 'kafka-cluster:*', Resource: '*' })
    const d = decideKafkaCheck(
      admin,
      { operation: 'CREATE', resourceType: 'CLUSTER', resourceName: 'kafka-cluster' },
      { ...context, apiKey: 19 },
    )
    expect(d).toMatchObject({ allowed: false, cacheable: true, action: undefined })
    expect(d.reason).toMatch(/^CreateTopics: CREATE CLUSTER has no IAM action/)
    expect(
      decideKafkaCheck(admin, { operation: 'CREATE', resourceType: 'TOPIC', resourceName: 'new' }, context).allowed,
    ).toBe(true)
  })

  it('marks decisions that read the clock as not cacheable', () => {
    const timed = set({
      Effect: 'Allow',
      Action: 'kafka-cluster:*',
      Resource: '*',
      Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
    })
    expect(
      decideKafkaCheck(timed, { operation: 'READ', resourceType: 'GROUP', resourceName: 'g' }, context),
    ).toMatchObject({ allowed: true, cacheable: false })
  })

  it('skips the explanation when asked to', () => {
    const d = decideKafkaCheck(
      writeOrders,
      { operation: 'READ', resourceType: 'TOPIC', resourceName: 'orders' },
      { ...context, explain: false },
    )
    expect(d).toMatchObject({
      allowed: false,
      explanation: undefined,
      reason: `DENY kafka-cluster:ReadData on ${topicArn(cluster, 'orders')}: ImplicitDeny`,
    })
  })
})
