// `kafkajs-msk-iam doctor policy` through the real CLI entry: the two policies users copy, exit codes
// included.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runCli } from '../../../../../src/cli/main.js'
import { captureIo } from '../../../../helpers/captureIo.js'

const FIXTURES = path.join(__dirname, '../../../../fixtures/iam')
const TIGHT = path.join(FIXTURES, 'tight-produce-consume-policy.json')
const BROAD = path.join(FIXTURES, 'broad-consumer-policy.json')
const UUID = 'abcd1234-5678-efgh-ijkl-mnopqrstuvwx-1'
/** The part of the fixture policies the tests change. */
interface PolicyFile {
  Statement: Array<{ Action: string[]; Resource: string | string[] }>
}
const TIGHT_CLUSTER = `arn:aws:kafka:us-east-1:123456789012:cluster/my-msk-cluster/${UUID}`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'doctor-policy-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function doctor(...args: string[]) {
  const io = captureIo()
  const code = await runCli(['doctor', 'policy', ...args], io)
  return { code, out: io.out(), err: io.err() }
}

async function writePolicy(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name)
  await writeFile(file, JSON.stringify(content))
  return file
}

describe('doctor policy', () => {
  it('passes a producer and a group consumer with the tight policy (exit 0)', async () => {
    const r = await doctor(
      '--policy',
      TIGHT,
      '--produce',
      'my-topic-name',
      '--consume',
      'my-topic-name',
      '--group',
      'g',
    )
    expect(r.code).toBe(0)
    expect(r.out).toContain(`Cluster:   ${TIGHT_CLUSTER} (assumed from the policy`)
    expect(r.out).toMatch(/ok {7}Produce needs kafka-cluster:WriteData on .*\/my-topic-name/)
    expect(r.out).toContain('Verdict: the workload has every permission it needs')
  })

  it('fails an idempotent producer with the tight policy, and says what to add (exit 1)', async () => {
    const r = await doctor(
      '--policy',
      TIGHT,
      '--cluster-arn',
      TIGHT_CLUSTER,
      '--produce',
      'my-topic-name',
      '--idempotent',
    )
    expect(r.code).toBe(1)
    expect(r.out).toContain(
      `MISSING  InitProducerId needs kafka-cluster:WriteDataIdempotently on ${TIGHT_CLUSTER} (or kafka-cluster:WriteData on arn:aws:kafka:us-east-1:123456789012:topic/my-msk-cluster/${UUID}/hardcode): no statement allows it`,
    )
    expect(r.out).toContain('Add to the identity policy:')
    expect(r.out).toContain('"kafka-cluster:WriteDataIdempotently"')
    expect(r.out).toContain('"arn:aws:kafka:us-east-1:123456789012:cluster/my-msk-cluster/*"')
    expect(r.out).toContain('Verdict: the workload would fail: 1 permission(s) missing.')
  })

  it('warns about the idempotent-producer trap even when the producer is not marked idempotent', async () => {
    const r = await doctor('--policy', TIGHT, '--produce', 'my-topic-name')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/WARNING {2}WriteData is granted on named topics only.*CLUSTER_AUTHORIZATION_FAILED/)
  })

  it('names kafka-cluster:AlterGroup on the group ARN for a consumer without it', async () => {
    const broad = JSON.parse(await readFile(BROAD, 'utf8')) as PolicyFile
    broad.Statement[0]!.Action = broad.Statement[0]!.Action.filter((a: string) => a !== 'kafka-cluster:AlterGroup')
    const file = await writePolicy('no-alter-group.json', broad)
    const r = await doctor('--policy', file, '--consume', 'events', '--group', 'lambda')
    expect(r.code).toBe(1)
    expect(r.out).toMatch(
      /MISSING {2}JoinGroup needs kafka-cluster:AlterGroup on arn:aws:kafka:us-east-1:123456789012:group\/my-cluster\/[^ ]+\/lambda: no statement allows it/,
    )
    expect(r.out).toMatch(
      /statement 1 of .*no-alter-group.json almost matches; it lacks the action kafka-cluster:AlterGroup/,
    )
  })

  it('explains a topic ARN written under cluster/ with the lint, and fails the producer', async () => {
    const tight = JSON.parse(await readFile(TIGHT, 'utf8')) as PolicyFile
    tight.Statement[1]!.Resource = `${TIGHT_CLUSTER}/my-topic-name`
    const file = await writePolicy('under-cluster.json', [tight])
    const r = await doctor('--policy', file, '--produce', 'my-topic-name')
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/MISSING {2}Metadata needs kafka-cluster:DescribeTopic/)
    expect(r.out).toMatch(
      /ERROR {4}statement "MSKTopicAccess" of .*under-cluster.json\[0\]|ERROR {4}statement "MSKTopicAccess" of .*under-cluster.json: .*is written under cluster\//,
    )
  })

  it("assumes a principal in the cluster's partition (a China cluster's role is arn:aws-cn:iam::…)", async () => {
    const china = (await readFile(TIGHT, 'utf8')).replaceAll('arn:aws:kafka:us-east-1:', 'arn:aws-cn:kafka:cn-north-1:')
    const file = await writePolicy('china.json', JSON.parse(china))
    const r = await doctor('--policy', file, '--produce', 'my-topic-name')
    expect(r.out).toContain('Principal: arn:aws-cn:iam::123456789012:role/doctor-policy-check (a role in the')
    expect(r.code).toBe(0)
  })
  it('without a workload, exits 1 on a statement that grants nothing, 0 on a clean policy', async () => {
    const broken = await writePolicy('broken.json', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'kafka:WriteData', Resource: 'arn:aws:kafka:us-east-1:123456789012:topic/c/*' },
      ],
    })
    const bad = await doctor('--policy', broken)
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(
      /ERROR {4}statement 1 of .*broken.json: kafka:WriteData is not an action: kafka: is the control-plane prefix; Kafka clients are authorized with kafka-cluster:WriteData/,
    )
    expect((await doctor('--policy', BROAD)).code).toBe(0)
  })

  it('checks a cross-account principal against the cluster policy too', async () => {
    const identity = await writePolicy('partner.json', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'kafka-cluster:*', Resource: '*' }],
    })
    const clusterPolicy = await writePolicy('cluster-policy.json', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'kafka-cluster:Connect', Resource: '*' },
      ],
    })
    const r = await doctor(
      '--policy',
      identity,
      '--cluster-policy',
      clusterPolicy,
      '--cluster-arn',
      TIGHT_CLUSTER,
      '--principal',
      'arn:aws:iam::444455556666:role/partner',
      '--produce',
      'my-topic-name',
    )
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/ok {7}SaslAuthenticate needs kafka-cluster:Connect/)
    expect(r.out).toMatch(
      /MISSING {2}Produce needs kafka-cluster:WriteData .*the identity policy allows it, but the cluster policy does not/,
    )
    expect(r.out).toContain('Add to the cluster policy')
    expect(r.out).toContain('"AWS": "arn:aws:iam::444455556666:role/partner"')
  })

  it.each([
    [[], /--policy FILE is required/],
    [['--policy', BROAD, '--consume', 't'], /--consume needs --group/],
    [['--policy', BROAD, '--cluster-arn', 'arn:aws:kafka:us-east-1:1:topic/x'], /--cluster-arn must be a cluster ARN/],
    [['--policy', BROAD, '--bogus'], /unknown option --bogus/],
    [['--policy', '/nonexistent/policy.json'], /--policy \/nonexistent\/policy.json: ENOENT/],
  ])('exits 2 for %j', async (args, message) => {
    const r = await doctor(...args)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
  })

  it('exits 2 for a file that is not JSON', async () => {
    const file = path.join(dir, 'not.json')
    await writeFile(file, '{ nope')
    const r = await doctor('--policy', file)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/is not JSON/)
  })

  it('prints its usage for --help', async () => {
    const r = await doctor('--help')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/--transactional-id ID/)
  })
})
