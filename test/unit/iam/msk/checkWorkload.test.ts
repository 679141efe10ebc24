// The two policies users copy, checked against the workloads they are used for: what each allows and
// what it lacks.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { checkWorkload } from '../../../../src/iam/msk/checkWorkload.js'
import { workloadRequirements } from '../../../../src/iam/msk/workloadRequirements.js'
import { type PolicyDocument } from '../../../../src/iam/policy/PolicyDocument.js'

const fixture = (name: string): PolicyDocument =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../fixtures/iam', name), 'utf8')) as PolicyDocument
const broad = fixture('broad-consumer-policy.json')
const tight = fixture('tight-produce-consume-policy.json')

const tightCluster = {
  region: 'us-east-1',
  account: '123456789012',
  name: 'my-msk-cluster',
  uuid: 'abcd1234-5678-efgh-ijkl-mnopqrstuvwx-1',
}
const broadCluster = {
  region: 'us-east-1',
  account: '123456789012',
  name: 'my-cluster',
  uuid: 'abcd1234-0123-abcd-5678-1234abcd-1',
}
const options = { principal: { arn: 'arn:aws:sts::123456789012:assumed-role/lambda/fn' }, nowMs: 0 }
const missing = (check: ReturnType<typeof checkWorkload>) =>
  check.checks
    .filter((c) => !c.granted)
    .map((c) => `${c.requirement.api}: ${c.requirement.anyOf.map((o) => `${o.action} ${o.resource}`).join(' | ')}`)

describe('workload requirements', () => {
  it('produce: Connect, DescribeTopic, WriteData (the documented use case)', () => {
    expect(workloadRequirements({ produce: ['t'] }, tightCluster).map((r) => r.anyOf[0]?.action)).toEqual([
      'kafka-cluster:Connect',
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:WriteData',
    ])
  })

  it('idempotent produce: WriteDataIdempotently on the cluster, or WriteData on the topic Kafka probes', () => {
    const init = workloadRequirements({ produce: ['t'], idempotent: true }, tightCluster).find(
      (r) => r.api === 'InitProducerId',
    )
    expect(init?.anyOf.map((o) => `${o.action} ${o.resource.split(':').pop()}`)).toEqual([
      `kafka-cluster:WriteDataIdempotently cluster/my-msk-cluster/${tightCluster.uuid}`,
      `kafka-cluster:WriteData topic/my-msk-cluster/${tightCluster.uuid}/hardcode`,
    ])
  })

  it('transactions: DescribeTransactionalId and AlterTransactionalId on the transactional id', () => {
    const actions = workloadRequirements({ produce: ['t'], transactionalId: 'tx' }, tightCluster).map(
      (r) => r.anyOf[0]?.action,
    )
    expect(actions).toEqual(
      expect.arrayContaining(['kafka-cluster:DescribeTransactionalId', 'kafka-cluster:AlterTransactionalId']),
    )
    expect(actions).not.toContain('kafka-cluster:WriteDataIdempotently')
  })

  it('transactions with idempotent (kafkajs idempotent: true, as its docs say): WriteDataIdempotently too', () => {
    // kafkajs's connect() asks InitProducerId without the transactional id for an idempotent producer,
    // before any transaction (seen on the local MSK: test/integration/localMskAuthorization.test.ts).
    const init = workloadRequirements({ produce: ['t'], transactionalId: 'tx', idempotent: true }, tightCluster).filter(
      (r) => r.api === 'InitProducerId',
    )
    expect(init.map((r) => r.anyOf.map((o) => o.action))).toEqual([
      ['kafka-cluster:AlterTransactionalId'],
      ['kafka-cluster:WriteDataIdempotently', 'kafka-cluster:WriteData'],
    ])
  })

  it('consume: Connect, DescribeTopic, DescribeGroup, AlterGroup, ReadData (the documented use case)', () => {
    expect(
      new Set(workloadRequirements({ consume: ['t'], group: 'g' }, tightCluster).map((r) => r.anyOf[0]?.action)),
    ).toEqual(
      new Set([
        'kafka-cluster:Connect',
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:DescribeGroup',
        'kafka-cluster:AlterGroup',
        'kafka-cluster:ReadData',
      ]),
    )
  })
})

