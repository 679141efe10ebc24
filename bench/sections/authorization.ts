// Section 9: what authorization costs on the local MSK. One Kafka broker with the IAM_UPSTREAM listener and
// the authorizer, and two emulators in front of it in this process: one enforcing a policy (every Kafka
// check asked of the decision service once per connection, then cached by the broker's authorizer), one
// without authorization (Kafka's PLAINTEXT listener). The same kafkajs producer (one acks=all send at a time:
// the latency of each) and group consumer (throughput) run against each, interleaved in rounds, so machine
// noise falls on both alike. Plus the evaluator's decisions per second on the authorizer's own path
// (decideKafkaCheck: mapping, evaluation), next to section 7's raw evaluations.
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel } from 'kafkajs'
import { compilePolicySet } from '../../src/iam/policy/evaluatePolicies.js'
import type { PolicyDocument } from '../../src/iam/policy/PolicyDocument.js'
import { decideKafkaCheck } from '../../src/iam/msk/decideKafkaCheck.js'
import { parseClusterArn } from '../../src/iam/msk/mskArn.js'
import { awsMskIam } from '../../src/index.js'
import { UPSTREAM_LISTENER } from '../../src/testing/authorization/authorizerServerProperties.js'
import { ensureAuthorizerJar } from '../../src/testing/authorization/ensureAuthorizerJar.js'
import { startEmulatorAuthorization } from '../../src/testing/authorization/startEmulatorAuthorization.js'
import { KAFKA_VERSION } from '../../src/testing/kafka/constants.js'
import { startKafkaCluster } from '../../src/testing/kafka/startKafkaCluster.js'
import { startEmulatorWith, startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import type { MskIamEmulator } from '../../src/testing/types.js'
import type { BenchContext, SectionResult } from '../lib/context.js'
import { table } from '../lib/context.js'
import { msSince, num, summarize } from '../lib/stats.js'

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/bench/00000000-0000-0000-0000-000000000000-1'
const P = 'arn:aws:kafka:us-east-1:123456789012'
const POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: `${P}:cluster/bench/*` },
    {
      Effect: 'Allow',
      Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData', 'kafka-cluster:ReadData'],
      Resource: `${P}:topic/bench/*/authz-*`,
    },
    {
      Effect: 'Allow',
      Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
      Resource: `${P}:group/bench/*/authz-*`,
    },
    { Effect: 'Allow', Action: 'kafka-cluster:CreateTopic', Resource: `${P}:topic/bench/*/authz-*` },
  ],
}
const STATEMENTS = (POLICY.Statement as unknown[]).length
const IDENTITY = {
  accessKeyId: 'AKIABENCHAUTHZ000001',
  secretAccessKey: 'bench-authorization-secret',
  principalArn: 'arn:aws:iam::123456789012:role/bench',
}

interface Run {
  sendsMs: number[]
  consumePerSecond: number[]
  /** Per round: that round's p99 send latency. */
  p99s: number[]
}

