// The decision service's decide function on the evaluator: what is allowed, what a denial says, which
// denials are the client's (and get a log entry) and which are Kafka's quiet probes and filters, what is
// cached, and what record mode allows and records. Kafka's checks are written as the Java authorizer sends
// them (Kafka 4.3's flags, seen in test/integration/authorizer.test.ts).
import { clusterArn, topicArn } from '../../../../src/iam/msk/mskArn.js'
import type { PolicyStatement } from '../../../../src/iam/policy/PolicyDocument.js'
import { denialLogEntry } from '../../../../src/testing/authorization/denialLogEntry.js'
import { iamDecider, type CheckOutcome, type DecidingMode } from '../../../../src/testing/authorization/iamDecider.js'
import { PolicyBook } from '../../../../src/testing/authorization/PolicyBook.js'
import { PolicyRecorder } from '../../../../src/testing/authorization/PolicyRecorder.js'
import type { AuthorizationRequest, DecisionRecord, KafkaAction } from '../../../../src/testing/authorization/types.js'

const cluster = {
  region: 'us-east-1',
  account: '111122223333',
  name: 'orders',
  uuid: 'abcd1234-0123-abcd-5678-1234abcd-1',
}
const P = 'arn:aws:kafka:us-east-1:111122223333'
const KEY = 'AKIAORDERS'
const identity = { accessKeyId: KEY, principalArn: 'arn:aws:iam::111122223333:role/orders' }
const API = { Metadata: 3, InitProducerId: 22, CreateTopics: 19, ListGroups: 16, Produce: 0 } as const

function setup(statements: PolicyStatement[], mode: DecidingMode = 'enforce') {
  const book = new PolicyBook(undefined)
  book.setIdentity({
    ...identity,
    policies: statements.length === 0 ? [] : [{ Version: '2012-10-17', Statement: statements }],
  })
  const recorder = new PolicyRecorder()
  let current = mode
  const decider = iamDecider({
    mode: () => current,
    cluster,
    clusterTags: undefined,
    book,
    recorder,
    now: () => Date.UTC(2026, 0, 1),
  })
  const ask = (api: keyof typeof API, check: string, logIfDenied = true) => {
    const [operation = '', resourceType = '', resourceName = ''] = check.split(' ')
    const action = { operation, resourceType, resourceName, patternType: 'LITERAL', logIfAllowed: true, logIfDenied }
    const request: AuthorizationRequest = {
      connectionId: 'tls-1',
      identity,
      principal: 'msk-iam:e:tls-1',
      context: {
        listenerName: 'IAM_UPSTREAM',
        securityProtocol: 'SASL_PLAINTEXT',
        clientAddress: '127.0.0.1',
        apiKey: API[api],
        apiName: api,
        apiVersion: 1,
        correlationId: 7,
        clientId: 'app',
      },
      action: action as KafkaAction,
    }
    const decision = decider.decide(request)
    const record: DecisionRecord = {
      time: '2026-01-01T00:00:00.000Z',
      authorizer: 'node1-broker-x',
      principal: request.principal,
      connectionId: 'tls-1',
      accessKeyId: KEY,
      principalArn: identity.principalArn,
      ...request.context,
      ...request.action,
      allowed: decision.allowed,
      cacheable: decision.cacheable,
      generation: 1,
      source: 'decided',
      explanation: decision.explanation,
    }
    return { ...decision, outcome: decision.explanation as CheckOutcome, entry: denialLogEntry(record) }
  }
  return { ask, book, recorder, decider, switchTo: (m: DecidingMode) => (current = m) }
}

const connect: PolicyStatement = { Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: `${P}:cluster/orders/*` }
const describeOrders: PolicyStatement = {
  Sid: 'Describe',
  Effect: 'Allow',
  Action: 'kafka-cluster:DescribeTopic',
  Resource: `${P}:topic/orders/*/orders`,
}

