// Lints: statements that grant nothing on MSK, or deny more than meant.
import { lintIdempotentProducer } from '../../../../src/iam/lint/lintIdempotentProducer.js'
import { lintPolicy, type LintCode } from '../../../../src/iam/lint/lintPolicy.js'
import { compilePolicy } from '../../../../src/iam/policy/parsePolicy.js'
import { type PolicyStatement } from '../../../../src/iam/policy/PolicyDocument.js'

const UUID = 'abcd1234-0123-abcd-5678-1234abcd-1'
const P = 'arn:aws:kafka:us-east-1:123456789012'
const cluster = { region: 'us-east-1', account: '123456789012', name: 'my-cluster', uuid: UUID }
const doc = (...Statement: PolicyStatement[]) => ({ Version: '2012-10-17', Statement })
const codes = (...statements: PolicyStatement[]): LintCode[] =>
  lintPolicy(doc(...statements), { cluster }).map((f) => f.code)
const allow = (
  Action: string | string[],
  Resource: string | string[],
  extra: Partial<PolicyStatement> = {},
): PolicyStatement => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
})

describe('lintPolicy', () => {
  it('is quiet on a correct policy', () => {
    expect(
      codes(
        allow(['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], `${P}:cluster/my-cluster/*`),
        allow(['kafka-cluster:*Topic*', 'kafka-cluster:ReadData'], `${P}:topic/my-cluster/*`),
        allow('kafka-cluster:*Group', `${P}:group/my-cluster/${UUID}/team-*`),
        allow('kafka-cluster:*', '*'),
      ),
    ).toEqual([])
  })

  it.each<[string, PolicyStatement, LintCode]>([
    [
      'DeleteGroup on a topic ARN',
      allow('kafka-cluster:DeleteGroup', `${P}:topic/my-cluster/*`),
      'action-resource-mismatch',
    ],
    [
      'a wildcard matching only other types',
      allow('kafka-cluster:*Group', `${P}:topic/my-cluster/*`),
      'action-resource-mismatch',
    ],
    ['kafka: instead of kafka-cluster:', allow('kafka:WriteData', `${P}:topic/my-cluster/*`), 'control-plane-action'],
    ['an unknown action', allow('kafka-cluster:Produce', `${P}:topic/my-cluster/*`), 'unknown-action'],
    [
      'a topic ARN under cluster/',
      allow('kafka-cluster:WriteData', `${P}:cluster/my-cluster/${UUID}/orders`),
      'topic-under-cluster',
    ],
    [
      'a topic ARN without the cluster UUID',
      allow('kafka-cluster:WriteData', `${P}:topic/my-cluster/orders`),
      'missing-cluster-uuid',
    ],
    [
      'a cluster ARN without the UUID',
      allow('kafka-cluster:Connect', `${P}:cluster/my-cluster`),
      'missing-cluster-uuid',
    ],
    [
      'another account',
      allow('kafka-cluster:Connect', `arn:aws:kafka:us-east-1:999999999999:cluster/my-cluster/*`),
      'other-account',
    ],
    [
      'another region',
      allow('kafka-cluster:Connect', `arn:aws:kafka:eu-west-1:123456789012:cluster/my-cluster/*`),
      'other-region',
    ],
    [
      'another partition',
      allow('kafka-cluster:Connect', `arn:aws-cn:kafka:us-east-1:123456789012:cluster/my-cluster/*`),
      'other-partition',
    ],
    ['another cluster', allow('kafka-cluster:Connect', `${P}:cluster/other/*`), 'other-cluster'],
    ['a wildcard resource type', allow('kafka-cluster:ReadData', `${P}:to*/my-cluster/*`), 'wildcard-in-resource-type'],
    [
      'kafka-cluster:topicName',
      allow('kafka-cluster:WriteData', `${P}:topic/my-cluster/*`, {
        Condition: { StringLike: { 'kafka-cluster:topicName': 'orders-*' } },
      }),
      'nonexistent-condition-key',
    ],
    [
      'aws:ResourceTag on topics',
      allow('kafka-cluster:WriteData', `${P}:topic/my-cluster/*`, {
        Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
      }),
      'resource-tag-not-on-cluster',
    ],
    ['an invalid document', { Effect: 'allow' } as unknown as PolicyStatement, 'invalid-policy'],
  ])('flags %s', (_, statement, code) => {
    expect(codes(statement)).toContain(code)
  })

  it('says a Deny with StringNotLike on a key that does not exist denies everything', () => {
    const findings = lintPolicy(
      doc({
        Effect: 'Deny',
        Action: 'kafka-cluster:*',
        Resource: '*',
        Condition: { StringNotLike: { 'kafka-cluster:topicName': 'orders-*' } },
      }),
    )
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'nonexistent-condition-key',
        severity: 'error',
        message: expect.stringMatching(/denies every matching request/) as unknown,
      }),
    ])
  })

  it('kafka: actions: an error where no such action exists, a warning for control-plane namesakes, quiet beside kafka-cluster:', () => {
    const findings = (...Action: string[]) =>
      lintPolicy(doc(allow(Action, `${P}:topic/my-cluster/*`))).map((f) => `${f.code} ${f.severity}`)
    expect(findings('kafka:WriteData')).toEqual(['control-plane-action error'])
    expect(findings('kafka:DescribeTopic')).toEqual(['control-plane-action warning'])
    expect(findings('kafka:*')).toEqual(['control-plane-action warning'])
    expect(findings('kafka:*', 'kafka-cluster:*')).toEqual([])
    expect(lintPolicy(doc(allow('kafka:DescribeCluster', `${P}:cluster/my-cluster/*`)))[0]?.severity).toBe('warning')
  })

  it('keeps aws:ResourceTag quiet on cluster statements', () => {
    expect(
      codes(
        allow('kafka-cluster:Connect', `${P}:cluster/my-cluster/*`, {
          Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
        }),
      ),
    ).toEqual([])
  })
})