export async function authorizationSection(ctx: BenchContext): Promise<SectionResult> {
  // A p99 of 1000 sends is its 10 slowest, and 10000 messages are read in under 0.1 s: at those sizes one
  // GC pause or one burst of other work moved the ratios by 0.2-0.3 between runs. 3000 sends and 50000
  // messages per round, 10 rounds, keep the section under a minute. An even number of rounds, so that each
  // side runs first in as many rounds as the other.
  const rounds = ctx.quick ? 2 : 10
  const sends = ctx.quick ? 200 : 3000
  const consumeCount = ctx.quick ? 2000 : 50_000
  const started = Date.now()
  const authorization = await startEmulatorAuthorization(
    { mode: 'enforce', clusterArn: CLUSTER_ARN },
    { identities: [{ ...IDENTITY, policies: [POLICY] }], defaultClusterArn: CLUSTER_ARN, now: Date.now },
  )
  const jar = await ensureAuthorizerJar({ kafkaVersion: KAFKA_VERSION })
  const cluster = await startKafkaCluster({
    brokers: 1,
    heapMb: 512,
    fastJit: false,
    listeners: [UPSTREAM_LISTENER],
    classpath: [jar],
    properties: { ...authorization.kafkaProperties(), 'auto.create.topics.enable': 'false' },
  })
  const emulators: MskIamEmulator[] = []
  try {
    const node = cluster.nodes[0]!
    const common = { identities: [IDENTITY], clusterName: 'bench', listeners: { tls: false as const } }
    const on = await startEmulatorWith(
      { ...common, upstream: { host: node.host, port: node.ports[UPSTREAM_LISTENER.name]!, nodeId: node.nodeId } },
      authorization,
    )
    emulators.push(on)
    const off = await startMskIamEmulator({ ...common, upstream: { host: node.host, port: node.port, nodeId: 1 } })
    emulators.push(off)
    const runs: Record<'on' | 'off', Run> = {
      on: { sendsMs: [], consumePerSecond: [], p99s: [] },
      off: { sendsMs: [], consumePerSecond: [], p99s: [] },
    }
    // Not measured: the first runs meet a cold JIT on both sides and a cold broker. Without this round, the
    // side that ran first carried their tail: with authorization on both sides, 'on' (first) measured a
    // pooled p99 1.2-1.7x of 'off' in four runs.
    for (const emulator of [on, off]) await workload(emulator, Math.min(sends, 1000), Math.min(consumeCount, 10_000))
    for (let round = 0; round < rounds; round++) {
      for (const [name, emulator] of round % 2 === 0
        ? ([
            ['on', on],
            ['off', off],
          ] as const)
        : ([
            ['off', off],
            ['on', on],
          ] as const)) {
        const result = await workload(emulator, sends, consumeCount)
        runs[name].sendsMs.push(...result.sendsMs)
        runs[name].consumePerSecond.push(result.consumePerSecond)
        runs[name].p99s.push(summarize(result.sendsMs).p99)
      }
      ctx.log(`  round ${round + 1}/${rounds} done`)
    }
    const service = authorization.serviceStats()
    const decisions = decisionsPerSecond(ctx.quick ? 0.5 : 2)
    const produceOn = summarize(runs.on.sendsMs)
    const produceOff = summarize(runs.off.sendsMs)
    const consumeOn = summarize(runs.on.consumePerSecond).median
    const consumeOff = summarize(runs.off.consumePerSecond).median
    // The machine is shared: each round's two runs are back to back, so the median of the per-round ratios
    // is the comparison that other load disturbs least; the pooled figures are shown beside it.
    const perRound = (f: (i: number) => number): number =>
      summarize(Array.from({ length: rounds }, (_, i) => f(i))).median
    const p99Ratio = perRound((i) => runs.on.p99s[i]! / runs.off.p99s[i]!)
    const consumeRatio = perRound((i) => runs.off.consumePerSecond[i]! / runs.on.consumePerSecond[i]!)
    ctx.log(`  produce p99 on/off ${num(p99Ratio)}, consume off/on ${num(consumeRatio)}`)
    return {
      title: '10. Authorization on vs off (local MSK)',
      seconds: (Date.now() - started) / 1000,
      body: [
        `One Kafka broker (the authorizer on its IAM_UPSTREAM listener) and two emulators in front of it: one enforcing a ${STATEMENTS}-statement policy (Connect, topics, group), one without authorization (PLAINTEXT upstream). After one unmeasured warm-up run on each, each of ${rounds} rounds runs on both, in alternating order: ${sends} kafkajs sends, one at a time (acks=all, a fresh producer per round), then a fresh group consumer reading ${consumeCount} messages in 16 KB fetches (its rate counted from the first batch). Decisions are cached per connection by the broker's authorizer: the decision service answered ${service.authorizeCalls} authorize calls (${service.actionsDecided} checks) for the whole section, which made ${rounds * 2} connections' worth of requests on the enforcing side. Ratios are costs, on / off (for throughput: off / on); target at most 1.1. The machine is shared with other work: the median of the per-round ratios (each round's two runs back to back) is the figure other load disturbs least.`,
        '',
        table(
          ['Measure', 'authorization on', 'off', 'pooled ratio', 'median of per-round ratios'],
          [
            [
              'produce latency median (ms)',
              num(produceOn.median),
              num(produceOff.median),
              num(produceOn.median / produceOff.median),
              '',
            ],
            [
              'produce latency p99 (ms)',
              num(produceOn.p99),
              num(produceOff.p99),
              num(produceOn.p99 / produceOff.p99),
              num(p99Ratio),
            ],
            [
              'consume throughput median (msg/s)',
              num(consumeOn, 0),
              num(consumeOff, 0),
              num(consumeOff / consumeOn),
              num(consumeRatio),
            ],
          ],
        ),
        '',
        `Decisions per second of the authorizer's path (decideKafkaCheck: Kafka check → IAM action and ARN → evaluation) for an allowed WRITE TOPIC: ${num(decisions, 0)}/s on one core; section 7 has the raw evaluator.`,
      ].join('\n'),
      headline: [
        [
          'Authorization on/off: produce p99, consume throughput (ratios, ≤ 1.1)',
          `${num(p99Ratio)}, ${num(consumeRatio)}`,
          '—',
          '—',
          '—',
          `${num(decisions, 0)} decisions/s`,
        ],
      ],
    }
  } finally {
    for (const emulator of emulators) await emulator.close()
    if (emulators.length === 0) await authorization.close()
    await cluster.close()
  }
}

