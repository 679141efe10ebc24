// IAM's rules end to end on a local MSK: explicit Deny over Allow, NotAction/NotResource, `*Topic` vs
// `*Topic*`, the cross-account rule (cluster policy and identity policy both), a Deny on the condition key
// that does not exist, the admin operations' actions, and a policy change reaching a live connection.
// The evaluator's table tests cover the logic; these prove the wiring with a few real requests each.
// One broker, one cluster for the file: policies change between tests at run time.
import { AclResourceTypes, ConfigResourceTypes } from 'kafkajs'
import { isMskIamError } from '../../src/errors.js'
import type { PolicyDocument, PolicyStatement } from '../../src/iam/policy/PolicyDocument.js'
import type { LocalMsk } from '../../src/testing/local/types.js'
import { startLocalMsk } from '../../src/testing/startLocalMsk.js'
import type { AuthorizedIdentity, EmulatorLogEntry } from '../../src/testing/types.js'
import {
  clusterOf,
  consumeInGroup,
  DecisionLog,
  errorTypes,
  failureOf,
  kafkaAs,
  newIdentity,
  policy,
  role,
  withAdmin,
  withProducer,
} from '../helpers/authorizationHelpers.js'

const PARTNER_ACCOUNT = '444455556666'

describe('local MSK authorization: IAM rules through real requests', () => {
  let msk: LocalMsk
  let arn: { cluster: string; topic: (t: string) => string; group: (g: string) => string; all: string[] }
  const log = new DecisionLog()
  const admin = newIdentity(role('admin'))
  const app = newIdentity(role('orders'), [])
  const partner = newIdentity(`arn:aws:sts::${PARTNER_ACCOUNT}:assumed-role/partner/s1`, [])

  beforeAll(async () => {
    msk = await startLocalMsk({ brokers: 1, clusterName: 'orders-cluster', identities: [admin, app, partner] })
    // Many short-lived clients, one after the other: MSK's 20 new connections/s per broker is not the subject.
    msk.emulator.setOptions({ log: log.sink, connectionLimits: undefined })
    const { prefix, name, uuid } = clusterOf(msk)
    arn = {
      cluster: msk.clusterArn,
      topic: (t) => `${prefix}:topic/${name}/${uuid}/${t}`,
      group: (g) => `${prefix}:group/${name}/${uuid}/${g}`,
      all: ['cluster', 'topic', 'group', 'transactional-id'].map((t) => `${prefix}:${t}/${name}/*`),
    }
    await msk.emulator.setPolicies(admin.accessKeyId, [
      policy({ Effect: 'Allow', Action: 'kafka-cluster:*', Resource: arn.all }),
    ])
    const kafka = kafkaAs(msk, admin)
    await withAdmin(kafka, (a) =>
      a.createTopics({ topics: ['orders', 'public', 'secret'].map((topic) => ({ topic })), waitForLeaders: true }),
    )
    await withProducer(kafka, {}, (p) => p.send({ topic: 'orders', messages: [{ value: 'o1' }] }))
  }, 180_000)
  afterAll(async () => {
    await msk?.close()
  })

  const grant = (identity: AuthorizedIdentity, ...statements: PolicyStatement[]): Promise<void> =>
    msk.emulator.setPolicies(identity.accessKeyId, statements.length === 0 ? [] : [policy(...statements)])
  const during = async (run: () => Promise<unknown>): Promise<EmulatorLogEntry[]> => {
    const entries = log.mark()
    await run()
    return DecisionLog.denials(entries())
  }
  const produce = (identity: AuthorizedIdentity, topic: string) =>
    withProducer(kafkaAs(msk, identity), {}, (p) => p.send({ topic, messages: [{ value: 'x' }] }))
  const connect = { Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: 'arn:aws:kafka:*' } as const

  test('an explicit Deny wins over an Allow, and the log names the statement', async () => {
    await grant(
      app,
      { Sid: 'Everything', Effect: 'Allow', Action: 'kafka-cluster:*', Resource: arn.all },
      { Sid: 'NoOrdersWrites', Effect: 'Deny', Action: 'kafka-cluster:WriteData', Resource: arn.topic('orders') },
    )
    await produce(app, 'public')
    let error: unknown
    const denied = await during(async () => {
      error = await failureOf(produce(app, 'orders'))
    })
    expect(errorTypes(error)).toContain('TOPIC_AUTHORIZATION_FAILED')
    expect(denied).toEqual([
      expect.objectContaining({
        api: 'Produce',
        action: 'kafka-cluster:WriteData',
        resource: arn.topic('orders'),
        decision: 'ExplicitDeny',
        reason: expect.stringContaining(
          `explicitly denied by statement "NoOrdersWrites" of the identity policy of ${app.accessKeyId}`,
        ) as unknown,
      }),
    ])
  })

  test('NotAction: everything but WriteData', async () => {
    await grant(app, { Effect: 'Allow', NotAction: 'kafka-cluster:WriteData', Resource: arn.all })
    await withAdmin(kafkaAs(msk, app), (a) => a.fetchTopicMetadata({ topics: ['orders'] }))
    const denied = await during(async () => {
      expect(errorTypes(await failureOf(produce(app, 'orders')))).toContain('TOPIC_AUTHORIZATION_FAILED')
    })
    expect(denied.map((e) => [e.api, e.action, e.explanation])).toEqual([
      [
        'Produce',
        'kafka-cluster:WriteData',
        [expect.stringContaining('its NotAction excludes kafka-cluster:WriteData')],
      ],
    ])
  })

  test('NotResource: every topic but secret', async () => {
    await grant(app, connect, {
      Effect: 'Allow',
      Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      NotResource: arn.topic('secret'),
    })
    await produce(app, 'public')
    const denied = await during(async () => {
      expect(errorTypes(await failureOf(produce(app, 'secret')))).toContain('TOPIC_AUTHORIZATION_FAILED')
    })
    expect(denied.map((e) => [e.api, e.action, e.resource])).toEqual([
      ['Metadata', 'kafka-cluster:DescribeTopic', arn.topic('secret')],
    ])
  })

  test('kafka-cluster:*Topic covers DescribeTopic but not DescribeTopicDynamicConfiguration; *Topic* covers both', async () => {
    const describeConfigs = (kafka: ReturnType<typeof kafkaAs>) =>
      withAdmin(kafka, (a) =>
        a.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: 'orders' }], includeSynonyms: false }),
      )
    await grant(app, connect, { Effect: 'Allow', Action: 'kafka-cluster:*Topic', Resource: arn.topic('*') })
    await withAdmin(kafkaAs(msk, app), (a) => a.fetchTopicMetadata({ topics: ['orders'] }))
    const denied = await during(async () => {
      expect(errorTypes(await failureOf(describeConfigs(kafkaAs(msk, app))))).toContain('TOPIC_AUTHORIZATION_FAILED')
    })
    expect(denied.map((e) => [e.api, e.action])).toEqual([
      ['DescribeConfigs', 'kafka-cluster:DescribeTopicDynamicConfiguration'],
    ])
    await grant(app, connect, { Effect: 'Allow', Action: 'kafka-cluster:*Topic*', Resource: arn.topic('*') })
    const described = await describeConfigs(kafkaAs(msk, app))
    expect(described.resources[0]?.errorCode).toBe(0)
  })

  describe('a principal of another account', () => {
    const everything = { Effect: 'Allow', Action: 'kafka-cluster:*', Resource: arn?.all ?? [] } as const
    const clusterPolicy = (): PolicyDocument =>
      policy({ Effect: 'Allow', Principal: { AWS: PARTNER_ACCOUNT }, Action: 'kafka-cluster:*', Resource: arn.all })
    const connectAs = async (identity: AuthorizedIdentity) =>
      withAdmin(kafkaAs(msk, identity), (a) => a.fetchTopicMetadata({ topics: ['orders'] }))

    afterAll(async () => {
      await msk.emulator.setClusterPolicy(undefined)
    })

    test('with only its own identity policy: Connect is denied at SaslAuthenticate, [request-id]: Access denied', async () => {
      await grant(partner, { ...everything, Resource: arn.all })
      let error: unknown
      const denied = await during(async () => {
        error = await failureOf(connectAs(partner))
      })
      // awsMskIam turns MSK's `[<request-id>]: Access denied` into its ACCESS_DENIED, with the same request-id.
      expect(isMskIamError(error) && error.code).toBe('ACCESS_DENIED')
      expect(denied[0]).toMatchObject({
        requestId: (error as { requestId?: string }).requestId,
        event: 'authenticate',
        reason: 'Access denied',
        api: 'SaslAuthenticate',
        action: 'kafka-cluster:Connect',
        resource: arn.cluster,
        decision: 'ImplicitDeny',
        detail: expect.stringContaining(
          'the identity policy allows it, but the cluster has no cluster policy; a principal of another account needs both',
        ) as unknown,
        suggestion: {
          policy: 'cluster',
          statement: expect.objectContaining({ Principal: expect.anything() as unknown }) as unknown,
        },
      })
    })

    test('with the cluster policy too: it works', async () => {
      await grant(partner, { ...everything, Resource: arn.all })
      await msk.emulator.setClusterPolicy(clusterPolicy())
      await connectAs(partner)
    })

    test('with the cluster policy only: denied again', async () => {
      await msk.emulator.setClusterPolicy(clusterPolicy())
      await grant(partner)
      const error = await failureOf(connectAs(partner))
      expect(isMskIamError(error) && error.code).toBe('ACCESS_DENIED')
    })
  })

  test('a Deny on kafka-cluster:topicName (a key MSK never sets) denies everything, Connect first', async () => {
    await grant(
      app,
      { Effect: 'Allow', Action: 'kafka-cluster:*', Resource: arn.all },
      {
        Sid: 'OnlyOrdersTopics',
        Effect: 'Deny',
        Action: 'kafka-cluster:*',
        Resource: '*',
        Condition: { StringNotLike: { 'kafka-cluster:topicName': 'orders*' } },
      },
    )
    let error: unknown
    const denied = await during(async () => {
      error = await failureOf(produce(app, 'orders'))
    })
    expect(isMskIamError(error) && error.code).toBe('ACCESS_DENIED')
    expect(denied[0]).toMatchObject({
      event: 'authenticate',
      action: 'kafka-cluster:Connect',
      decision: 'ExplicitDeny',
      detail: expect.stringContaining('explicitly denied by statement "OnlyOrdersTopics"') as unknown,
      explanation: [
        'its condition StringNotLike kafka-cluster:topicName ["orders*"] holds because kafka-cluster:topicName is absent: MSK never sets this key',
      ],
    })
  })

  describe('admin operations need their documented action', () => {
    // What a kafkajs admin needs around the operation itself: Connect, and Metadata on the topics.
    const base = (...actions: string[]): PolicyStatement[] => [
      connect,
      {
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeGroup', ...actions],
        Resource: [arn.topic('*'), arn.group('*')],
      },
    ]
    const cases: Array<{
      name: string
      action: string
      api: string
      type: string
      run: (kafka: ReturnType<typeof kafkaAs>) => Promise<unknown>
    }> = [
      {
        name: 'create a topic',
        action: 'kafka-cluster:CreateTopic',
        api: 'CreateTopics',
        type: 'TOPIC_AUTHORIZATION_FAILED',
        run: (kafka) => withAdmin(kafka, (a) => a.createTopics({ topics: [{ topic: 'made-by-app' }] })),
      },
      {
        name: 'alter its configuration',
        action: 'kafka-cluster:AlterTopicDynamicConfiguration',
        api: 'AlterConfigs',
        type: 'TOPIC_AUTHORIZATION_FAILED',
        run: (kafka) =>
          withAdmin(kafka, (a) =>
            a.alterConfigs({
              validateOnly: false,
              resources: [
                {
                  type: ConfigResourceTypes.TOPIC,
                  name: 'made-by-app',
                  configEntries: [{ name: 'retention.ms', value: '3600000' }],
                },
              ],
            }),
          ),
      },
      {
        name: 'delete it',
        action: 'kafka-cluster:DeleteTopic',
        api: 'DeleteTopics',
        type: 'TOPIC_AUTHORIZATION_FAILED',
        run: (kafka) => withAdmin(kafka, (a) => a.deleteTopics({ topics: ['made-by-app'] })),
      },
      {
        name: 'delete a group',
        action: 'kafka-cluster:DeleteGroup',
        api: 'DeleteGroups',
        type: 'GROUP_AUTHORIZATION_FAILED',
        run: (kafka) => withAdmin(kafka, (a) => a.deleteGroups(['billing'])),
      },
    ]

    beforeAll(async () => {
      // An empty group to delete.
      await consumeInGroup(kafkaAs(msk, admin), 'orders', 'billing', 1)
    })

    test.each(cases)('$name: $action', async ({ action, api, type, run }) => {
      await grant(app, ...base())
      let error: unknown
      const denied = await during(async () => {
        error = await failureOf(run(kafkaAs(msk, app)))
      })
      expect(errorTypes(error)).toContain(type)
      expect(denied.map((e) => [e.api, e.action])).toEqual([[api, action]])
      await grant(app, ...base(action))
      await run(kafkaAs(msk, app))
    })

    test('ACLs are not IAM: CreateAcls is refused whatever the policy', async () => {
      await grant(app, { Effect: 'Allow', Action: 'kafka-cluster:*', Resource: arn.all })
      const error = await failureOf(
        withAdmin(kafkaAs(msk, app), (a) =>
          a.createAcls({
            acl: [
              {
                resourceType: AclResourceTypes.TOPIC,
                resourceName: 'orders',
                resourcePatternType: 3,
                principal: 'User:alice',
                host: '*',
                operation: 3,
                permissionType: 3,
              },
            ],
          }),
        ),
      )
      expect(errorTypes(error)).toContain('INVALID_REQUEST')
    })
  })

  test('a policy change reaches a live connection: denied after allowed, and allowed again', async () => {
    const allow = (): Promise<void> =>
      grant(app, connect, {
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        Resource: arn.topic('orders'),
      })
    await allow()
    await withProducer(kafkaAs(msk, app), {}, async (producer) => {
      const send = () => producer.send({ topic: 'orders', messages: [{ value: 'live' }] })
      await send()
      const opened = msk.emulator.stats().connectionsOpened
      await grant(app, connect, {
        Effect: 'Allow',
        Action: 'kafka-cluster:DescribeTopic',
        Resource: arn.topic('orders'),
      })
      const denied = await during(async () => {
        expect(errorTypes(await failureOf(send()))).toContain('TOPIC_AUTHORIZATION_FAILED')
      })
      expect(denied.map((e) => [e.api, e.action])).toEqual([['Produce', 'kafka-cluster:WriteData']])
      await allow()
      await send()
      // The same connections all along: only the invalidation can have changed the answers.
      expect(msk.emulator.stats().connectionsOpened).toBe(opened)
    })
  })
})
