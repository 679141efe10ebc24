// The local MSK authorizes as MSK does, with Kafka's own checks (the Java authorizer on the broker asking
// the emulator's policy evaluator), tried with the two policies users copy most (test/fixtures/iam, from a
// widely read Lambda → MSK article), real kafkajs clients and the Java reference clients. Each denial must
// be the error the client really gets, explained in the decision log and by explainError(). One broker
// (nothing here needs three) and one cluster for the file: policies change between tests at run time.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { runDoctorPolicyCommand } from '../../src/cli/doctor/policy/doctorPolicyCommand.js'
import { isMskIamError } from '../../src/errors.js'
import { explainError } from '../../src/explainError.js'
import type { PolicyDocument } from '../../src/iam/policy/PolicyDocument.js'
import type { LocalMsk } from '../../src/testing/local/types.js'
import { startLocalMsk } from '../../src/testing/startLocalMsk.js'
import type { EmulatorLogEntry } from '../../src/testing/types.js'
import { captureForScan } from '../helpers/secretScan.js'
import { javaPropertiesText, runConsoleProducer, runJavaClient } from '../helpers/javaClients.js'
import {
  clusterOf,
  consumeInGroup,
  DecisionLog,
  errorTypes,
  failureOf,
  forCluster,
  javaClientSetup,
  kafkaAs,
  newIdentity,
  policy,
  role,
  withAdmin,
  withoutAction,
  withProducer,
} from '../helpers/authorizationHelpers.js'

const fixture = (name: string): PolicyDocument =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures/iam', name), 'utf8')) as PolicyDocument

// The tight policy names this cluster, its (made-up, not hexadecimal) UUID and this topic; the broad one
// names `my-cluster`. Both are pointed at the local cluster's name and UUID, nothing else is changed.
const TIGHT = fixture('tight-produce-consume-policy.json')
const BROAD = fixture('broad-consumer-policy.json')
const TIGHT_CLUSTER = { name: 'my-msk-cluster', uuid: 'abcd1234-5678-efgh-ijkl-mnopqrstuvwx-1' }
const TOPIC = 'my-topic-name'

