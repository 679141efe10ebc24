// Kafka's own authorization checks, answered by the decision service: a real Kafka 4.3 node (combined
// broker + controller) with the Java MskIamAuthorizer and an IAM_UPSTREAM SASL_PLAINTEXT listener; real
// kafkajs clients log in there with the emulator's unsecured OAUTHBEARER token (a real client against
// Kafka's real checks), and a table decides in place of the IAM evaluator. This file starts its own
// broker (the shared one has no authorizer) and stops it by PID.
import { readFile } from 'node:fs/promises'
import net from 'node:net'
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  ResourcePatternTypes,
  logLevel,
  type Admin,
  type KafkaConfig,
} from 'kafkajs'
import { MskIamError } from '../../src/errors.js'
import { FrameReader } from '../../src/protocol/FrameReader.js'
import { authenticateUpstream } from '../../src/testing/authorization/authenticateUpstream.js'
import {
  UPSTREAM_LISTENER,
  authorizerServerProperties,
} from '../../src/testing/authorization/authorizerServerProperties.js'
import { ensureAuthorizerJar } from '../../src/testing/authorization/ensureAuthorizerJar.js'
import { startDecisionService, type DecisionService } from '../../src/testing/authorization/startDecisionService.js'
import type { AuthorizationRequest, Decision, DecisionRecord } from '../../src/testing/authorization/types.js'
import { mintUnsecuredJwt } from '../../src/testing/authorization/unsecuredJwt.js'
import { KAFKA_VERSION } from '../../src/testing/kafka/constants.js'
import { errorTypes, withAdmin } from '../helpers/authorizationHelpers.js'
import { runJavaClient } from '../helpers/javaClients.js'
import { startKafkaCluster, type KafkaCluster, type KafkaNode } from '../../src/testing/kafka/startKafkaCluster.js'
import { isAlive } from '../../src/testing/kafka/processes.js'

const AUTHORIZER_TIMEOUT_MS = 2000
const IDENTITY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', principalArn: 'arn:aws:iam::111122223333:role/orders' }

/** The stub evaluator: allowed "OPERATION RESOURCE_TYPE name" keys, and how often each key was asked. */
class Table {
  readonly allowed = new Set<string>()
  readonly uncacheable = new Set<string>()
  private readonly asked = new Map<string, number>()

  decide = (request: AuthorizationRequest): Decision => {
    const key = keyOf(request.action)
    this.asked.set(key, this.count(key) + 1)
    return { allowed: this.allowed.has(key), cacheable: !this.uncacheable.has(key), explanation: `table: ${key}` }
  }

  count(key: string): number {
    return this.asked.get(key) ?? 0
  }
}

const keyOf = (a: { operation: string; resourceType: string; resourceName: string }): string =>
  `${a.operation} ${a.resourceType} ${a.resourceName}`

let table: Table
let records: DecisionRecord[]
let service: DecisionService
let cluster: KafkaCluster
let broker: KafkaNode
let plainAdmin: Admin
let connections = 0

const upstreamPort = (): number => broker.ports[UPSTREAM_LISTENER.name]!

beforeAll(async () => {
  table = new Table()
  records = []
  const jar = await ensureAuthorizerJar({ kafkaVersion: KAFKA_VERSION })
  service = await startDecisionService({ decide: table.decide, onDecision: (r) => records.push(r), emulatorId: 'e2e' })
  cluster = await startKafkaCluster({
    brokers: 1,
    listeners: [UPSTREAM_LISTENER],
    classpath: [jar],
    properties: authorizerServerProperties({ serviceUrl: service.url, requestTimeoutMs: AUTHORIZER_TIMEOUT_MS }),
  })
  broker = cluster.nodes[0]!
  plainAdmin = new Kafka({ clientId: 'plain-admin', brokers: [cluster.bootstrap], logLevel: logLevel.NOTHING }).admin()
  await plainAdmin.connect()
  await plainAdmin.createTopics({
    topics: ['visible', 'hidden', 'readonly', 'orders'].map((topic) => ({ topic })),
    waitForLeaders: true,
  })
}, 240_000)

afterAll(async () => {
  await plainAdmin?.disconnect()
  await cluster?.close()
  await service?.close()
})