describe('the tight produce + consume policy', () => {
  it('allows a plain producer and a group consumer of my-topic-name', () => {
    expect(
      missing(checkWorkload({ identityPolicies: [tight] }, { produce: ['my-topic-name'] }, tightCluster, options)),
    ).toEqual([])
    const consumer = checkWorkload(
      { identityPolicies: [tight] },
      { consume: ['my-topic-name'], group: 'g' },
      tightCluster,
      options,
    )
    expect(consumer.ok).toBe(true)
  })

  it('fails an idempotent producer at InitProducerId (CLUSTER_AUTHORIZATION_FAILED): the hardcode rule', () => {
    const check = checkWorkload(
      { identityPolicies: [tight] },
      { produce: ['my-topic-name'], idempotent: true },
      tightCluster,
      options,
    )
    expect(check.ok).toBe(false)
    expect(missing(check)).toEqual([
      `InitProducerId: kafka-cluster:WriteDataIdempotently arn:aws:kafka:us-east-1:123456789012:cluster/my-msk-cluster/${tightCluster.uuid} | kafka-cluster:WriteData arn:aws:kafka:us-east-1:123456789012:topic/my-msk-cluster/${tightCluster.uuid}/hardcode`,
    ])
  })

  it('lacks another topic, naming the statement that almost matched', () => {
    const check = checkWorkload({ identityPolicies: [tight] }, { produce: ['payments'] }, tightCluster, options)
    const denied = check.checks.filter((c) => !c.granted)
    expect(denied.map((c) => c.requirement.api)).toEqual(['Metadata', 'Produce'])
    expect(denied[0]?.explanations[0]?.details[0]).toMatch(
      /statement "MSKTopicAccess" of identity policy 1 almost matches; its Resource .*my-topic-name does not match .*\/payments/,
    )
  })
})

describe('the broad consumer policy', () => {
  it('allows a group consumer of any topic of my-cluster', () => {
    expect(
      checkWorkload({ identityPolicies: [broad] }, { consume: ['events'], group: 'lambda' }, broadCluster, options).ok,
    ).toBe(true)
  })

  it('without AlterGroup the consumer fails, and the explanation names kafka-cluster:AlterGroup on the group ARN', () => {
    const statement = (Array.isArray(broad.Statement) ? broad.Statement : [broad.Statement])[0]!
    const withoutAlterGroup: PolicyDocument = {
      ...broad,
      Statement: [
        { ...statement, Action: (statement.Action as string[]).filter((a) => a !== 'kafka-cluster:AlterGroup') },
      ],
    }
    const check = checkWorkload(
      { identityPolicies: [withoutAlterGroup] },
      { consume: ['events'], group: 'lambda' },
      broadCluster,
      options,
    )
    expect(check.ok).toBe(false)
    const denied = check.checks.filter((c) => !c.granted)
    expect(denied.map((c) => c.requirement.api)).toEqual(['JoinGroup'])
    const explanation = denied[0]!.explanations[0]!
    expect(explanation.summary).toBe(
      `DENY kafka-cluster:AlterGroup on arn:aws:kafka:us-east-1:123456789012:group/my-cluster/${broadCluster.uuid}/lambda for arn:aws:sts::123456789012:assumed-role/lambda/fn: no statement allows it`,
    )
    expect(explanation.details[0]).toMatch(/almost matches; it lacks the action kafka-cluster:AlterGroup/)
    expect(explanation.suggestion).toEqual({
      policy: 'identity',
      statement: {
        Effect: 'Allow',
        Action: 'kafka-cluster:AlterGroup',
        Resource: `arn:aws:kafka:us-east-1:123456789012:group/my-cluster/${broadCluster.uuid}/lambda`,
      },
    })
  })

  it('without DescribeTopic a producer fails at Metadata, and the explanation names it', () => {
    const producerPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['kafka-cluster:Connect', 'kafka-cluster:WriteData'],
          Resource: ['arn:aws:kafka:us-east-1:123456789012:*'],
        },
      ],
    }
    const check = checkWorkload({ identityPolicies: [producerPolicy] }, { produce: ['events'] }, broadCluster, options)
    const denied = check.checks.filter((c) => !c.granted)
    expect(denied.map((c) => `${c.requirement.api} ${c.requirement.anyOf[0]?.action}`)).toEqual([
      'Metadata kafka-cluster:DescribeTopic',
    ])
  })
})