describe('lintIdempotentProducer', () => {
  const check = (...statements: PolicyStatement[]) =>
    lintIdempotentProducer([compilePolicy(doc(...statements))], cluster, 'arn:aws:iam::123456789012:role/app', 0)?.code

  it('flags WriteData on named topics without WriteDataIdempotently', () => {
    expect(
      check(allow(['kafka-cluster:WriteData', 'kafka-cluster:DescribeTopic'], `${P}:topic/my-cluster/*/orders`)),
    ).toBe('idempotent-producer')
  })

  it('is quiet with WriteDataIdempotently, with WriteData on topic/…/*, or without WriteData', () => {
    expect(
      check(
        allow('kafka-cluster:WriteData', `${P}:topic/my-cluster/*/orders`),
        allow('kafka-cluster:WriteDataIdempotently', `${P}:cluster/my-cluster/*`),
      ),
    ).toBeUndefined()
    expect(check(allow('kafka-cluster:WriteData', `${P}:topic/my-cluster/*`))).toBeUndefined()
    expect(check(allow('kafka-cluster:ReadData', `${P}:topic/my-cluster/*/orders`))).toBeUndefined()
  })
})

describe('lintPolicy on conditions over keys MSK does not have', () => {
  const message = (effect: 'Allow' | 'Deny', operator: string) =>
    lintPolicy({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: effect,
          Action: 'kafka-cluster:*',
          Resource: '*',
          Condition: { [operator]: { 'kafka-cluster:groupId': 'g-*' } },
        },
      ],
    })[0]?.message
  it.each([
    ['Deny', 'StringNotLike', /always holds and this Deny denies every matching request/],
    ['Deny', 'StringLikeIfExists', /always holds and this Deny denies every matching request/],
    ['Deny', 'StringLike', /never holds: this Deny never applies/],
    ['Allow', 'StringLike', /never holds: this statement never applies/],
    ['Allow', 'StringNotLike', /always holds: it restricts nothing/],
    ['Allow', 'ForAnyValue:StringLike', /never holds/],
    ['Allow', 'ForAllValues:StringLike', /always holds/],
  ] as const)('%s with %s', (effect, operator, expected) => {
    expect(message(effect, operator)).toMatch(expected)
  })
})
