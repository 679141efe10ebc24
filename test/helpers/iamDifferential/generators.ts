// fast-check generators of MSK policy/request pairs for the differential test against
// @cloud-copilot/iam-simulate. They stay inside what both evaluators define the same way: the named
// cases in the test file pin where they differ.
import fc from 'fast-check'
import { MSK_ACTIONS } from '../../../src/iam/msk/mskActions.js'
import { type PolicyDocument, type PolicyStatement } from '../../../src/iam/policy/PolicyDocument.js'

export const ACCOUNT = '111122223333'
export const OTHER_ACCOUNT = '444455556666'
export const REGION = 'us-east-1'
export const CLUSTER_NAME = 'orders'
export const UUID = 'abcd1234-0123-abcd-5678-1234abcd-1'
export const NOW = Date.UTC(2025, 5, 1, 12, 0, 0)

const NAMES = ['orders', 'orders-1', 'payments', 'a.b_c', 'x']
const TEAMS = ['orders', 'payments', 'Orders']

export interface Case {
  identityPolicies: PolicyDocument[]
  clusterPolicy: PolicyDocument | undefined
  action: string
  resource: string
  principalAccount: string
  roleName: string
  tags: Record<string, string>
  clusterTags: Record<string, string> | undefined
  sourceIp: string | undefined
  /** Keys given to both evaluators as they are (a Bool, a Numeric and a multi-valued key). */
  context: Record<string, string | string[]>
}

const arnOf = (account: string, type: string, rest: string) => `arn:aws:kafka:${REGION}:${account}:${type}/${rest}`

/** A concrete resource ARN of the action's resource type (the oracle rejects mismatched types). */
function requestResource(type: string, name: string): string {
  return type === 'cluster'
    ? arnOf(ACCOUNT, 'cluster', `${CLUSTER_NAME}/${UUID}`)
    : arnOf(ACCOUNT, type, `${CLUSTER_NAME}/${UUID}/${name}`)
}

const actionPattern = fc.oneof(
  fc.constantFrom(...MSK_ACTIONS.map((a) => a.action)),
  fc.constantFrom(
    '*',
    'kafka-cluster:*',
    'kafka-cluster:*Topic',
    'kafka-cluster:*Topic*',
    'kafka-cluster:Describe*',
    'kafka-cluster:*Group',
    'kafka-cluster:?lterGroup',
    'kafka-cluster:writedata',
    'KAFKA-CLUSTER:ReadData',
    'kafka:WriteData',
    'kafka-cluster:Write*',
  ),
)

const resourcePattern = fc.oneof(
  fc.constant('*'),
  fc
    .tuple(
      fc.constantFrom('cluster', 'topic', 'group', 'transactional-id'),
      fc.constantFrom(CLUSTER_NAME, 'other', '*', 'ord*'),
      fc.constantFrom(UUID, '*', 'abcd1234-?123-abcd-5678-1234abcd-1'),
      fc.constantFrom(
        ...NAMES,
        '*',
        'orders*',
        'orders-?',
        '*-1',
        '${aws:PrincipalTag/team}',
        "${aws:PrincipalTag/team, 'x'}",
      ),
      fc.constantFrom(ACCOUNT, OTHER_ACCOUNT, '*'),
      fc.constantFrom(REGION, '*', 'us-*', 'eu-west-1'),
    )
    .map(([type, cluster, uuid, name, account, region]) =>
      type === 'cluster'
        ? `arn:aws:kafka:${region}:${account}:cluster/${cluster}/${uuid}`
        : `arn:aws:kafka:${region}:${account}:${type}/${cluster}/${uuid}/${name}`,
    ),
  fc.constantFrom(`arn:aws:kafka:${REGION}:${ACCOUNT}:topic/${CLUSTER_NAME}/*`, `arn:aws:kafka:*:*:*`),
)

