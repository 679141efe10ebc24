// Record mode round trip on a real local MSK: a producer + consumer + admin workload runs with everything
// allowed and the cluster writes the least-privilege policy for it; fed back in enforcing mode the same
// workload passes, and with any one action removed it fails. One broker, one cluster: the mode switches at
// run time (setAuthorizationMode).
import type { PolicyDocument, PolicyStatement } from '../../src/iam/policy/PolicyDocument.js'
import type { LocalMsk } from '../../src/testing/local/types.js'
import { startLocalMsk } from '../../src/testing/startLocalMsk.js'
import {
  clusterOf,
  consumeInGroup,
  DecisionLog,
  kafkaAs,
  newIdentity,
  role,
  withAdmin,
  withoutAction,
  withProducer,
} from '../helpers/authorizationHelpers.js'

const TOPIC = 'recorded-orders'
const GROUP = 'recorded-billing'

describe('record mode: the least-privilege policy for a workload', () => {
  let msk: LocalMsk
  let recorded: PolicyDocument
  const log = new DecisionLog()
  const app = newIdentity(role('orders'))

  beforeAll(async () => {
    msk = await startLocalMsk({ brokers: 1, clusterName: 'orders-cluster', identities: [app], authorization: 'record' })
    msk.emulator.setOptions({ log: log.sink, connectionLimits: undefined })
  }, 180_000)
  afterAll(async () => {
    await msk?.close()
  })

  /**
   * The workload: an admin creates the topic (again: an existing topic is fine), an idempotent producer
   * sends, a group consumer reads and commits, the admin finds the group in the list and describes it.
   */
  async function workload(): Promise<void> {
    const kafka = kafkaAs(msk, app)
    await withAdmin(kafka, (a) => a.createTopics({ topics: [{ topic: TOPIC }], waitForLeaders: true }))
    await withProducer(kafka, { idempotent: true, retry: { retries: 1 } }, (p) =>
      p.send({ topic: TOPIC, messages: [{ value: `v${Date.now()}` }] }),
    )
    await consumeInGroup(kafka, TOPIC, GROUP, 1)
    await withAdmin(kafka, async (a) => {
      const { groups } = await a.listGroups()
      if (!groups.some((g) => g.groupId === GROUP)) throw new Error(`${GROUP} is not listed`)
      // kafkajs throws for a group whose description was denied.
      const [described] = (await a.describeGroups([GROUP])).groups
      if (described?.groupId !== GROUP) throw new Error(`${GROUP} is not described`)
    })
  }

  test('record: everything passes, and the policy has exact actions on UUID-wildcarded ARNs', async () => {
    expect(msk.authorization).toBe('record')
    await workload()
    recorded = msk.recordedPolicy(app.accessKeyId)
    const { prefix, name } = clusterOf(msk)
    expect(recorded).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Cluster',
          Effect: 'Allow',
          Action: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'],
          Resource: [`${prefix}:cluster/${name}/*`],
        },
        {
          Sid: 'Topics',
          Effect: 'Allow',
          Action: [
            'kafka-cluster:CreateTopic',
            'kafka-cluster:DescribeTopic',
            'kafka-cluster:ReadData',
            'kafka-cluster:WriteData',
          ],
          Resource: [`${prefix}:topic/${name}/*/${TOPIC}`],
        },
        {
          Sid: 'Groups',
          Effect: 'Allow',
          Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
          Resource: [`${prefix}:group/${name}/*/${GROUP}`],
        },
      ],
    })
    // All of it, of every identity, is the same here: one identity ran.
    expect(msk.recordedPolicy()).toEqual(recorded)
    expect(DecisionLog.denials(log.entries)).toEqual([])
  })

  test('enforced, the recorded policy lets the same workload pass', async () => {
    await msk.emulator.setPolicies(app.accessKeyId, [recorded])
    await msk.emulator.setAuthorizationMode('enforce')
    expect(msk.authorization).toBe('enforce')
    await workload()
  })

  test('with any one action removed, the workload fails (minimality)', async () => {
    const statements = recorded.Statement as PolicyStatement[]
    const actions = statements.flatMap((s) => [s.Action ?? []].flat())
    const outcomes: Array<{ action: string; failed: boolean }> = []
    for (const action of actions) {
      await msk.emulator.setPolicies(app.accessKeyId, [withoutAction(recorded, action)])
      const entries = log.mark()
      const failed = await workload().then(
        () => false,
        () => true,
      )
      outcomes.push({ action, failed })
      // The denial that failed it names the removed action.
      if (failed) expect(DecisionLog.denials(entries()).map((e) => e.action)).toContain(action)
    }
    expect(outcomes).toEqual(actions.map((action) => ({ action, failed: true })))
  }, 180_000)
})