describe('local MSK authorization: the policies users copy, with real clients', () => {
  let msk: LocalMsk
  let tight: PolicyDocument
  let groupArn: (group: string) => string
  let topicArn: (topic: string) => string
  const log = new DecisionLog()
  const admin = newIdentity(role('admin'))
  const app = newIdentity('arn:aws:sts::123456789012:assumed-role/orders/lambda-1', [])

  beforeAll(async () => {
    msk = await startLocalMsk({ brokers: 1, clusterName: TIGHT_CLUSTER.name, identities: [admin, app] })
    // Many short-lived clients, one after the other: MSK's 20 new connections/s per broker is not the subject.
    msk.emulator.setOptions({ log: log.sink, connectionLimits: undefined })
    const { prefix, name, uuid } = clusterOf(msk)
    groupArn = (group) => `${prefix}:group/${name}/${uuid}/${group}`
    topicArn = (topic) => `${prefix}:topic/${name}/${uuid}/${topic}`
    await msk.emulator.setPolicies(admin.accessKeyId, [
      policy({
        Effect: 'Allow',
        Action: 'kafka-cluster:*',
        Resource: ['cluster', 'topic', 'group', 'transactional-id'].map((t) => `${prefix}:${t}/${name}/*`),
      }),
    ])
    await withAdmin(kafkaAs(msk, admin), (a) => a.createTopics({ topics: [{ topic: TOPIC }], waitForLeaders: true }))
    // The first transaction of a cluster waits for __transaction_state: made here, not in a test.
    await withProducer(
      kafkaAs(msk, admin, { retry: { retries: 10 } }),
      { transactionalId: 'warm-up', maxInFlightRequests: 1 },
      async (p) => (await p.transaction()).abort(),
    )
    tight = forCluster(TIGHT, msk, TIGHT_CLUSTER)
  }, 180_000)
  afterAll(async () => {
    await msk?.close()
  })

  /** Gives `app` these policies; resolves once the broker's authorizer dropped its cached decisions. */
  const grant = (...policies: PolicyDocument[]): Promise<void> => msk.emulator.setPolicies(app.accessKeyId, policies)
  const denialsDuring = async (run: () => Promise<unknown>): Promise<EmulatorLogEntry[]> => {
    const entries = log.mark()
    await run()
    return DecisionLog.denials(entries())
  }
  const highWatermark = async (): Promise<string> =>
    withAdmin(kafkaAs(msk, admin), async (a) => (await a.fetchTopicOffsets(TOPIC))[0]!.high)

  test('defaults to enforce: the identities carry policies', () => {
    expect(msk.authorization).toBe('enforce')
    expect(msk.emulator.authorization).toBe('enforce')
  })

  test('the tight policy: a kafkajs producer and a group consumer work, and nothing is denied', async () => {
    await grant(tight)
    const kafka = kafkaAs(msk, app)
    const denied = await denialsDuring(async () => {
      await withProducer(kafka, {}, (p) => p.send({ topic: TOPIC, messages: [{ value: 'tight-1' }] }))
      expect(await consumeInGroup(kafka, TOPIC, 'tight', 1)).toEqual(['tight-1'])
    })
    expect(denied).toEqual([])
  })

  test('tight without AlterGroup: the group consumer cannot join (30); log and explainError name AlterGroup on the group ARN', async () => {
    await grant(withoutAction(tight, 'kafka-cluster:AlterGroup'))
    let error: unknown
    const denied = await denialsDuring(async () => {
      error = await failureOf(consumeInGroup(kafkaAs(msk, app), TOPIC, 'no-alter', 1))
    })
    expect(errorTypes(error)).toEqual(['GROUP_AUTHORIZATION_FAILED'])
    expect(denied).toEqual([
      expect.objectContaining({
        event: 'authorize',
        principal: app.principalArn,
        api: 'JoinGroup',
        check: 'READ GROUP no-alter',
        action: 'kafka-cluster:AlterGroup',
        resource: groupArn('no-alter'),
        decision: 'ImplicitDeny',
        reason: `JoinGroup needs kafka-cluster:AlterGroup on ${groupArn('no-alter')}: no statement allows it (the client sees GROUP_AUTHORIZATION_FAILED (30))`,
        explanation: [
          `statement "MSKConsumerGroupAccess" of the identity policy of ${app.accessKeyId} almost matches; it lacks the action kafka-cluster:AlterGroup (it has kafka-cluster:DescribeGroup)`,
        ],
        suggestion: {
          policy: 'identity',
          statement: { Effect: 'Allow', Action: 'kafka-cluster:AlterGroup', Resource: groupArn('no-alter') },
        },
      }),
    ])
    const explained = explainError(error, { brokers: msk.bootstrapBrokers, groupId: 'no-alter' })
    expect(isMskIamError(explained) && explained).toMatchObject({
      code: 'AUTHORIZATION_FAILED',
      requiredActions: ['kafka-cluster:AlterGroup'],
      resourceArn: 'arn:aws:kafka:us-east-1:<account-id>:group/my-msk-cluster/<cluster-uuid>/no-alter',
    })
    expect((explained as Error).message).toContain('at JoinGroup (GROUP_AUTHORIZATION_FAILED)')
  })

  test('tight without AlterGroup: a manually assigned Java consumer reads, and its commit fails (30)', async () => {
    // The article's "consumption still works but offset commits fail" holds for this consumer only: it
    // never joins a group (assign()), so it needs no AlterGroup until it commits.
    await grant(withoutAction(tight, 'kafka-cluster:AlterGroup'))
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authz-manual-'))
    try {
      const setup = await javaClientSetup(msk, app, dir)
      const config = path.join(dir, 'consumer.properties')
      await writeFile(
        config,
        javaPropertiesText({ ...setup.properties, 'bootstrap.servers': setup.bootstrap, 'group.id': 'manual' }),
        { mode: 0o600 },
      )
      let run: Awaited<ReturnType<typeof runJavaClient>> | undefined
      const denied = await denialsDuring(async () => {
        run = await runJavaClient(path.join(__dirname, '../helpers/ManualAssignConsumer.java'), [config, TOPIC, '1'], {
          hostsFile: setup.hostsFile,
          env: setup.env,
          timeoutMs: 90_000,
        })
      })
      captureForScan(run!.stdout + run!.stderr)
      expect({ code: run!.code, stdout: run!.stdout.trim().split('\n') }).toEqual({
        code: 3,
        stdout: ['tight-1', 'COMMIT FAILED org.apache.kafka.common.errors.GroupAuthorizationException'],
      })
      expect(denied.map((e) => [e.api, e.action, e.resource])).toEqual([
        ['OffsetCommit', 'kafka-cluster:AlterGroup', groupArn('manual')],
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('tight without DescribeTopic: the producer fails at Metadata (29), before producing; explained', async () => {
    await grant(withoutAction(tight, 'kafka-cluster:DescribeTopic'))
    const before = await highWatermark()
    let error: unknown
    const denied = await denialsDuring(async () => {
      error = await failureOf(
        withProducer(kafkaAs(msk, app), {}, (p) => p.send({ topic: TOPIC, messages: [{ value: 'never' }] })),
      )
    })
    expect(errorTypes(error)).toContain('TOPIC_AUTHORIZATION_FAILED')
    expect(await highWatermark()).toBe(before)
    expect(denied.map((e) => [e.api, e.check, e.action, e.resource])).toEqual([
      ['Metadata', `DESCRIBE TOPIC ${TOPIC}`, 'kafka-cluster:DescribeTopic', topicArn(TOPIC)],
    ])
    expect(denied[0]!.explanation).toEqual([
      `statement "MSKTopicAccess" of the identity policy of ${app.accessKeyId} almost matches; it lacks the action kafka-cluster:DescribeTopic (it has kafka-cluster:ReadData, kafka-cluster:WriteData, kafka-cluster:CreateTopic)`,
    ])
    const explained = explainError(error, { brokers: msk.bootstrapBrokers, topic: TOPIC })
    expect(explained).toMatchObject({
      code: 'AUTHORIZATION_FAILED',
      requiredActions: ['kafka-cluster:DescribeTopic'],
      resourceArn: `arn:aws:kafka:us-east-1:<account-id>:topic/my-msk-cluster/<cluster-uuid>/${TOPIC}`,
    })
  })

  test('the broad consumer policy works; with the topic ARN written under cluster/ it fails, and doctor policy says why', async () => {
    const broad = forCluster(BROAD, msk, { name: 'my-cluster' })
    await grant(broad)
    expect(await consumeInGroup(kafkaAs(msk, app), TOPIC, 'broad', 1)).toEqual(['tight-1'])

    const { prefix, name } = clusterOf(msk)
    const underCluster = JSON.parse(
      JSON.stringify(broad).replace(`${prefix}:topic/${name}/*`, `${prefix}:cluster/${name}/*/${TOPIC}`),
    ) as PolicyDocument
    await grant(underCluster)
    const error = await failureOf(consumeInGroup(kafkaAs(msk, app), TOPIC, 'broad-2', 1))
    expect(errorTypes(error)).toContain('TOPIC_AUTHORIZATION_FAILED')

    const dir = await mkdtemp(path.join(os.tmpdir(), 'authz-doctor-'))
    try {
      const file = path.join(dir, 'policy.json')
      await writeFile(file, JSON.stringify(underCluster))
      const stdout = new PassThrough()
      let text = ''
      stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
      const code = await runDoctorPolicyCommand(
        ['--policy', file, '--cluster-arn', msk.clusterArn, '--consume', TOPIC, '--group', 'broad-2'],
        { stdout, stderr: new PassThrough() },
      )
      captureForScan(text)
      expect(code).toBe(1)
      expect(text).toContain(`${prefix}:cluster/${name}/*/${TOPIC} is written under cluster/`)
      expect(text).toMatch(/MISSING\s+Metadata needs kafka-cluster:DescribeTopic/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  describe('idempotent producers (kafkajs idempotent: true, and every Java producer by default)', () => {
    const idempotent = { idempotent: true, retry: { retries: 1 } }
    const send = (value: string) =>
      withProducer(kafkaAs(msk, app), idempotent, (p) => p.send({ topic: TOPIC, messages: [{ value }] }))

    test('topic-scoped WriteData without WriteDataIdempotently: CLUSTER_AUTHORIZATION_FAILED at InitProducerId', async () => {
      await grant(tight)
      let error: unknown
      const denied = await denialsDuring(async () => {
        error = await failureOf(send('never'))
      })
      expect(errorTypes(error)).toContain('CLUSTER_AUTHORIZATION_FAILED')
      // One entry: the hardcode probe that follows IDEMPOTENT_WRITE is Kafka's, and the entry explains it.
      expect(denied).toEqual([
        expect.objectContaining({
          api: 'InitProducerId',
          check: 'IDEMPOTENT_WRITE CLUSTER kafka-cluster',
          action: 'kafka-cluster:WriteDataIdempotently',
          resource: msk.clusterArn,
          reason: expect.stringContaining(
            `kafka-cluster:WriteData on ${topicArn('hardcode')} (which WriteData on topic/…/* grants): no statement allows it, nor the fallback (the client sees CLUSTER_AUTHORIZATION_FAILED (31))`,
          ) as unknown,
        }),
      ])
      const explained = explainError(error, { brokers: msk.bootstrapBrokers, topic: TOPIC })
      expect(explained).toMatchObject({
        code: 'AUTHORIZATION_FAILED',
        requiredActions: ['kafka-cluster:WriteDataIdempotently'],
        resourceArn: 'arn:aws:kafka:us-east-1:<account-id>:cluster/my-msk-cluster/<cluster-uuid>',
      })
    })

    test('with WriteDataIdempotently it works', async () => {
      await grant(
        tight,
        policy({ Effect: 'Allow', Action: 'kafka-cluster:WriteDataIdempotently', Resource: msk.clusterArn }),
      )
      const [result] = await send('idempotent-1')
      expect(result?.errorCode).toBe(0)
    })

    test('with WriteData on topic/<cluster>/*/* instead it works: Kafka falls back to the "hardcode" topic', async () => {
      const { prefix, name } = clusterOf(msk)
      await grant(
        tight,
        policy({ Effect: 'Allow', Action: 'kafka-cluster:WriteData', Resource: `${prefix}:topic/${name}/*/*` }),
      )
      const denied = await denialsDuring(async () => {
        const [result] = await send('idempotent-2')
        expect(result?.errorCode).toBe(0)
      })
      // IDEMPOTENT_WRITE was denied, but the client never sees it: no entry.
      expect(denied).toEqual([])
    })

    test('the Java console producer gets the same decisions: not written under tight, written with WriteDataIdempotently', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'authz-java-producer-'))
      try {
        const setup = await javaClientSetup(msk, app, dir)
        const produce = async (line: string) => {
          const result = await runConsoleProducer({ ...setup, topic: TOPIC, lines: [line], timeoutMs: 90_000 })
          captureForScan(result.stdout + result.stderr)
          return result
        }
        await grant(tight)
        const before = await highWatermark()
        const denied = await denialsDuring(() => produce('java-denied'))
        // Kafka 4.3's producer turns the ClusterAuthorizationException into an abortable error, logs it at
        // INFO and exits 0: the record is simply not there.
        expect(await highWatermark()).toBe(before)
        expect(new Set(denied.map((e) => `${e.api} ${e.action}`))).toEqual(
          new Set(['InitProducerId kafka-cluster:WriteDataIdempotently']),
        )

        await grant(
          tight,
          policy({ Effect: 'Allow', Action: 'kafka-cluster:WriteDataIdempotently', Resource: msk.clusterArn }),
        )
        const ok = await produce('java-allowed')
        expect({ code: ok.code, failedSends: ok.failedSends }).toEqual({ code: 0, failedSends: 0 })
        expect(BigInt(await highWatermark())).toBe(BigInt(before) + 1n)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }, 180_000)
  })

  describe('transactional producers', () => {
    const txPolicy = (...actions: string[]) => {
      const { prefix, name } = clusterOf(msk)
      return policy({ Effect: 'Allow', Action: actions, Resource: `${prefix}:transactional-id/${name}/*/orders-tx` })
    }
    const transact = (options: { idempotent?: boolean } = {}) =>
      withProducer(
        kafkaAs(msk, app),
        { transactionalId: 'orders-tx', maxInFlightRequests: 1, retry: { retries: 1 }, ...options },
        async (p) => {
          const transaction = await p.transaction()
          await transaction.send({ topic: TOPIC, messages: [{ value: 'in-a-transaction' }] })
          await transaction.commit()
        },
      )
    const both = ['kafka-cluster:DescribeTransactionalId', 'kafka-cluster:AlterTransactionalId']

    test('need DescribeTransactionalId and AlterTransactionalId', async () => {
      await grant(tight, txPolicy(...both))
      await transact()
    })

    test('without AlterTransactionalId: TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53) at InitProducerId', async () => {
      await grant(tight, txPolicy('kafka-cluster:DescribeTransactionalId'))
      let error: unknown
      const denied = await denialsDuring(async () => {
        error = await failureOf(transact())
      })
      expect(errorTypes(error)).toContain('TRANSACTIONAL_ID_AUTHORIZATION_FAILED')
      expect(denied.map((e) => [e.api, e.check, e.action])).toEqual([
        ['InitProducerId', 'WRITE TRANSACTIONAL_ID orders-tx', 'kafka-cluster:AlterTransactionalId'],
      ])
      expect(explainError(error, { brokers: msk.bootstrapBrokers, transactionalId: 'orders-tx' })).toMatchObject({
        requiredActions: ['kafka-cluster:AlterTransactionalId'],
        resourceArn: 'arn:aws:kafka:us-east-1:<account-id>:transactional-id/my-msk-cluster/<cluster-uuid>/orders-tx',
      })
    })

    test('without DescribeTransactionalId: FindCoordinator is denied (53), which kafkajs reports as "Failed to find group coordinator"', async () => {
      await grant(tight, txPolicy('kafka-cluster:AlterTransactionalId'))
      let error: unknown
      const denied = await denialsDuring(async () => {
        error = await failureOf(transact())
      })
      // kafkajs's BrokerPool.withBroker swallows FindCoordinator's error: only the decision log can tell.
      expect((error as Error).name).toBe('KafkaJSGroupCoordinatorNotFound')
      expect(errorTypes(error)).toEqual([])
      expect(denied.map((e) => [e.api, e.check, e.action])).toEqual([
        ['FindCoordinator', 'DESCRIBE TRANSACTIONAL_ID orders-tx', 'kafka-cluster:DescribeTransactionalId'],
      ])
    })

    test('kafkajs with idempotent: true (its docs say so) also needs WriteDataIdempotently: connect() asks without the transactional id', async () => {
      await grant(tight, txPolicy(...both))
      const error = await failureOf(transact({ idempotent: true }))
      expect(errorTypes(error)).toContain('CLUSTER_AUTHORIZATION_FAILED')
      await grant(
        tight,
        txPolicy(...both),
        policy({ Effect: 'Allow', Action: 'kafka-cluster:WriteDataIdempotently', Resource: msk.clusterArn }),
      )
      await transact({ idempotent: true })
    })
  })
})
