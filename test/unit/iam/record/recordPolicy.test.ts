// The policy recorder: least privilege, MSK's ARN shapes with the UUID wildcarded, deterministic.
import { evaluatePolicies } from '../../../../src/iam/policy/evaluatePolicies.js'
import { recordPolicy, type RecordedAccess } from '../../../../src/iam/record/recordPolicy.js'
import { clusterArn, groupArn, topicArn } from '../../../../src/iam/msk/mskArn.js'

const cluster = {
  region: 'us-east-1',
  account: '123456789012',
  name: 'orders',
  uuid: 'abcd1234-0123-abcd-5678-1234abcd-1',
}
const replaced = { ...cluster, uuid: 'ffff0000-0123-abcd-5678-1234abcd-2' }
const P = 'arn:aws:kafka:us-east-1:123456789012'
const run: RecordedAccess[] = [
  { action: 'kafka-cluster:WriteData', resource: topicArn(cluster, 'orders') },
  { action: 'kafka-cluster:Connect', resource: clusterArn(cluster) },
  { action: 'kafka-cluster:DescribeTopic', resource: topicArn(cluster, 'orders') },
  { action: 'kafka-cluster:describetopic', resource: topicArn(cluster, 'audit') },
  { action: 'kafka-cluster:ReadData', resource: topicArn(cluster, 'audit') },
  { action: 'kafka-cluster:AlterGroup', resource: groupArn(cluster, 'g') },
  { action: 'kafka-cluster:DescribeGroup', resource: groupArn(cluster, 'g') },
  { action: 'kafka-cluster:WriteData', resource: topicArn(cluster, 'orders') },
]

describe('recordPolicy', () => {
  it('writes exact actions on UUID-wildcarded ARNs, one statement per resource type and action set', () => {
    expect(recordPolicy(run)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Cluster', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: [`${P}:cluster/orders/*`] },
        {
          Sid: 'Topics',
          Effect: 'Allow',
          Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
          Resource: [`${P}:topic/orders/*/audit`],
        },
        {
          Sid: 'Topics2',
          Effect: 'Allow',
          Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
          Resource: [`${P}:topic/orders/*/orders`],
        },
        {
          Sid: 'Groups',
          Effect: 'Allow',
          Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
          Resource: [`${P}:group/orders/*/g`],
        },
      ],
    })
  })

  it('shares a statement between resources that need the same actions', () => {
    const policy = recordPolicy([
      { action: 'kafka-cluster:ReadData', resource: topicArn(cluster, 'b') },
      { action: 'kafka-cluster:ReadData', resource: topicArn(cluster, 'a') },
    ])
    expect(policy.Statement).toEqual([
      {
        Sid: 'Topics',
        Effect: 'Allow',
        Action: ['kafka-cluster:ReadData'],
        Resource: [`${P}:topic/orders/*/a`, `${P}:topic/orders/*/b`],
      },
    ])
  })

  it('is the same document whatever the order of the accesses', () => {
    expect(recordPolicy([...run].reverse())).toEqual(recordPolicy(run))
  })

  it('grants every recorded access, on a replaced cluster too, and with any one action removed the run fails', () => {
    const policy = recordPolicy(run)
    const principal = { arn: 'arn:aws:iam::123456789012:role/app' }
    const allowed = (doc: typeof policy, access: RecordedAccess) =>
      evaluatePolicies({ identityPolicies: [doc] }, { ...access, principal, nowMs: 0 }).allowed
    for (const access of run) {
      expect(allowed(policy, access)).toBe(true)
      expect(allowed(policy, { ...access, resource: access.resource.replace(cluster.uuid, replaced.uuid) })).toBe(true)
    }
    expect(allowed(policy, { action: 'kafka-cluster:WriteData', resource: topicArn(cluster, 'audit') })).toBe(false)
    const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]
    statements.forEach((statement, s) =>
      (statement.Action as string[]).forEach((action) => {
        const without = {
          ...policy,
          Statement: statements.flatMap((st, i) => {
            if (i !== s) return [st]
            const rest = (st.Action as string[]).filter((a) => a !== action)
            return rest.length === 0 ? [] : [{ ...st, Action: rest }]
          }),
        }
        expect(run.every((access) => allowed(without, access))).toBe(false)
      }),
    )
  })
})