describe('iamDecider', () => {
  it('allows what the policies allow, cacheably, and records it', () => {
    const { ask, recorder } = setup([connect, describeOrders])
    expect(ask('Metadata', 'DESCRIBE TOPIC orders')).toMatchObject({ allowed: true, cacheable: true, entry: undefined })
    expect(recorder.policy().Statement).toEqual([
      expect.objectContaining({ Action: ['kafka-cluster:DescribeTopic'], Resource: [`${P}:topic/orders/*/orders`] }),
    ])
  })

  it('a denial the client sees: a log entry with API, check, action, ARN, reason, nearest statement and suggestion', () => {
    const { ask } = setup([connect, describeOrders])
    const { allowed, cacheable, entry } = ask('Produce', 'WRITE TOPIC orders')
    expect({ allowed, cacheable }).toEqual({ allowed: false, cacheable: true })
    expect(entry).toEqual({
      event: 'authorize',
      outcome: 'denied',
      connectionId: 'tls-1',
      principal: identity.principalArn,
      accessKeyId: KEY,
      clientId: 'app',
      api: 'Produce',
      check: 'WRITE TOPIC orders',
      action: 'kafka-cluster:WriteData',
      resource: topicArn(cluster, 'orders'),
      decision: 'ImplicitDeny',
      reason: expect.stringMatching(
        /^Produce needs kafka-cluster:WriteData on .*: no statement allows it \(the client sees TOPIC_AUTHORIZATION_FAILED/,
      ) as unknown,
      explanation: [
        `statement "Describe" of the identity policy of ${KEY} almost matches; it lacks the action kafka-cluster:WriteData (it has kafka-cluster:DescribeTopic)`,
      ],
      suggestion: {
        policy: 'identity',
        statement: { Effect: 'Allow', Action: 'kafka-cluster:WriteData', Resource: topicArn(cluster, 'orders') },
      },
    })
  })

  it("Kafka's quiet checks (filters and probes) get no entry and are not cached; nor are their allowed answers", () => {
    const { ask } = setup([connect, describeOrders])
    // Metadata for all topics filters; CREATE CLUSTER is the probe before CREATE TOPIC.
    for (const [api, check] of [
      ['Metadata', 'DESCRIBE TOPIC hidden'],
      ['CreateTopics', 'CREATE CLUSTER kafka-cluster'],
      ['CreateTopics', 'DESCRIBE_CONFIGS TOPIC orders'],
    ] as const) {
      expect(ask(api, check, false)).toMatchObject({ allowed: false, cacheable: false, entry: undefined })
    }
    // Allowed quietly: asked again when the same check comes for real, so that it is logged or recorded.
    expect(ask('Metadata', 'DESCRIBE TOPIC orders', false)).toMatchObject({ allowed: true, cacheable: false })
  })

  it('ListGroups: per-group checks only filter the list, even when Kafka asks them loudly', () => {
    const { ask } = setup([connect])
    expect(ask('ListGroups', 'DESCRIBE GROUP other', true)).toMatchObject({ allowed: false, entry: undefined })
  })

  it("CreateTopics' quiet DESCRIBE TOPIC is a need: an existing topic is 29 without it", () => {
    const { ask } = setup([connect])
    const { entry, cacheable } = ask('CreateTopics', 'DESCRIBE TOPIC orders', false)
    expect(cacheable).toBe(true)
    expect(entry).toMatchObject({ api: 'CreateTopics', action: 'kafka-cluster:DescribeTopic' })
  })

  describe('IDEMPOTENT_WRITE (asked quietly by Kafka 4.3, then the hardcode probe)', () => {
    const writeOrders: PolicyStatement = {
      Effect: 'Allow',
      Action: 'kafka-cluster:WriteData',
      Resource: `${P}:topic/orders/*/orders`,
    }

    it('with topic-scoped WriteData: one entry, naming both WriteDataIdempotently and the hardcode fallback', () => {
      const { ask } = setup([connect, writeOrders])
      const { entry } = ask('InitProducerId', 'IDEMPOTENT_WRITE CLUSTER kafka-cluster', false)
      expect(entry).toMatchObject({
        api: 'InitProducerId',
        action: 'kafka-cluster:WriteDataIdempotently',
        resource: clusterArn(cluster),
        reason: expect.stringContaining(
          `or, Kafka's fallback for idempotent producers, kafka-cluster:WriteData on ${topicArn(cluster, 'hardcode')}`,
        ) as unknown,
      })
      expect(entry?.reason).toMatch(/\(the client sees CLUSTER_AUTHORIZATION_FAILED \(31\)\)$/)
      expect(ask('InitProducerId', 'WRITE TOPIC hardcode', false).entry).toBeUndefined()
    })

    it('with WriteData on topic/…/*: denied but quiet, the fallback grants it', () => {
      const { ask } = setup([connect, { ...writeOrders, Resource: `${P}:topic/orders/*/*` }])
      expect(ask('InitProducerId', 'IDEMPOTENT_WRITE CLUSTER kafka-cluster', false)).toMatchObject({
        allowed: false,
        entry: undefined,
      })
      expect(ask('InitProducerId', 'WRITE TOPIC hardcode', false).allowed).toBe(true)
    })

    it('allowed, it is recorded as a need', () => {
      const { ask, recorder } = setup([connect, { Effect: 'Allow', Action: 'kafka-cluster:*', Resource: `${P}:*` }])
      expect(ask('InitProducerId', 'IDEMPOTENT_WRITE CLUSTER kafka-cluster', false)).toMatchObject({
        allowed: true,
        cacheable: true,
      })
      expect(JSON.stringify(recorder.policy())).toContain('kafka-cluster:WriteDataIdempotently')
    })
  })

  it('a check MSK has no IAM action for is denied, saying so (NoIamAction)', () => {
    const { ask } = setup([{ Effect: 'Allow', Action: 'kafka-cluster:*', Resource: '*' }])
    expect(ask('Metadata', 'CLUSTER_ACTION CLUSTER kafka-cluster').entry).toMatchObject({
      decision: 'NoIamAction',
      action: undefined,
      reason: expect.stringContaining('internal cluster actions are not supported under IAM') as unknown,
    })
  })

  it('an access key the emulator no longer knows (removeIdentity) is denied everything, saying so', () => {
    const { ask, book } = setup([connect, describeOrders])
    expect(ask('Metadata', 'DESCRIBE TOPIC orders').allowed).toBe(true)
    book.removeIdentity(KEY)
    expect(ask('Metadata', 'DESCRIBE TOPIC orders').entry).toMatchObject({
      reason: `the emulator no longer knows access key ${KEY}: every request is denied`,
    })
  })

  describe('record mode', () => {
    it('allows every check with an IAM action and records only the real needs', () => {
      const { ask, recorder } = setup([], 'record')
      expect(ask('Metadata', 'DESCRIBE TOPIC orders').allowed).toBe(true)
      expect(ask('Produce', 'WRITE TOPIC orders').allowed).toBe(true)
      expect(ask('Metadata', 'DESCRIBE TOPIC __consumer_offsets', false).allowed).toBe(true)
      expect(recorder.policy()).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Topics',
            Effect: 'Allow',
            Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
            Resource: [`${P}:topic/orders/*/orders`],
          },
        ],
      })
    })

    it('keeps checks without an IAM action denied, so that Kafka falls back from CREATE CLUSTER to CREATE TOPIC', () => {
      const { ask, recorder } = setup([], 'record')
      expect(ask('CreateTopics', 'CREATE CLUSTER kafka-cluster', false)).toMatchObject({
        allowed: false,
        entry: undefined,
      })
      expect(ask('CreateTopics', 'CREATE TOPIC orders').allowed).toBe(true)
      expect(JSON.stringify(recorder.policy())).toContain('kafka-cluster:CreateTopic')
    })

    it('Connect is recorded at SaslAuthenticate', () => {
      const { decider, recorder } = setup([], 'record')
      expect(decider.decideConnect({ accessKeyId: KEY }).allowed).toBe(true)
      expect(recorder.policy().Statement).toEqual([
        { Sid: 'Cluster', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: [`${P}:cluster/orders/*`] },
      ])
    })

    it('switches to enforce at once: the mode is read on every decision', () => {
      const { ask, switchTo } = setup([connect], 'record')
      expect(ask('Produce', 'WRITE TOPIC orders').allowed).toBe(true)
      switchTo('enforce')
      expect(ask('Produce', 'WRITE TOPIC orders').allowed).toBe(false)
    })
  })

  it('Connect: denied with the reason and the statement to add', () => {
    const { decider } = setup([describeOrders])
    const { allowed, outcome } = decider.decideConnect({ accessKeyId: KEY })
    expect(allowed).toBe(false)
    expect(outcome).toMatchObject({
      api: 'SaslAuthenticate',
      action: 'kafka-cluster:Connect',
      resource: clusterArn(cluster),
      reason: expect.stringMatching(
        /^SaslAuthenticate needs kafka-cluster:Connect on .*: no statement allows it/,
      ) as unknown,
    })
    expect(outcome.explanation?.suggestion?.statement).toEqual({
      Effect: 'Allow',
      Action: 'kafka-cluster:Connect',
      Resource: clusterArn(cluster),
    })
  })
})

