// Section 7: IAM policy evaluations per second (the emulator's authorizer asks one per uncached Kafka
// check), ours beside @cloud-copilot/iam-simulate (the differential test's oracle) on the same requests.
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { evaluatePolicies, compilePolicySet } from '../../src/iam/policy/evaluatePolicies.js'
import { explainDecision } from '../../src/iam/policy/explainDecision.js'
import type { PolicyDocument } from '../../src/iam/policy/PolicyDocument.js'
import type { BenchContext, SectionResult } from '../lib/context.js'
import { table } from '../lib/context.js'
import { num } from '../lib/stats.js'

const ACCOUNT = '123456789012'
const UUID = 'abcd1234-0123-abcd-5678-1234abcd-1'
const P = `arn:aws:kafka:us-east-1:${ACCOUNT}`
const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/orders-app/i-0abc`

const fixture = (name: string): PolicyDocument =>
  JSON.parse(readFileSync(path.join(__dirname, '../../test/fixtures/iam', name), 'utf8')) as PolicyDocument

/** 20 statements with wildcards, NotResource, conditions on tags and time, and a Deny. */
function largePolicy(): PolicyDocument {
  const Statement = Array.from({ length: 18 }, (_, i) => ({
    Sid: `Team${i}`,
    Effect: 'Allow' as const,
    Action: ['kafka-cluster:*Topic', 'kafka-cluster:ReadData', 'kafka-cluster:WriteData'],
    Resource: [`${P}:topic/my-cluster/*/team${i}-*`, `${P}:topic/my-cluster/*/shared.${i}.?`],
    Condition: {
      StringEquals: { 'aws:PrincipalTag/team': `team${i}` },
      DateLessThan: { 'aws:CurrentTime': '2099-01-01T00:00:00Z' },
    },
  }))
  return {
    Version: '2012-10-17',
    Statement: [
      ...Statement,
      {
        Effect: 'Allow',
        Action: ['kafka-cluster:Connect', 'kafka-cluster:*Group'],
        Resource: [`${P}:cluster/my-cluster/*`, `${P}:group/my-cluster/*`],
      },
      { Effect: 'Deny', Action: 'kafka-cluster:Delete*', NotResource: `${P}:topic/my-cluster/*/scratch-*` },
    ],
  }
}

interface Scenario {
  name: string
  policy: PolicyDocument
  action: string
  resource: string
  tags?: Record<string, string>
}

function perSecond(seconds: number, op: () => unknown): number {
  for (let i = 0; i < 2000; i++) op()
  let n = 0
  const start = process.hrtime.bigint()
  const budget = BigInt(Math.round(seconds * 1e9))
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 200; i++) op()
    n += 200
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9)
}

async function perSecondAsync(seconds: number, op: () => Promise<unknown>): Promise<number> {
  let n = 0
  const start = Date.now()
  while (Date.now() - start < seconds * 1000) {
    await op()
    n++
  }
  return n / ((Date.now() - start) / 1000)
}

export async function policyEvaluationSection(ctx: BenchContext): Promise<SectionResult> {
  const seconds = ctx.quick ? 0.5 : 2
  const now = Date.UTC(2025, 5, 1)
  const scenarios: Scenario[] = [
    {
      name: 'broad consumer policy, ReadData (allow)',
      policy: fixture('broad-consumer-policy.json'),
      action: 'kafka-cluster:ReadData',
      resource: `arn:aws:kafka:us-east-1:${ACCOUNT}:topic/my-cluster/${UUID}/events`,
    },
    {
      name: 'tight policy, WriteData on another topic (deny)',
      policy: fixture('tight-produce-consume-policy.json'),
      action: 'kafka-cluster:WriteData',
      resource: `arn:aws:kafka:us-east-1:${ACCOUNT}:topic/my-msk-cluster/abcd1234-5678-efgh-ijkl-mnopqrstuvwx-1/other`,
    },
    {
      name: '20 statements with conditions, last team (allow)',
      policy: largePolicy(),
      action: 'kafka-cluster:WriteData',
      resource: `${P}:topic/my-cluster/${UUID}/team17-orders`,
      tags: { team: 'team17' },
    },
  ]
  const rows: Array<Array<string | number>> = []
  let typical = 0
  let typicalOracle = 0
  for (const s of scenarios) {
    const set = compilePolicySet({ identityPolicies: [s.policy] })
    const request = {
      action: s.action,
      resource: s.resource,
      principal: { arn: PRINCIPAL, tags: s.tags ?? {} },
      nowMs: now,
    }
    const ours = perSecond(seconds, () => evaluatePolicies(set, request))
    const explained = perSecond(seconds / 2, () => explainDecision(set, request))
    const context: Record<string, string> = {
      'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/orders-app`,
      'aws:CurrentTime': new Date(now).toISOString(),
      ...Object.fromEntries(Object.entries(s.tags ?? {}).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
    }
    const simulation = {
      request: {
        principal: PRINCIPAL,
        action: s.action,
        resource: { resource: s.resource, accountId: ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: [{ name: 'p', policy: s.policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    }
    const oracle = await perSecondAsync(seconds / 2, () => runSimulation(simulation, {}))
    const unsafe = perSecond(seconds / 2, () => runUnsafeSimulation(simulation, {}))
    if (typical === 0) {
      typical = ours
      typicalOracle = oracle
    }
    rows.push([s.name, num(ours, 0), num(explained, 0), num(oracle, 0), num(unsafe, 0)])
    ctx.log(`  ${s.name}: ${num(ours, 0)}/s (iam-simulate ${num(oracle, 0)}/s)`)
  }
  return {
    title: '7. IAM policy evaluation',
    body: [
      'Evaluations per second on one core: `evaluatePolicies` (compiled once per policy; what the emulator asks per uncached Kafka check), `explainDecision` (evaluation plus the explanation of a denial), and `@cloud-copilot/iam-simulate` `runSimulation` (validating) and `runUnsafeSimulation` (no validation) on the same requests. Target: well above 100,000/s for typical policies.',
      '',
      table(
        [
          'Scenario',
          'evaluatePolicies /s',
          'explainDecision /s',
          'iam-simulate runSimulation /s',
          'runUnsafeSimulation /s',
        ],
        rows,
      ),
    ].join('\n'),
    headline: [
      [
        'Policy evaluations/s (typical consumer policy)',
        num(typical, 0),
        '—',
        '—',
        `iam-simulate ${num(typicalOracle, 0)}/s`,
      ],
    ],
  }
}
