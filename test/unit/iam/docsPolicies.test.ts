// Every policy shown in the docs (every ```json block of docs/*.md and the README that has a Statement),
// checked against the evaluator: it gives its workload every permission, a minimal one fails when any one
// action is removed, and none has a broken statement.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { lintPolicy } from '../../../src/iam/lint/lintPolicy.js'
import { checkWorkload } from '../../../src/iam/msk/checkWorkload.js'
import { type Workload, workloadRequirements } from '../../../src/iam/msk/workloadRequirements.js'
import { type PolicyDocument, type PolicyStatement } from '../../../src/iam/policy/PolicyDocument.js'

interface Check {
  name: string
  kind?: 'resource'
  workload?: Workload
  minimal?: boolean
  clusterPolicy?: string
  principal?: string
  withoutClusterPolicy?: 'fails'
}

const ROOT = path.join(__dirname, '../../..')
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]
const texts = new Map(DOCS.map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]))
const CHECKED = /<!-- check: (\{.*?\}) -->\n```json\n([\s\S]*?)\n```/g
const blocksOf = (file: string) =>
  [...texts.get(file)!.matchAll(CHECKED)].map((m) => ({
    file,
    check: JSON.parse(m[1]!) as Check,
    policy: JSON.parse(m[2]!) as PolicyDocument,
  }))
const DOC = texts.get('docs/iam-policies.md')!
const blocks = DOCS.flatMap(blocksOf)
const byName = new Map(blocks.map((b) => [b.check.name, b.policy]))
const cluster = {
  region: 'us-east-1',
  account: '111122223333',
  name: 'orders-cluster',
  uuid: 'abcd1234-0123-abcd-5678-1234abcd-1',
}
const statementsOf = (p: PolicyDocument): PolicyStatement[] =>
  Array.isArray(p.Statement) ? p.Statement : [p.Statement]

function run(
  policy: PolicyDocument,
  check: Check,
  clusterPolicy = check.clusterPolicy ? byName.get(check.clusterPolicy) : undefined,
) {
  const principal = { arn: check.principal ?? 'arn:aws:sts::111122223333:assumed-role/app/s1' }
  return checkWorkload({ identityPolicies: [policy], clusterPolicy }, check.workload ?? {}, cluster, {
    principal,
    nowMs: 0,
  })
}

describe('docs/iam-policies.md policies', () => {
  it('has the checked policies', () => {
    expect(blocksOf('docs/iam-policies.md').map((b) => b.check.name)).toEqual([
      'produce',
      'idempotent',
      'transactions',
      'consume',
      'admin',
      'admin-all',
      'cluster-policy',
      'partner',
    ])
    // Every ```json block of the page is a checked one.
    expect(DOC.match(/```json/g)).toHaveLength(blocksOf('docs/iam-policies.md').length)
  })

  it.each(DOCS)('%s: every policy shown is a checked one', (file) => {
    const policies = [...texts.get(file)!.matchAll(/```json\n([\s\S]*?)\n```/g)].filter((m) =>
      m[1]!.includes('"Statement"'),
    )
    expect(policies).toHaveLength(blocksOf(file).length)
  })

  it('the emulator reference shows its example policy', () => {
    expect(blocksOf('docs/emulator.md').map((b) => b.check.name)).toEqual(['emulator-orders'])
  })

  it.each(blocks.map((b) => [b.check.name, b] as const))('%s: no broken statement', (_, { check, policy }) => {
    const findings = lintPolicy(policy, { cluster, ...(check.kind ? { kind: check.kind } : {}) })
    expect(findings).toEqual([])
  })

  const workloads = blocks.filter((b) => b.check.workload)
  it.each(workloads.map((b) => [b.check.name, b] as const))('%s: grants its workload', (_, { check, policy }) => {
    const result = run(policy, check)
    expect(result.checks.filter((c) => !c.granted).map((c) => c.requirement)).toEqual([])
  })

  const minimal = blocks.filter((b) => b.check.minimal)
  it.each(minimal.map((b) => [b.check.name, b] as const))(
    '%s: is minimal (remove any action: it fails)',
    (_, { check, policy }) => {
      const statements = statementsOf(policy)
      statements.forEach((statement, s) => {
        for (const action of [statement.Action ?? []].flat()) {
          const without: PolicyDocument = {
            ...policy,
            Statement: statements.flatMap((st, i) => {
              if (i !== s) return [st]
              const rest = [st.Action ?? []].flat().filter((a) => a !== action)
              return rest.length === 0 ? [] : [{ ...st, Action: rest }]
            }),
          }
          expect({ action, ok: run(without, check).ok }).toEqual({ action, ok: false })
        }
      })
    },
  )

  it('partner: fails without the cluster policy (cross account needs both)', () => {
    const partner = blocks.find((b) => b.check.withoutClusterPolicy === 'fails')!
    const { clusterPolicy: _, ...alone } = partner.check
    expect(run(partner.policy, alone).ok).toBe(false)
  })
})

describe('README "IAM policies" table', () => {
  const README = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8')
  const section = README.slice(README.indexOf('## IAM policies'), README.indexOf('## Local development'))
  const rows = [...section.matchAll(/^\| ([A-Z][^|]+) \| (`[^|]+) \|$/gm)].map((m) => [m[1]!.trim(), m[2]!] as const)
  const workloads: Record<string, Workload> = {
    Produce: { produce: ['t'] },
    'Produce idempotently': { produce: ['t'], idempotent: true },
    'Produce in transactions': { produce: ['t'], transactionalId: 'tx' },
    'Consume in a group': { consume: ['t'], group: 'g' },
    'Administer topics and groups': { produce: ['t'], group: 'g', admin: true },
  }
  // A workload's topics are named by what it does with them: the admin row is that workload without its
  // Produce (Metadata's DescribeTopic stays: kafkajs's createTopics and deleteTopics need it too).
  const adminOnly = (r: { api: string }) => r.api !== 'Produce'

  it.each(rows)('%s lists exactly the actions the workload needs', (name, cell) => {
    const listed = [...cell.matchAll(/`(\w+)`/g)].map((m) => `kafka-cluster:${m[1]}`).sort()
    const requirements = workloadRequirements(workloads[name]!, cluster).filter(
      (r) => name !== 'Administer topics and groups' || adminOnly(r),
    )
    const needed = [...new Set(requirements.map((r) => r.anyOf[0]!.action))].sort()
    expect(listed).toEqual(needed)
  })

  it('has the five rows', () => {
    expect(rows.map(([name]) => name)).toEqual(Object.keys(workloads))
  })
})