/** A fresh emulator connection bound to IDENTITY, and a kafkajs client logged in as it on the upstream listener. */
function iamClient(overrides: Partial<KafkaConfig> = {}, bind = true): { kafka: Kafka; principal: string } {
  const connectionId = `test-${++connections}`
  if (bind) service.bindConnection(connectionId, IDENTITY)
  const principal = service.principalFor(connectionId)
  const kafka = new Kafka({
    clientId: 'authorizer-test',
    brokers: [`127.0.0.1:${upstreamPort()}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    sasl: {
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => ({ value: mintUnsecuredJwt({ sub: principal, issuedAtMs: Date.now() }) }),
    },
    ...overrides,
  })
  return { kafka, principal }
}

async function failure(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise
  } catch (err) {
    return errorTypes(err)
  }
  throw new Error('expected a failure')
}

/** The decisions made for `principal`, as "Api OPERATION TYPE name allowed". */
const decisionsOf = (principal: string, from = 0): string[] =>
  records
    .slice(from)
    .filter((r) => r.principal === principal)
    .map((r) => `${r.apiName} ${keyOf(r)} ${r.allowed}`)

describe('Kafka checks, decided by the service', () => {
  it('Metadata for all topics silently omits a topic the principal may not describe', async () => {
    table.allowed.add('DESCRIBE TOPIC visible')
    const { kafka, principal } = iamClient()
    const topics = await withAdmin(kafka, (admin) => admin.listTopics())
    expect(topics).toContain('visible')
    expect(topics).not.toContain('hidden')
    const hidden = records.find((r) => r.principal === principal && keyOf(r) === 'DESCRIBE TOPIC hidden')
    // A filter, not a failure: Kafka asks without logIfDenied, and the record carries the request's context.
    expect(hidden).toMatchObject({
      apiName: 'Metadata',
      apiKey: 3,
      allowed: false,
      logIfDenied: false,
      listenerName: UPSTREAM_LISTENER.name,
      connectionId: principal.split(':')[2],
      accessKeyId: IDENTITY.accessKeyId,
      principalArn: IDENTITY.principalArn,
      source: 'decided',
      explanation: 'table: DESCRIBE TOPIC hidden',
    })
  })

  it('Metadata for a named topic it may not describe fails with TOPIC_AUTHORIZATION_FAILED (29)', async () => {
    const { kafka } = iamClient()
    const types = await withAdmin(kafka, (admin) => failure(admin.fetchTopicMetadata({ topics: ['hidden'] })))
    expect(types).toContain('TOPIC_AUTHORIZATION_FAILED')
  })

  it('Produce without WRITE fails with TOPIC_AUTHORIZATION_FAILED (29), after a Metadata that passed', async () => {
    table.allowed.add('DESCRIBE TOPIC readonly')
    const { kafka, principal } = iamClient()
    const producer = kafka.producer({ allowAutoTopicCreation: false })
    await producer.connect()
    try {
      const types = await failure(producer.send({ topic: 'readonly', messages: [{ value: 'x' }], acks: -1 }))
      expect(types).toContain('TOPIC_AUTHORIZATION_FAILED')
    } finally {
      await producer.disconnect()
    }
    expect(decisionsOf(principal)).toEqual(
      expect.arrayContaining(['Metadata DESCRIBE TOPIC readonly true', 'Produce WRITE TOPIC readonly false']),
    )
  })

  it('a group join without READ on the group fails with GROUP_AUTHORIZATION_FAILED (30)', async () => {
    table.allowed.add('DESCRIBE GROUP no-join')
    table.allowed.add('READ TOPIC visible')
    const { kafka, principal } = iamClient()
    const consumer = kafka.consumer({ groupId: 'no-join', retry: { retries: 0, restartOnFailure: async () => false } })
    const crashed = new Promise<unknown>((resolve) =>
      consumer.on(consumer.events.CRASH, (event) => resolve(event.payload.error)),
    )
    await consumer.connect()
    try {
      await consumer.subscribe({ topic: 'visible', fromBeginning: true })
      await consumer.run({ eachMessage: async () => undefined })
      expect(errorTypes(await crashed)).toContain('GROUP_AUTHORIZATION_FAILED')
    } finally {
      await consumer.disconnect()
    }
    expect(decisionsOf(principal)).toEqual(
      expect.arrayContaining(['FindCoordinator DESCRIBE GROUP no-join true', 'JoinGroup READ GROUP no-join false']),
    )
  })

  it('an idempotent producer with WRITE on its topic only fails with CLUSTER_AUTHORIZATION_FAILED (31): the hardcode probe', async () => {
    table.allowed.add('DESCRIBE TOPIC orders')
    table.allowed.add('WRITE TOPIC orders')
    const first = iamClient()
    const denied = first.kafka.producer({ idempotent: true, retry: { retries: 1 } })
    const types = await failure(denied.connect())
    await denied.disconnect()
    expect(types).toContain('CLUSTER_AUTHORIZATION_FAILED')
    // Kafka asks IDEMPOTENT_WRITE on the cluster, then its default authorizeByResourceType() probes a topic
    // literally named "hardcode" (and finds no ACLs to enumerate).
    expect(decisionsOf(first.principal).filter((d) => d.startsWith('InitProducerId'))).toEqual([
      'InitProducerId IDEMPOTENT_WRITE CLUSTER kafka-cluster false',
      'InitProducerId WRITE TOPIC hardcode false',
    ])
    const probe = records.find((r) => r.principal === first.principal && r.resourceName === 'hardcode')
    expect(probe).toMatchObject({ logIfAllowed: true, logIfDenied: false, patternType: 'LITERAL' })

    table.allowed.add('WRITE TOPIC hardcode')
    const second = iamClient()
    const producer = second.kafka.producer({ idempotent: true, retry: { retries: 1 } })
    await producer.connect()
    try {
      const [result] = await producer.send({ topic: 'orders', messages: [{ value: 'idempotent' }] })
      expect(result?.errorCode).toBe(0)
    } finally {
      await producer.disconnect()
    }
  })

  it('CreateTopics asks CREATE on the cluster, then CREATE on the topic (on the controller, as the client)', async () => {
    table.allowed.add('CREATE TOPIC made-by-iam')
    // kafkajs then waits for the new topic's leaders with Metadata: DescribeTopic too.
    table.allowed.add('DESCRIBE TOPIC made-by-iam')
    const { kafka, principal } = iamClient()
    const from = records.length
    await withAdmin(kafka, (admin) => admin.createTopics({ topics: [{ topic: 'made-by-iam' }] }))
    const checks = records.slice(from).filter((r) => r.principal === principal && r.apiName === 'CreateTopics')
    // Then DESCRIBE_CONFIGS, only to return the new topic's configs (KIP-525): a quiet probe.
    expect(checks.map((r) => `${keyOf(r)} ${r.allowed} ${r.logIfDenied}`)).toEqual([
      'CREATE CLUSTER kafka-cluster false false',
      'CREATE TOPIC made-by-iam true true',
      'DESCRIBE_CONFIGS TOPIC made-by-iam false false',
    ])
    // Forwarded by the broker role in an envelope; the controller role's authorizer decides with the
    // client's own principal, on the CONTROLLER listener: which is why the authorizer goes by principal.
    expect(checks.every((r) => r.authorizer.includes('controller') && r.listenerName === 'CONTROLLER')).toBe(true)
    expect(await plainAdmin.listTopics()).toContain('made-by-iam')
  })
})

describe('ACLs', () => {
  it('lists none, and refuses to create or delete any, saying why', async () => {
    const filter = {
      resourceType: AclResourceTypes.TOPIC,
      resourceName: 'orders',
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: 'User:alice',
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    }
    expect((await plainAdmin.describeAcls(filter)).resources).toEqual([])
    // kafkajs shows only the error code (INVALID_REQUEST); Kafka's own tool prints the broker's message.
    expect(await failure(plainAdmin.createAcls({ acl: [filter] }))).toContain('INVALID_REQUEST')
    expect(await failure(plainAdmin.deleteAcls({ filters: [filter] }))).toContain('INVALID_REQUEST')
    const tool = await runJavaClient('org.apache.kafka.tools.AclCommand', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--add',
      '--allow-principal',
      'User:alice',
      '--operation',
      'Read',
      '--topic',
      'orders',
    ])
    expect(tool.stdout + tool.stderr).toMatch(/ACLs have no effect on IAM principals; grant kafka-cluster:\* actions/)
  })
})

describe('the decision cache', () => {
  it('answers a repeated check itself until the generation changes', async () => {
    const key = 'DESCRIBE TOPIC visible'
    const { kafka } = iamClient()
    await withAdmin(kafka, async (admin) => {
      await admin.fetchTopicMetadata({ topics: ['visible'] })
      const asked = table.count(key)
      expect(asked).toBeGreaterThan(0)
      await admin.fetchTopicMetadata({ topics: ['visible'] })
      expect(table.count(key)).toBe(asked)

      await service.awaitGeneration(service.bumpGeneration())
      await admin.fetchTopicMetadata({ topics: ['visible'] })
      expect(table.count(key)).toBeGreaterThan(asked)
    })
  })

  it('asks every time for a decision marked not cacheable', async () => {
    const key = 'DESCRIBE TOPIC visible'
    table.uncacheable.add(key)
    try {
      const { kafka } = iamClient()
      await withAdmin(kafka, async (admin) => {
        await admin.fetchTopicMetadata({ topics: ['visible'] })
        const asked = table.count(key)
        await admin.fetchTopicMetadata({ topics: ['visible'] })
        expect(table.count(key)).toBeGreaterThan(asked)
      })
    } finally {
      table.uncacheable.delete(key)
    }
  })

  it('a policy change reaches a live connection once awaitGeneration() resolves', async () => {
    table.allowed.add('DESCRIBE TOPIC flip')
    await plainAdmin.createTopics({ topics: [{ topic: 'flip' }], waitForLeaders: true })
    const { kafka } = iamClient()
    await withAdmin(kafka, async (admin) => {
      await admin.fetchTopicMetadata({ topics: ['flip'] })
      const asked = table.count('DESCRIBE TOPIC flip')
      await admin.fetchTopicMetadata({ topics: ['flip'] })
      expect(table.count('DESCRIBE TOPIC flip')).toBe(asked) // cached: only the invalidation can change it
      table.allowed.delete('DESCRIBE TOPIC flip')
      await service.awaitGeneration(service.bumpGeneration())
      expect(await failure(admin.fetchTopicMetadata({ topics: ['flip'] }))).toContain('TOPIC_AUTHORIZATION_FAILED')
    })
    // Both authorizer instances of the combined node acknowledged it.
    const live = service.stats().authorizers.filter((a) => a.live)
    expect(live.map((a) => a.id.split('-')[1]).sort()).toEqual(['broker', 'controller'])
    expect(live.every((a) => a.acknowledged === service.generation())).toBe(true)
  })
})

describe('principals', () => {
  it('never asks about principals other than the emulator’s (PLAINTEXT listener: ANONYMOUS)', async () => {
    const before = service.stats().authorizeCalls
    const plain = new Kafka({ clientId: 'plain', brokers: [cluster.bootstrap], logLevel: logLevel.NOTHING })
    const producer = plain.producer()
    await producer.connect()
    await producer.send({ topic: 'hidden', messages: [{ value: 'plain' }] })
    await producer.disconnect()
    await plainAdmin.fetchTopicMetadata({ topics: ['hidden', 'readonly'] })
    await plainAdmin.createTopics({ topics: [{ topic: 'made-plainly' }] })
    expect(service.stats().authorizeCalls).toBe(before)
  })

  it('denies a connection that is not bound to an identity, without asking decide', async () => {
    const { kafka, principal } = iamClient({}, false)
    const topics = await withAdmin(kafka, (admin) => admin.listTopics())
    expect(topics).toEqual([])
    const mine = records.filter((r) => r.principal === principal)
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((r) => !r.allowed && r.source === 'unknown-connection' && !r.cacheable)).toBe(true)
  })

  it('passes odd client ids and group ids through the JSON on both sides intact', async () => {
    const clientId = 'client "quoted" \\ back ünïcödé 🎉 \u0007 end'
    const group = 'group "g" \\ é 🎉 \t /*'
    table.allowed.add(`DESCRIBE GROUP ${group}`)
    // kafkajs finds a group coordinator on its second try when it has not fetched metadata yet.
    const { kafka, principal } = iamClient({ clientId, retry: { retries: 2 } })
    const described = await withAdmin(kafka, (admin) => admin.describeGroups([group]))
    expect(described.groups[0]?.groupId).toBe(group)
    const mine = records.filter((r) => r.principal === principal && r.resourceType === 'GROUP')
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((r) => r.resourceName === group && r.clientId === clientId && r.allowed)).toBe(true)
  })
})

describe('authenticateUpstream (the emulator’s own login)', () => {
  const connect = (port: number): Promise<net.Socket> =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket))
      socket.once('error', reject)
    })

  // ApiVersions v0 (request header v1): the socket must be usable for Kafka traffic after the login.
  const apiVersionsRequest = (correlationId: number): Buffer => {
    const body = Buffer.alloc(2 + 2 + 4 + 2 + 4)
    body.writeInt16BE(18, 0)
    body.writeInt16BE(0, 2)
    body.writeInt32BE(correlationId, 4)
    body.writeInt16BE(4, 8)
    body.write('test', 10)
    const frame = Buffer.alloc(4 + body.length)
    frame.writeInt32BE(body.length, 0)
    body.copy(frame, 4)
    return frame
  }

  it.each([1, 2] as const)(
    'logs in with SaslAuthenticate v%i and leaves the socket ready for Kafka requests',
    async (version) => {
      const connectionId = `raw-${version}`
      service.bindConnection(connectionId, IDENTITY)
      const socket = await connect(upstreamPort())
      try {
        const session = await authenticateUpstream(socket, service.principalFor(connectionId), { version })
        // Kafka bounds the session by the token's exp even with connections.max.reauth.ms=0: the token's
        // long lifetime is what keeps the upstream connection from expiring under the client.
        expect(session.sessionLifetimeMs).toBeGreaterThan(300 * 24 * 60 * 60 * 1000)
        const frames = new FrameReader()
        const answer = new Promise<number>((resolve) =>
          socket.on('data', (chunk: Buffer) => {
            frames.push(chunk)
            const next = frames.next({ min: 4, max: 1 << 20 })
            if (next.kind === 'frame') resolve(next.payload.readInt32BE(0))
          }),
        )
        socket.write(apiVersionsRequest(4242))
        expect(await answer).toBe(4242)
      } finally {
        socket.destroy()
      }
    },
  )

  it('rejects with AUTHENTICATION_FAILED when Kafka refuses the token (expired)', async () => {
    const socket = await connect(upstreamPort())
    try {
      const error = await authenticateUpstream(socket, service.principalFor('expired'), {
        nowMs: Date.now() - 2 * 365 * 24 * 60 * 60 * 1000,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(MskIamError)
      expect((error as MskIamError).code).toBe('AUTHENTICATION_FAILED')
      expect((error as MskIamError).message).toMatch(/invalid_token/)
    } finally {
      socket.destroy()
    }
  })

  it('rejects with a typed error on a listener that does not do SASL', async () => {
    const socket = await connect(broker.port)
    try {
      const error = await authenticateUpstream(socket, service.principalFor('plain'), { timeoutMs: 5000 }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(MskIamError)
      expect(['MECHANISM_NOT_ENABLED', 'CONNECTION_LOST', 'INVALID_BROKER_RESPONSE']).toContain(
        (error as MskIamError).code,
      )
    } finally {
      socket.destroy()
    }
  })
})

// Last: it takes the decision service away from the broker for good.
describe('without the decision service', () => {
  it('denies within the timeout (fail closed), warns in the broker log, and Kafka keeps running', async () => {
    const port = Number(new URL(service.url).port)
    await service.close()
    // A black hole on the service's port: connections are accepted and never answered.
    const sockets = new Set<net.Socket>()
    const hole = net.createServer((socket) => sockets.add(socket))
    await new Promise<void>((resolve) => hole.listen(port, '127.0.0.1', resolve))
    try {
      const { kafka } = iamClient({ requestTimeout: 20_000 })
      const started = Date.now()
      // "visible" is allowed by the table: only the missing answer denies it. A broker that hung would
      // show as a kafkajs request timeout instead of error 29.
      const types = await withAdmin(kafka, (admin) => failure(admin.fetchTopicMetadata({ topics: ['visible'] })))
      expect(types).toContain('TOPIC_AUTHORIZATION_FAILED')
      expect(Date.now() - started).toBeGreaterThanOrEqual(AUTHORIZER_TIMEOUT_MS)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => hole.close(() => resolve()))
    }
    // Nothing listens now: refused at once, denied again.
    const { kafka } = iamClient()
    expect(await withAdmin(kafka, (admin) => failure(admin.fetchTopicMetadata({ topics: ['visible'] })))).toContain(
      'TOPIC_AUTHORIZATION_FAILED',
    )
    expect(broker.pid !== undefined && isAlive(broker.pid)).toBe(true)
    expect(await plainAdmin.listTopics()).toContain('visible')
    const log = await readFile(broker.logFile, 'utf8')
    expect(log).toMatch(/WARN .*msk-iam authorizer node1-broker-\w+: DENIED msk-iam:e2e:test-\d+ .*decision service/)
  })
})
