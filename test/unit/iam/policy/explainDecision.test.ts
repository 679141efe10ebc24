// Explanations: which statement allowed or denied, what the nearest statements lack, what to add.
import { explainDecision } from '../../../../src/iam/policy/explainDecision.js'
import { type PolicyStatement } from '../../../../src/iam/policy/PolicyDocument.js'

const A = '111122223333'
const P = `arn:aws:kafka:us-east-1:${A}`
const TOPIC = `${P}:topic/orders/u-1/payments`
const doc = (...Statement: PolicyStatement[]) => ({ Version: '2012-10-17', Statement })
const request = (over: Record<string, unknown> = {}) => ({
  action: 'kafka-cluster:WriteData',
  resource: TOPIC,
  principal: { arn: `arn:aws:sts::${A}:assumed-role/app/s`, tags: { team: 'orders' } },
  nowMs: 0,
  ...over,
})

describe('explainDecision', () => {
  it('names the allowing statement', () => {
    const e = explainDecision(
      { identityPolicies: [doc({ Sid: 'Write', Effect: 'Allow', Action: 'kafka-cluster:WriteData', Resource: '*' })] },
      request(),
    )
    expect(e.summary).toBe(
      `ALLOW kafka-cluster:WriteData on ${TOPIC} for arn:aws:sts::${A}:assumed-role/app/s: allowed by statement "Write" of identity policy 1`,
    )
  })

  it('names the denying statement and why its condition held', () => {
    const e = explainDecision(
      {
        identityPolicies: [
          doc(
            { Effect: 'Allow', Action: '*', Resource: '*' },
            {
              Sid: 'OnlyOrders',
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: { StringNotLike: { 'kafka-cluster:topicName': 'orders*' } },
            },
          ),
        ],
      },
      request(),
    )
    expect(e.decision).toBe('ExplicitDeny')
    expect(e.summary).toMatch(/explicitly denied by statement "OnlyOrders" of identity policy 1$/)
    expect(e.details).toEqual([
      'its condition StringNotLike kafka-cluster:topicName ["orders*"] holds because kafka-cluster:topicName is absent: MSK never sets this key',
    ])
    expect(e.suggestion).toBeUndefined()
  })

  it('lists the nearest statements with what each lacks: action, resource, condition and the value seen', () => {
    const e = explainDecision(
      {
        identityPolicies: [
          doc(
            { Sid: 'Read', Effect: 'Allow', Action: 'kafka-cluster:ReadData', Resource: TOPIC },
            {
              Sid: 'Other',
              Effect: 'Allow',
              Action: 'kafka-cluster:WriteData',
              Resource: `${P}:topic/orders/*/orders`,
            },
            {
              Sid: 'Team',
              Effect: 'Allow',
              Action: 'kafka-cluster:WriteData',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalTag/team': 'payments' } },
            },
            { Sid: 'Far', Effect: 'Allow', Action: 'kafka-cluster:AlterGroup', Resource: `${P}:group/orders/*/g` },
          ),
        ],
      },
      request(),
    )
    expect(e.decision).toBe('ImplicitDeny')
    expect(e.details).toEqual([
      'statement "Read" of identity policy 1 almost matches; it lacks the action kafka-cluster:WriteData (it has kafka-cluster:ReadData)',
      `statement "Other" of identity policy 1 almost matches; its Resource ${P}:topic/orders/*/orders does not match ${TOPIC}`,
      'statement "Team" of identity policy 1 almost matches; its condition StringEquals aws:PrincipalTag/team ["payments"] fails: the request has "orders"',
    ])
    expect(e.suggestion).toEqual({
      policy: 'identity',
      statement: { Effect: 'Allow', Action: 'kafka-cluster:WriteData', Resource: TOPIC },
    })
  })

  it('resolves policy variables in what it shows', () => {
    const e = explainDecision(
      {
        identityPolicies: [
          doc({
            Effect: 'Allow',
            Action: 'kafka-cluster:WriteData',
            Resource: `${P}:topic/orders/*/\${aws:PrincipalTag/team}-*`,
          }),
        ],
      },
      request(),
    )
    expect(e.details[0]).toContain(`its Resource ${P}:topic/orders/*/orders-* does not match`)
  })

  describe('cross account', () => {
    const partner = { principal: { arn: 'arn:aws:sts::444455556666:assumed-role/partner/s' } }
    const identity = doc({ Effect: 'Allow', Action: 'kafka-cluster:*', Resource: '*' })

    it('with no cluster policy at all: says the cluster policy must allow it too', () => {
      const e = explainDecision({ identityPolicies: [identity] }, request(partner))
      expect(e.decision).toBe('ImplicitDeny')
      expect(e.summary).toMatch(
        /the identity policy allows it, but the cluster has no cluster policy; a principal of another account needs both/,
      )
      expect(e.suggestion).toEqual({
        policy: 'cluster',
        statement: {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:role/partner' },
          Action: 'kafka-cluster:WriteData',
          Resource: TOPIC,
        },
      })
    })

    it('with a cluster policy that does not allow it: names what its statements lack', () => {
      const clusterPolicy = doc({
        Sid: 'Connect',
        Effect: 'Allow',
        Principal: { AWS: '444455556666' },
        Action: 'kafka-cluster:Connect',
        Resource: '*',
      })
      const e = explainDecision({ identityPolicies: [identity], clusterPolicy }, request(partner))
      expect(e.summary).toMatch(/the identity policy allows it, but the cluster policy does not/)
      expect(e.details[0]).toMatch(
        /statement "Connect" of cluster policy almost matches; it lacks the action kafka-cluster:WriteData/,
      )
    })

    it('with only the cluster policy allowing: says the identity policy is missing', () => {
      const clusterPolicy = doc({
        Effect: 'Allow',
        Principal: { AWS: '444455556666' },
        Action: 'kafka-cluster:*',
        Resource: '*',
      })
      const e = explainDecision({ identityPolicies: [], clusterPolicy }, request(partner))
      expect(e.summary).toMatch(/the cluster policy allows it, but no identity policy does/)
      expect(e.suggestion?.policy).toBe('identity')
    })
  })
})
