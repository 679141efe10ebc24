// IAM's evaluation rules, one table row per rule, each with an allow and a deny that would fail if the
// rule were implemented wrongly.
import { evaluatePolicies, type PolicySet } from '../../../../src/iam/policy/evaluatePolicies.js'
import { type PolicyStatement } from '../../../../src/iam/policy/PolicyDocument.js'
import { type IamRequest } from '../../../../src/iam/policy/requestContext.js'

const ACCOUNT = '111122223333'
const OTHER = '444455556666'
const PREFIX = `arn:aws:kafka:us-east-1:${ACCOUNT}`
const UUID = 'abcd1234-0123-abcd-5678-1234abcd-1'
const CLUSTER = `${PREFIX}:cluster/orders/${UUID}`
const topic = (name: string) => `${PREFIX}:topic/orders/${UUID}/${name}`
const group = (name: string) => `${PREFIX}:group/orders/${UUID}/${name}`
const ROLE_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/orders-app/i-0abc`
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0)

const doc = (...Statement: PolicyStatement[]) => ({ Version: '2012-10-17', Statement })
const allow = (Action: string | string[], Resource: string | string[], extra: Partial<PolicyStatement> = {}) =>
  ({ Effect: 'Allow', Action, Resource, ...extra }) as PolicyStatement
const deny = (Action: string | string[], Resource: string | string[], extra: Partial<PolicyStatement> = {}) =>
  ({ Effect: 'Deny', Action, Resource, ...extra }) as PolicyStatement

function request(action: string, resource: string, extra: Partial<IamRequest> = {}): IamRequest {
  return { action, resource, principal: { arn: ROLE_SESSION }, nowMs: NOW, ...extra }
}
const decide = (set: PolicySet, req: IamRequest) => evaluatePolicies(set, req).decision
const identity = (...statements: PolicyStatement[]): PolicySet => ({ identityPolicies: [doc(...statements)] })

describe('evaluatePolicies: IAM evaluation logic', () => {
  it('denies by default: an Allow is needed', () => {
    expect(decide({ identityPolicies: [] }, request('kafka-cluster:Connect', CLUSTER))).toBe('ImplicitDeny')
    expect(decide(identity(allow('kafka-cluster:Connect', CLUSTER)), request('kafka-cluster:Connect', CLUSTER))).toBe(
      'Allow',
    )
  })

  it('an explicit Deny wins over any Allow, in any policy', () => {
    const set: PolicySet = {
      identityPolicies: [doc(allow('kafka-cluster:*', '*')), doc(deny('kafka-cluster:WriteData', topic('audit')))],
    }
    expect(decide(set, request('kafka-cluster:WriteData', topic('audit')))).toBe('ExplicitDeny')
    expect(decide(set, request('kafka-cluster:WriteData', topic('orders')))).toBe('Allow')
    expect(evaluatePolicies(set, request('kafka-cluster:WriteData', topic('audit'))).deniedBy).toMatchObject({
      policy: 'identity policy 2',
      index: 0,
    })
  })

  it('NotAction applies to every action except those listed', () => {
    const set = identity(allow('*', '*'), deny('*', '*', { NotAction: 'kafka-cluster:Describe*', Action: undefined }))
    expect(decide(set, request('kafka-cluster:DescribeTopic', topic('t')))).toBe('Allow')
    expect(decide(set, request('kafka-cluster:WriteData', topic('t')))).toBe('ExplicitDeny')
  })

  it('NotResource applies to every resource except those listed', () => {
    const set = identity({ Effect: 'Allow', Action: 'kafka-cluster:ReadData', NotResource: topic('secret') })
    expect(decide(set, request('kafka-cluster:ReadData', topic('orders')))).toBe('Allow')
    expect(decide(set, request('kafka-cluster:ReadData', topic('secret')))).toBe('ImplicitDeny')
  })

  it.each([
    ['kafka-cluster:*Topic', 'kafka-cluster:CreateTopic', 'Allow'],
    ['kafka-cluster:*Topic', 'kafka-cluster:DescribeTopic', 'Allow'],
    ['kafka-cluster:*Topic', 'kafka-cluster:AlterTopic', 'Allow'],
    ['kafka-cluster:*Topic', 'kafka-cluster:DeleteTopic', 'Allow'],
    ['kafka-cluster:*Topic', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'ImplicitDeny'],
    ['kafka-cluster:*Topic', 'kafka-cluster:AlterTopicDynamicConfiguration', 'ImplicitDeny'],
    ['kafka-cluster:*Topic*', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'Allow'],
    ['kafka-cluster:*Topic*', 'kafka-cluster:WriteData', 'ImplicitDeny'],
    ['kafka-cluster:?riteData', 'kafka-cluster:WriteData', 'Allow'],
    ['kafka-cluster:?riteData', 'kafka-cluster:WriteDataIdempotently', 'ImplicitDeny'],
    ['KAFKA-CLUSTER:writedata', 'kafka-cluster:WriteData', 'Allow'],
    ['kafka-cluster:WriteData', 'Kafka-Cluster:WRITEDATA', 'Allow'],
    ['kafka:WriteData', 'kafka-cluster:WriteData', 'ImplicitDeny'],
  ])('Action %s on a request for %s → %s', (pattern, action, expected) => {
    expect(decide(identity(allow(pattern, '*')), request(action, topic('t')))).toBe(expected)
  })

  it.each([
    [`${PREFIX}:topic/orders/*`, topic('a/b*c'), 'Allow'],
    [`${PREFIX}:topic/orders/*/pay*`, topic('payments'), 'Allow'],
    [`${PREFIX}:topic/orders/*/pay*`, topic('orders'), 'ImplicitDeny'],
    [`${PREFIX}:topic/orders/${UUID}/t?`, topic('t1'), 'Allow'],
    [`${PREFIX}:topic/orders/${UUID}/t?`, topic('t12'), 'ImplicitDeny'],
    [`${PREFIX}:topic/Orders/*`, topic('t'), 'ImplicitDeny'],
    [`${PREFIX}:topic/orders/*/T`, topic('t'), 'ImplicitDeny'],
    [`arn:aws:kafka:*:${ACCOUNT}:topic/orders/*`, topic('t'), 'Allow'],
    [`arn:aws:kafka:us-*:*:topic/orders/*`, topic('t'), 'Allow'],
    // A wildcard in the region part does not cross the colon into the account.
    [`arn:aws:kafka:us-east-1*:topic/orders/*`, topic('t'), 'ImplicitDeny'],
    // ... but in the last part it spans `/` and `:`.
    [`${PREFIX}:topic/*`, `${PREFIX}:topic/orders/${UUID}/a:b`, 'Allow'],
    // The resource type word is literal.
    [`${PREFIX}:*/orders/*`, topic('t'), 'ImplicitDeny'],
    [`${PREFIX}:*`, topic('t'), 'Allow'],
    [`${PREFIX}:group/orders/*`, topic('t'), 'ImplicitDeny'],
  ])('Resource %s on %s → %s', (pattern, resource, expected) => {
    expect(decide(identity(allow('kafka-cluster:*', pattern)), request('kafka-cluster:ReadData', resource))).toBe(
      expected,
    )
  })

  it('names with * and / are matched literally', () => {
    const set = identity(allow('kafka-cluster:AlterGroup', group('team/*')))
    expect(decide(set, request('kafka-cluster:AlterGroup', group('team/*')))).toBe('Allow')
    expect(decide(set, request('kafka-cluster:AlterGroup', group('team/x')))).toBe('Allow')
    expect(
      decide(
        identity(allow('kafka-cluster:AlterGroup', group('team/${*}'))),
        request('kafka-cluster:AlterGroup', group('team/x')),
      ),
    ).toBe('ImplicitDeny')
    expect(
      decide(
        identity(allow('kafka-cluster:AlterGroup', group('team/${*}'))),
        request('kafka-cluster:AlterGroup', group('team/*')),
      ),
    ).toBe('Allow')
  })
})

describe('evaluatePolicies: the cluster policy', () => {
  const other = { arn: `arn:aws:sts::${OTHER}:assumed-role/partner/s1` }
  const clusterPolicy = (Principal: PolicyStatement['Principal']) =>
    doc({ Effect: 'Allow', Principal, Action: 'kafka-cluster:*', Resource: '*' })

  it('same account: the cluster policy alone allows when it names the principal', () => {
    const set = {
      identityPolicies: [],
      clusterPolicy: clusterPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/orders-app` }),
    }
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER))).toBe('Allow')
    const elsewhere = {
      identityPolicies: [],
      clusterPolicy: clusterPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/other` }),
    }
    expect(decide(elsewhere, request('kafka-cluster:Connect', CLUSTER))).toBe('ImplicitDeny')
  })

  it('same account: the identity policy alone allows', () => {
    expect(decide(identity(allow('kafka-cluster:Connect', CLUSTER)), request('kafka-cluster:Connect', CLUSTER))).toBe(
      'Allow',
    )
  })

  it('a cluster policy naming only the account delegates to the identity policies', () => {
    const set = { identityPolicies: [], clusterPolicy: clusterPolicy({ AWS: ACCOUNT }) }
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER))).toBe('ImplicitDeny')
    const both = {
      identityPolicies: [doc(allow('kafka-cluster:Connect', '*'))],
      clusterPolicy: clusterPolicy({ AWS: ACCOUNT }),
    }
    expect(decide(both, request('kafka-cluster:Connect', CLUSTER))).toBe('Allow')
  })

  it('cross account: both the cluster policy and the identity policy must allow', () => {
    const req = request('kafka-cluster:Connect', CLUSTER, { principal: other })
    const onlyCluster = { identityPolicies: [], clusterPolicy: clusterPolicy({ AWS: OTHER }) }
    const onlyIdentity = { identityPolicies: [doc(allow('kafka-cluster:*', '*'))] }
    const both = { ...onlyIdentity, clusterPolicy: clusterPolicy({ AWS: `arn:aws:iam::${OTHER}:root` }) }
    expect(decide(onlyCluster, req)).toBe('ImplicitDeny')
    expect(decide(onlyIdentity, req)).toBe('ImplicitDeny')
    expect(decide(both, req)).toBe('Allow')
    expect(evaluatePolicies(both, req)).toMatchObject({
      crossAccount: true,
      allowedBy: [{ kind: 'identity' }, { kind: 'resource' }],
    })
  })

  it('a Deny in the cluster policy wins', () => {
    const set = {
      identityPolicies: [doc(allow('kafka-cluster:*', '*'))],
      clusterPolicy: doc({ Effect: 'Deny', Principal: '*', Action: 'kafka-cluster:DeleteTopic', Resource: '*' }),
    }
    expect(decide(set, request('kafka-cluster:DeleteTopic', topic('t')))).toBe('ExplicitDeny')
    expect(decide(set, request('kafka-cluster:DescribeTopic', topic('t')))).toBe('Allow')
  })

  it('NotPrincipal matches everyone else', () => {
    const set = {
      identityPolicies: [doc(allow('kafka-cluster:*', '*'))],
      clusterPolicy: doc({
        Effect: 'Deny',
        NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` },
        Action: 'kafka-cluster:DeleteTopic',
        Resource: '*',
      }),
    }
    expect(decide(set, request('kafka-cluster:DeleteTopic', topic('t')))).toBe('ExplicitDeny')
    const admin = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/admin/s` }
    expect(decide(set, request('kafka-cluster:DeleteTopic', topic('t'), { principal: admin }))).toBe('Allow')
  })
})

describe('evaluatePolicies: conditions', () => {
  const withCondition = (Condition: PolicyStatement['Condition'], effect: 'Allow' | 'Deny' = 'Allow') =>
    effect === 'Allow'
      ? identity(allow('kafka-cluster:*', '*', { Condition }))
      : identity(allow('kafka-cluster:*', '*'), deny('kafka-cluster:*', '*', { Condition }))
  const tagged = (tags: Record<string, string>) => ({ principal: { arn: ROLE_SESSION, tags } })

  it('a Deny with StringNotLike on kafka-cluster:topicName (a key MSK does not have) denies everything', () => {
    const set = withCondition({ StringNotLike: { 'kafka-cluster:topicName': 'orders-*' } }, 'Deny')
    expect(decide(set, request('kafka-cluster:WriteData', topic('orders-1')))).toBe('ExplicitDeny')
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER))).toBe('ExplicitDeny')
    // IfExists does not help: a missing key satisfies …IfExists too.
    const ifExists = withCondition({ StringNotLikeIfExists: { 'kafka-cluster:topicName': 'orders-*' } }, 'Deny')
    expect(decide(ifExists, request('kafka-cluster:WriteData', topic('other')))).toBe('ExplicitDeny')
  })

  it('an Allow conditioned on a missing key never applies; IfExists makes it apply', () => {
    expect(
      decide(
        withCondition({ StringEquals: { 'kafka-cluster:topicName': 'x' } }),
        request('kafka-cluster:Connect', CLUSTER),
      ),
    ).toBe('ImplicitDeny')
    expect(
      decide(
        withCondition({ StringEqualsIfExists: { 'kafka-cluster:topicName': 'x' } }),
        request('kafka-cluster:Connect', CLUSTER),
      ),
    ).toBe('Allow')
    const present = { context: { 'kafka-cluster:topicName': 'y' } }
    expect(
      decide(
        withCondition({ StringEqualsIfExists: { 'kafka-cluster:topicName': 'x' } }),
        request('kafka-cluster:Connect', CLUSTER, present),
      ),
    ).toBe('ImplicitDeny')
  })

  it('values of one key are ORed, keys and operators are ANDed', () => {
    const set = withCondition({
      StringEquals: { 'aws:PrincipalTag/team': ['orders', 'payments'], 'aws:PrincipalTag/env': 'prod' },
      StringLike: { 'aws:PrincipalArn': '*:role/orders-*' },
    })
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'payments', env: 'prod' })))).toBe(
      'Allow',
    )
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'payments', env: 'dev' })))).toBe(
      'ImplicitDeny',
    )
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'ops', env: 'prod' })))).toBe(
      'ImplicitDeny',
    )
  })

  it('negated operators hold only when no value matches', () => {
    const set = withCondition({ StringNotEquals: { 'aws:PrincipalTag/team': ['orders', 'payments'] } })
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'ops' })))).toBe('Allow')
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'payments' })))).toBe('ImplicitDeny')
  })

  it('condition keys are case-insensitive, StringEquals values are not, StringEqualsIgnoreCase values are', () => {
    expect(
      decide(
        withCondition({ StringEquals: { 'AWS:PRINCIPALTAG/Team': 'orders' } }),
        request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'orders' })),
      ),
    ).toBe('Allow')
    expect(
      decide(
        withCondition({ StringEquals: { 'aws:PrincipalTag/team': 'Orders' } }),
        request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'orders' })),
      ),
    ).toBe('ImplicitDeny')
    expect(
      decide(
        withCondition({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Orders' } }),
        request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'orders' })),
      ),
    ).toBe('Allow')
  })

  it('ForAnyValue is false and ForAllValues true for an empty or missing set', () => {
    const any = withCondition({ 'ForAnyValue:StringEquals': { 'test:tags': ['a', 'b'] } })
    const all = withCondition({ 'ForAllValues:StringEquals': { 'test:tags': ['a', 'b'] } })
    for (const context of [undefined, { 'test:tags': [] }]) {
      const req = request('kafka-cluster:Connect', CLUSTER, context ? { context } : {})
      expect(decide(any, req)).toBe('ImplicitDeny')
      expect(decide(all, req)).toBe('Allow')
    }
    const mixed = request('kafka-cluster:Connect', CLUSTER, { context: { 'test:tags': ['a', 'z'] } })
    expect(decide(any, mixed)).toBe('Allow')
    expect(decide(all, mixed)).toBe('ImplicitDeny')
    const inside = request('kafka-cluster:Connect', CLUSTER, { context: { 'test:tags': ['a', 'b'] } })
    expect(decide(all, inside)).toBe('Allow')
  })

  it('a single-valued operator never matches a multi-valued key', () => {
    const set = withCondition({ StringEquals: { 'test:tags': 'a' } })
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, { context: { 'test:tags': ['a'] } }))).toBe(
      'ImplicitDeny',
    )
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, { context: { 'test:tags': 'a' } }))).toBe('Allow')
  })

  it('Null tests presence', () => {
    const absent = withCondition({ Null: { 'aws:PrincipalTag/team': 'true' } })
    const present = withCondition({ Null: { 'aws:PrincipalTag/team': 'false' } })
    expect(decide(absent, request('kafka-cluster:Connect', CLUSTER))).toBe('Allow')
    expect(decide(present, request('kafka-cluster:Connect', CLUSTER))).toBe('ImplicitDeny')
    expect(decide(absent, request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'x' })))).toBe('ImplicitDeny')
    expect(decide(present, request('kafka-cluster:Connect', CLUSTER, tagged({ team: 'x' })))).toBe('Allow')
  })

  it('Date operators compare aws:CurrentTime, and the decision says it depends on time', () => {
    const set = withCondition({ DateLessThan: { 'aws:CurrentTime': '2025-06-01T12:00:01Z' } })
    const before = evaluatePolicies(set, request('kafka-cluster:Connect', CLUSTER))
    const after = evaluatePolicies(set, request('kafka-cluster:Connect', CLUSTER, { nowMs: NOW + 2000 }))
    expect(before).toMatchObject({ decision: 'Allow', timeDependent: true })
    expect(after).toMatchObject({ decision: 'ImplicitDeny', timeDependent: true })
    expect(evaluatePolicies(identity(allow('*', '*')), request('kafka-cluster:Connect', CLUSTER)).timeDependent).toBe(
      false,
    )
    // Epoch seconds are dates too (aws:EpochTime's form).
    const epoch = withCondition({ DateGreaterThanEquals: { 'aws:EpochTime': String(NOW / 1000) } })
    expect(decide(epoch, request('kafka-cluster:Connect', CLUSTER))).toBe('Allow')
    expect(decide(epoch, request('kafka-cluster:Connect', CLUSTER, { nowMs: NOW - 1000 }))).toBe('ImplicitDeny')
  })

  it('Numeric operators compare numbers, not strings', () => {
    const set = withCondition({ NumericLessThan: { 'test:n': '10' } })
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, { context: { 'test:n': '9' } }))).toBe('Allow')
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, { context: { 'test:n': '100' } }))).toBe(
      'ImplicitDeny',
    )
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, { context: { 'test:n': 'nine' } }))).toBe(
      'ImplicitDeny',
    )
    expect(
      decide(
        withCondition({ NumericNotEquals: { 'test:n': 3 } }),
        request('kafka-cluster:Connect', CLUSTER, { context: { 'test:n': '3.0' } }),
      ),
    ).toBe('ImplicitDeny')
  })

  it('Bool, Arn and IpAddress operators', () => {
    expect(
      decide(
        withCondition({ Bool: { 'test:b': true } }),
        request('kafka-cluster:Connect', CLUSTER, { context: { 'test:b': 'TRUE' } }),
      ),
    ).toBe('Allow')
    expect(
      decide(
        withCondition({ Bool: { 'test:b': 'true' } }),
        request('kafka-cluster:Connect', CLUSTER, { context: { 'test:b': 'false' } }),
      ),
    ).toBe('ImplicitDeny')
    expect(
      decide(
        withCondition({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/orders-*` } }),
        request('kafka-cluster:Connect', CLUSTER),
      ),
    ).toBe('Allow')
    expect(
      decide(
        withCondition({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/payments` } }),
        request('kafka-cluster:Connect', CLUSTER),
      ),
    ).toBe('ImplicitDeny')
    const ip = withCondition({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } })
    expect(decide(ip, request('kafka-cluster:Connect', CLUSTER, { sourceIp: '10.1.2.3' }))).toBe('Allow')
    expect(decide(ip, request('kafka-cluster:Connect', CLUSTER, { sourceIp: '2001:db8::1' }))).toBe('Allow')
    expect(decide(ip, request('kafka-cluster:Connect', CLUSTER, { sourceIp: '192.168.0.1' }))).toBe('ImplicitDeny')
    expect(decide(ip, request('kafka-cluster:Connect', CLUSTER))).toBe('ImplicitDeny')
  })

  it('aws:ResourceTag comes from the cluster tags, for the cluster resource only', () => {
    const set = withCondition({ StringEquals: { 'aws:ResourceTag/env': 'prod' } })
    const tags = { clusterTags: { Env: 'prod' } }
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, tags))).toBe('Allow')
    expect(decide(set, request('kafka-cluster:WriteData', topic('t'), tags))).toBe('ImplicitDeny')
    expect(decide(set, request('kafka-cluster:Connect', CLUSTER, { clusterTags: { env: 'dev' } }))).toBe('ImplicitDeny')
  })

  it('aws:PrincipalArn is the role of a session; aws:PrincipalAccount its account; aws:username for users', () => {
    const byArn = withCondition({ StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/orders-app` } })
    expect(decide(byArn, request('kafka-cluster:Connect', CLUSTER))).toBe('Allow')
    const withPath = { principal: { arn: ROLE_SESSION, principalArn: `arn:aws:iam::${ACCOUNT}:role/apps/orders-app` } }
    expect(decide(byArn, request('kafka-cluster:Connect', CLUSTER, withPath))).toBe('ImplicitDeny')
    const byAccount = withCondition({ StringEquals: { 'aws:PrincipalAccount': OTHER } })
    expect(decide(byAccount, request('kafka-cluster:Connect', CLUSTER))).toBe('ImplicitDeny')
    const user = { principal: { arn: `arn:aws:iam::${ACCOUNT}:user/dev/alice` } }
    expect(
      decide(
        withCondition({ StringEquals: { 'aws:username': 'alice' } }),
        request('kafka-cluster:Connect', CLUSTER, user),
      ),
    ).toBe('Allow')
  })
})

describe('evaluatePolicies: policy variables in Resource', () => {
  const abac = identity(allow('kafka-cluster:WriteData', `${PREFIX}:topic/orders/*/\${aws:PrincipalTag/team}-*`))
  it('substitutes principal tags', () => {
    const req = (name: string, team?: string) =>
      request('kafka-cluster:WriteData', topic(name), team ? { principal: { arn: ROLE_SESSION, tags: { team } } } : {})
    expect(decide(abac, req('payments-events', 'payments'))).toBe('Allow')
    expect(decide(abac, req('orders-events', 'payments'))).toBe('ImplicitDeny')
    // No value and no default: the resource matches nothing.
    expect(decide(abac, req('payments-events'))).toBe('ImplicitDeny')
  })

  it('uses the default, and takes a substituted value literally', () => {
    const set = identity(
      allow('kafka-cluster:WriteData', `${PREFIX}:topic/orders/*/\${aws:PrincipalTag/team, 'shared'}`),
    )
    expect(decide(set, request('kafka-cluster:WriteData', topic('shared')))).toBe('Allow')
    const star = { principal: { arn: ROLE_SESSION, tags: { team: '*' } } }
    expect(decide(set, request('kafka-cluster:WriteData', topic('anything'), star))).toBe('ImplicitDeny')
    expect(decide(set, request('kafka-cluster:WriteData', topic('*'), star))).toBe('Allow')
  })

  it('documents without Version 2012-10-17 take ${...} literally', () => {
    const old = {
      identityPolicies: [
        { Statement: [allow('kafka-cluster:WriteData', `${PREFIX}:topic/orders/*/\${aws:username}`)] },
      ],
    }
    const alice = { principal: { arn: `arn:aws:iam::${ACCOUNT}:user/alice` } }
    expect(decide(old, request('kafka-cluster:WriteData', topic('alice'), alice))).toBe('ImplicitDeny')
    expect(decide(old, request('kafka-cluster:WriteData', topic('${aws:username}'), alice))).toBe('Allow')
  })
})