async function workload(
  emulator: MskIamEmulator,
  sends: number,
  consumeCount: number,
): Promise<{ sendsMs: number[]; consumePerSecond: number }> {
  const kafka = new Kafka({
    clientId: 'bench-authz',
    brokers: emulator.bootstrapBrokers('plaintext'),
    sasl: awsMskIam({ region: 'us-east-1', credentials: IDENTITY }),
    socketFactory: emulator.socketFactory,
    logLevel: logLevel.NOTHING,
  })
  const topic = `authz-${randomUUID()}`
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic }], waitForLeaders: true })
  await admin.disconnect()
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  const sendsMs: number[] = []
  const value = 'x'.repeat(100)
  try {
    for (let i = 0; i < sends; i++) {
      const start = process.hrtime.bigint()
      await producer.send({ topic, acks: -1, messages: [{ value }] })
      sendsMs.push(msSince(start))
    }
    const batch = Array.from({ length: 500 }, () => ({ value }))
    for (let sent = sends; sent < consumeCount; sent += batch.length) await producer.send({ topic, messages: batch })
  } finally {
    await producer.disconnect()
  }
  // Small fetches (16 KB per partition), so that the consumer makes many requests, each authorized: the
  // rate is counted from the first batch on (the group join before it is not a throughput).
  const consumer = kafka.consumer({ groupId: `authz-${randomUUID()}`, maxBytesPerPartition: 16 * 1024 })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  let seen = 0
  let afterFirst = 0
  let first: bigint | undefined
  const consumePerSecond = await new Promise<number>((resolve, reject) => {
    consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error))
    void consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length
        if (first === undefined) first = process.hrtime.bigint()
        else afterFirst += batch.messages.length
        if (seen >= consumeCount) resolve(afterFirst / (msSince(first) / 1000))
      },
    })
  }).finally(() => consumer.disconnect())
  return { sendsMs, consumePerSecond }
}

function decisionsPerSecond(seconds: number): number {
  const cluster = parseClusterArn(CLUSTER_ARN)!
  const set = compilePolicySet({ identityPolicies: [POLICY] })
  const check = { operation: 'WRITE', resourceType: 'TOPIC', resourceName: 'authz-orders' }
  const context = { cluster, principal: { arn: IDENTITY.principalArn }, nowMs: Date.now(), apiKey: 0 }
  for (let i = 0; i < 2000; i++) decideKafkaCheck(set, check, context)
  let n = 0
  const start = process.hrtime.bigint()
  const budget = BigInt(Math.round(seconds * 1e9))
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 200; i++) decideKafkaCheck(set, check, context)
    n += 200
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9)
}
