// Policy validation: every problem names the statement and the element; garbage never throws.
import fc from 'fast-check'
import { describeProblem } from '../../../../src/iam/policy/CompiledPolicy.js'
import { evaluatePolicies } from '../../../../src/iam/policy/evaluatePolicies.js'
import { explainDecision } from '../../../../src/iam/policy/explainDecision.js'
import { compilePolicy, parsePolicy } from '../../../../src/iam/policy/parsePolicy.js'
import { isMskIamError } from '../../../../src/errors.js'
import { propertySeed } from '../../../helpers/propertySeed.js'

const problemsOf = (document: unknown, kind: 'identity' | 'resource' = 'identity') => {
  const result = parsePolicy(document, { kind, name: 'p.json' })
  return result.ok ? [] : result.problems.map(describeProblem)
}
const ok = { Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: '*' }

describe('parsePolicy', () => {
  it('accepts a Statement object or array, with or without Version and Id', () => {
    expect(problemsOf({ Version: '2012-10-17', Id: 'x', Statement: ok })).toEqual([])
    expect(problemsOf({ Statement: [ok, { ...ok, Sid: 'Two' }] })).toEqual([])
    const parsed = parsePolicy({ Statement: ok })
    expect(parsed.ok && parsed.policy.version).toBe('2008-10-17')
  })

  it.each([
    [null, 'p.json, document: must be a JSON object, got null'],
    [[ok], 'p.json, document: must be a JSON object'],
    [{ Version: '2012-10-17' }, 'p.json, Statement: is missing or empty'],
    [{ Version: '2020-01-01', Statement: ok }, 'p.json, Version: must be "2012-10-17", got "2020-01-01"'],
    [{ Statement: ok, Extra: 1 }, 'p.json, Extra: is not a policy element'],
    [{ Statement: [ok, 'x'] }, 'p.json, statement 2, Statement: must be an object, got "x"'],
    [{ Statement: { ...ok, Effect: 'allow' } }, 'p.json, statement 1, Effect: must be "Allow" or "Deny", got "allow"'],
    [{ Statement: { Sid: 'S', Effect: 'Allow', Resource: '*' } }, 'p.json, statement 1 ("S"), Action: is missing'],
    [{ Statement: { ...ok, NotAction: 'x:y' } }, 'p.json, statement 1, Action: and NotAction cannot both be given'],
    [{ Statement: { ...ok, Action: 'WriteData' } }, 'p.json, statement 1, Action: "WriteData" is not "service:action"'],
    [
      { Statement: { ...ok, Action: 'kafka*:WriteData' } },
      'p.json, statement 1, Action: "kafka*:WriteData" is not "service:action"',
    ],
    [{ Statement: { ...ok, Action: [] } }, 'p.json, statement 1, Action: is an empty list'],
    [
      { Statement: { ...ok, Action: [1] } },
      'p.json, statement 1, Action: must be a string or a list of strings, got 1',
    ],
    [{ Statement: { ...ok, Resource: 'topic/x' } }, 'p.json, statement 1, Resource: "topic/x" is not an ARN'],
    [{ Statement: { ...ok, Principal: '*' } }, 'p.json, statement 1, Principal: is only allowed in resource policies'],
    [
      { Statement: { ...ok, Condition: { StringLikes: { 'aws:x': 'y' } } } },
      'p.json, statement 1, Condition.StringLikes: is not an IAM condition operator',
    ],
    [
      { Statement: { ...ok, Condition: { StringLike: { 'aws:x': { a: 1 } } } } },
      'p.json, statement 1, Condition.StringLike.aws:x: needs a string, number or boolean value',
    ],
    [
      { Statement: { ...ok, Condition: { Null: { 'aws:x': 'maybe' } } } },
      'p.json, statement 1, Condition.Null.aws:x: Null takes "true"',
    ],
    [
      { Statement: { ...ok, Condition: { 'ForSomeValues:StringLike': { 'aws:x': 'y' } } } },
      'is not an IAM condition operator',
    ],
  ])('rejects %j: %s', (document, message) => {
    expect(problemsOf(document).join('\n')).toContain(message)
  })

  it('checks Principal in resource policies', () => {
    expect(problemsOf({ Statement: ok }, 'resource').join()).toContain('Principal: is missing')
    expect(
      problemsOf({ Statement: { ...ok, Principal: { AWS: 'arn:aws:iam::*:role/x' } } }, 'resource').join(),
    ).toContain('wildcards are not allowed in principals')
    expect(problemsOf({ Statement: { ...ok, Principal: { Users: 'x' } } }, 'resource').join()).toContain(
      'Principal.Users',
    )
    expect(problemsOf({ Statement: { ...ok, Principal: { AWS: ['123456789012', '*'] } } }, 'resource')).toEqual([])
  })

  it('compilePolicy throws a typed MskIamError naming the statement', () => {
    let error: unknown
    try {
      compilePolicy({ Statement: { ...ok, Effect: 'Maybe' } }, { name: 'orders' })
    } catch (e) {
      error = e
    }
    expect(isMskIamError(error) && error.code).toBe('INVALID_POLICY')
    expect((error as Error).message).toContain('orders, statement 1, Effect')
  })

  it('never throws on arbitrary JSON, and what it accepts can be evaluated', () => {
    const seed = propertySeed('parsePolicy arbitrary JSON')
    const statementLike = fc.record(
      {
        Sid: fc.oneof(fc.string(), fc.integer()),
        Effect: fc.constantFrom('Allow', 'Deny', 'allow', 1),
        Action: fc.oneof(fc.string(), fc.array(fc.string()), fc.constant('kafka-cluster:*'), fc.jsonValue()),
        NotAction: fc.string(),
        Resource: fc.oneof(
          fc.constant('*'),
          fc.string().map((s) => `arn:${s}`),
          fc.jsonValue(),
        ),
        Principal: fc.jsonValue(),
        Condition: fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom('StringLike', 'Null', 'ForAllValues:ArnLike', 'DateLessThan', 'x'),
            fc.jsonValue(),
          ),
        ),
      },
      { requiredKeys: [] },
    )
    const documents = fc.oneof(
      fc.jsonValue(),
      fc.record({
        Version: fc.constantFrom('2012-10-17', undefined, 3),
        Statement: fc.oneof(statementLike, fc.array(statementLike)),
      }),
    )
    fc.assert(
      fc.property(
        documents,
        fc.constantFrom('identity' as const, 'resource' as const),
        fc.constantFrom('111122223333', '444455556666'),
        (document, kind, account) => {
          const result = parsePolicy(document, { kind })
          if (!result.ok) return result.problems.length > 0 && result.problems.every((p) => p.message.length > 0)
          const set =
            kind === 'identity'
              ? { identityPolicies: [result.policy] }
              : { identityPolicies: [], clusterPolicy: result.policy }
          const request = {
            action: 'kafka-cluster:WriteData',
            resource: 'arn:aws:kafka:us-east-1:111122223333:topic/c/u/t',
            principal: { arn: `arn:aws:iam::${account}:user/u` },
            nowMs: 0,
          }
          const decision = evaluatePolicies(set, request)
          const explanation = explainDecision(set, request)
          return (
            ['Allow', 'ExplicitDeny', 'ImplicitDeny'].includes(decision.decision) &&
            explanation.decision === decision.decision &&
            explanation.summary.length > 0
          )
        },
      ),
      { seed, numRuns: 3000 },
    )
  })
})