describe('denialLogEntry: denials without an evaluator decision', () => {
  const base = {
    time: '2026-01-01T00:00:00.000Z',
    authorizer: 'a',
    principal: 'msk-iam:e:gone',
    connectionId: 'gone',
    accessKeyId: undefined,
    principalArn: undefined,
    apiKey: 3,
    apiName: 'Metadata',
    apiVersion: 12,
    correlationId: 1,
    clientId: null,
    listenerName: 'IAM_UPSTREAM',
    operation: 'DESCRIBE',
    resourceType: 'TOPIC',
    resourceName: 'orders',
    patternType: 'LITERAL',
    logIfAllowed: true,
    logIfDenied: true,
    allowed: false,
    cacheable: false,
    generation: 1,
  } as const

  it('a connection that closed (its upstream still asked): UnknownConnection', () => {
    expect(denialLogEntry({ ...base, source: 'unknown-connection' })).toMatchObject({
      decision: 'UnknownConnection',
      api: 'Metadata',
      check: 'DESCRIBE TOPIC orders',
      reason: expect.stringContaining('not bound to an identity') as unknown,
    })
  })

  it('nothing for an allowed check, nor for a quiet one', () => {
    expect(denialLogEntry({ ...base, source: 'decided', allowed: true })).toBeUndefined()
    expect(denialLogEntry({ ...base, source: 'unknown-connection', logIfDenied: false })).toBeUndefined()
  })
})