const condition: fc.Arbitrary<PolicyStatement['Condition']> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'StringEquals',
        'StringNotEquals',
        'StringLike',
        'StringNotLike',
        'StringEqualsIgnoreCase',
        'StringEqualsIfExists',
        'StringNotLikeIfExists',
        'ForAnyValue:StringEquals',
        'ForAllValues:StringLike',
      ),
      fc.constantFrom(
        'aws:PrincipalTag/team',
        'aws:ResourceTag/env',
        'kafka-cluster:topicName',
        'aws:PrincipalAccount',
      ),
      fc.array(fc.constantFrom(...TEAMS, 'prod', 'dev', 'pay*', ACCOUNT, OTHER_ACCOUNT), {
        minLength: 1,
        maxLength: 2,
      }),
    )
    .map(([op, key, values]) => ({ [op]: { [key]: values } })),
  fc.constantFrom('true', 'false').map((v) => ({ Null: { 'aws:PrincipalTag/team': v } })),
  fc
    .tuple(fc.constantFrom('DateLessThan', 'DateGreaterThan'), fc.integer({ min: -2, max: 2 }))
    .map(([op, days]) => ({ [op]: { 'aws:CurrentTime': new Date(NOW + days * 86_400_000).toISOString() } })),
  fc
    .constantFrom(`arn:aws:iam::${ACCOUNT}:role/orders-*`, 'arn:aws:iam::*:role/payments', `arn:aws:iam::*:role/*`)
    .map((v) => ({ ArnLike: { 'aws:PrincipalArn': v } })),
  fc.constantFrom('StringEquals', 'StringLike').map((op) => ({
    [op]: { 'aws:PrincipalTag/team': 'orders', 'aws:PrincipalAccount': ACCOUNT },
  })),
  fc
    .tuple(
      fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists'),
      fc.constantFrom('10.0.0.0/8', '10.1.2.3/32', '192.168.0.0/16', '2001:db8::/32'),
    )
    .map(([op, cidr]) => ({ [op]: { 'aws:SourceIp': cidr } })),
  fc.constantFrom('true', 'false').map((v) => ({ Bool: { 'aws:SecureTransport': v } })),
  fc
    .tuple(
      fc.constantFrom('NumericLessThan', 'NumericGreaterThanEquals', 'NumericNotEquals', 'NumericEqualsIfExists'),
      fc.constantFrom(0, 300, 3600),
    )
    .map(([op, n]) => ({ [op]: { 'aws:MultiFactorAuthAge': String(n) } })),
  fc
    .tuple(
      fc.constantFrom(
        'ForAnyValue:StringEquals',
        'ForAllValues:StringEquals',
        'ForAnyValue:StringNotLike',
        'ForAllValues:StringLike',
      ),
      fc.array(fc.constantFrom('team', 'env', 'cost*'), { minLength: 1, maxLength: 2 }),
    )
    .map(([op, values]) => ({ [op]: { 'aws:TagKeys': values } })),
)

const statement = (resourcePolicy: boolean): fc.Arbitrary<PolicyStatement> =>
  fc
    .record({
      effect: fc.constantFrom('Allow' as const, 'Allow' as const, 'Deny' as const),
      notAction: fc.nat(9).map((n) => n === 0),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
      notResource: fc.constant(false),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 3 }),
      condition: fc.option(condition, { freq: 3 }),
      principal: fc.constantFrom<PolicyStatement['Principal']>(
        '*',
        { AWS: ACCOUNT },
        { AWS: OTHER_ACCOUNT },
        { AWS: `arn:aws:iam::${ACCOUNT}:role/orders-app` },
        { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/orders-app` },
        { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
      ),
    })
    .map((s) => {
      const out: PolicyStatement = { Effect: s.effect }
      if (s.notAction) out.NotAction = s.actions
      else out.Action = s.actions
      out.Resource = s.resources
      if (s.condition) out.Condition = s.condition
      if (resourcePolicy) out.Principal = s.principal
      return out
    })

const policy = (resourcePolicy: boolean) =>
  fc
    .array(statement(resourcePolicy), { minLength: 1, maxLength: 3 })
    .map((Statement): PolicyDocument => ({ Version: '2012-10-17', Statement }))

export const cases: fc.Arbitrary<Case> = fc
  .record({
    identityPolicies: fc.array(policy(false), { minLength: 0, maxLength: 2 }),
    clusterPolicy: fc.option(policy(true), { freq: 2 }),
    action: fc.constantFrom(...MSK_ACTIONS),
    name: fc.constantFrom(...NAMES),
    principalAccount: fc.constantFrom(ACCOUNT, ACCOUNT, OTHER_ACCOUNT),
    roleName: fc.constantFrom('orders-app', 'payments-app'),
    team: fc.option(fc.constantFrom(...TEAMS)),
    clusterTags: fc.option(fc.constantFrom({ env: 'prod' }, { env: 'dev' })),
    sourceIp: fc.option(fc.constantFrom('10.1.2.3', '192.168.1.1', '2001:db8::5')),
    secure: fc.option(fc.constantFrom('true', 'false')),
    mfaAge: fc.option(fc.constantFrom('0', '300', '7200')),
    tagKeys: fc.option(fc.subarray(['team', 'env', 'costcenter'])),
  })
  .map((c): Case => ({
    identityPolicies: c.identityPolicies,
    clusterPolicy: c.clusterPolicy ?? undefined,
    action: c.action.action,
    resource: requestResource(c.action.resourceType, c.name),
    principalAccount: c.principalAccount,
    roleName: c.roleName,
    tags: c.team === null ? {} : { team: c.team },
    clusterTags: c.clusterTags ?? undefined,
    sourceIp: c.sourceIp ?? undefined,
    context: {
      ...(c.secure === null ? {} : { 'aws:SecureTransport': c.secure }),
      ...(c.mfaAge === null ? {} : { 'aws:MultiFactorAuthAge': c.mfaAge }),
      ...(c.tagKeys === null ? {} : { 'aws:TagKeys': c.tagKeys }),
    },
  }))
