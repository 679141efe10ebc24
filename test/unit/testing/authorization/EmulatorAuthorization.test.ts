// The emulator's authorization in front of a scripted Kafka (no authorizer: Kafka's checks are covered by
// the integration tests): the upstream login before anything is relayed, Connect at SaslAuthenticate by
// the evaluator, policy changes (validated first, applied after the propagation delay), the modes, and
// what record mode writes.
import { MskIamError } from '../../../../src/errors.js'
import { EmulatorAuthorization } from '../../../../src/testing/authorization/EmulatorAuthorization.js'
import { startMskIamEmulator } from '../../../../src/testing/startMskIamEmulator.js'
import type {
  AuthorizedIdentity,
  EmulatorLogEntry,
  MskIamEmulator,
  MskIamEmulatorOptions,
} from '../../../../src/testing/types.js'
import { FakeClock } from '../../../helpers/FakeClock.js'
import { RawClient } from '../../../helpers/emulatorHelpers.js'
import { bytes, i32, request, str } from '../../../helpers/emulatorBytes.js'
import { signIamPayload } from '../../../helpers/emulatorTestSigner.js'
import { FakeKafkaCluster } from '../../../helpers/FakeKafkaCluster.js'
import { encodeSaslHandshakeResponse } from '../../../../src/testing/wire/saslHandshake.js'

const REGION = 'us-east-1'
const ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/00000000-0000-0000-0000-000000000000-1'
const connectStatement = { Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: ARN } as const
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement }) as never
const identity: AuthorizedIdentity = {
  accessKeyId: 'AKIDAUTHZ',
  secretAccessKey: 'authz-secret',
  principalArn: 'arn:aws:iam::123456789012:role/orders',
  policies: [doc(connectStatement)],
}

describe('the emulator with authorization, in front of a scripted Kafka', () => {
  let kafka: FakeKafkaCluster
  let emulator: MskIamEmulator | undefined
  const clients: RawClient[] = []
  const log: EmulatorLogEntry[] = []

  beforeEach(async () => {
    kafka = await FakeKafkaCluster.start([1])
    kafka.acceptsUpstreamLogin = true
    log.length = 0
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await emulator?.close()
    emulator = undefined
    await kafka.close()
  })

  async function start(extra: Partial<MskIamEmulatorOptions> = {}): Promise<MskIamEmulator> {
    emulator = await startMskIamEmulator({
      upstream: { host: '127.0.0.1', port: kafka.brokers[0]!.port, nodeId: 1 },
      identities: [identity],
      region: REGION,
      clusterName: 'orders',
      listeners: { tls: false },
      authorization: { mode: 'enforce' },
      log: (e) => log.push(e),
      ...extra,
    })
    return emulator
  }

  /** (ApiVersions,) AWS_MSK_IAM as `who`, then Metadata v1: the answers as they come. */
  async function session(who: AuthorizedIdentity = identity, count = 3, apiVersions = false): Promise<RawClient> {
    const em = emulator!
    const client = await RawClient.connect(em.plaintextPort!)
    clients.push(client)
    if (apiVersions) client.send(request(18, 0, 1, Buffer.alloc(0)))
    client.send(request(17, 1, 2, str('AWS_MSK_IAM')))
    const token = signIamPayload({ host: em.brokers[0]!.host, region: REGION, ...who, now: Date.now() })
    client.send(request(36, 1, 3, bytes(token)))
    client.send(request(3, 1, 4, i32(-1)))
    await client.waitFor(count).catch(() => undefined)
    return client
  }
  /** The SaslAuthenticate answer's error code. */
  const authCode = (client: RawClient): number | undefined =>
    client.responses.find((r) => r.correlationId === 3)?.payload.readInt16BE(4)

  test('logs the upstream in as the connection before it relays anything (ApiVersions included)', async () => {
    const em = await start()
    kafka.onRequest = (req, socket) => {
      if (req.apiKey === 18) socket.write(Buffer.from([0, 0, 0, 10, 0, 0, 0, req.correlationId, 0, 0, 0, 0, 0, 0]))
    }
    const client = await session(identity, 4, true)
    expect(authCode(client)).toBe(0)
    expect(kafka.upstreamLogins).toBe(1)
    expect(kafka.received.map((r) => r.apiKey)).toEqual([17, 36, 18, 3])
    expect(em.authorization).toBe('enforce')
    expect(em.authorizer?.kafkaProperties()).toMatchObject({
      'authorizer.class.name': 'dev.kafkajsmskiam.authorizer.MskIamAuthorizer',
      'msk.iam.authorizer.url': em.authorizer!.serviceUrl,
    })
  })

  test('Connect denied by the policies: [request-id]: Access denied, explained in the log', async () => {
    await start({
      identities: [{ ...identity, policies: [doc({ ...connectStatement, Action: 'kafka-cluster:DescribeCluster' })] }],
    })
    const client = await session(identity, 2)
    await client.closed
    const auth = client.responses.find((r) => r.correlationId === 3)!
    expect(auth.payload.readInt16BE(4)).toBe(58)
    expect(auth.payload.toString('utf8')).toMatch(/\[[0-9a-f-]{36}\]: Access denied/)
    expect(kafka.received.filter((r) => r.apiKey === 3)).toEqual([])
    expect(log.find((e) => e.event === 'authenticate')).toMatchObject({
      outcome: 'denied',
      reason: 'Access denied',
      detail: expect.stringContaining(
        `SaslAuthenticate needs kafka-cluster:Connect on ${ARN}: no statement allows it`,
      ) as unknown,
      action: 'kafka-cluster:Connect',
      resource: ARN,
      decision: 'ImplicitDeny',
      hint: expect.stringContaining('policies do not allow kafka-cluster:Connect') as unknown,
      suggestion: {
        policy: 'identity',
        statement: { Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: ARN },
      },
    })
  })

  test('setPolicies applies to the next authentication; a bad document rejects and changes nothing', async () => {
    const em = await start({ identities: [{ ...identity, policies: [] }] })
    expect(authCode(await session(identity, 2))).toBe(58)
    const bad = em.setPolicies(identity.accessKeyId, [doc({ Effect: 'Allow', Action: 'Connect', Resource: ARN })])
    await expect(bad).rejects.toMatchObject({ code: 'INVALID_POLICY' })
    expect(authCode(await session(identity, 2))).toBe(58)
    await em.setPolicies(identity.accessKeyId, [doc(connectStatement)])
    expect(authCode(await session(identity, 2))).toBe(0)
    expect(log.filter((e) => e.event === 'policies')).toEqual([
      expect.objectContaining({ accessKeyId: identity.accessKeyId }),
    ])
    await expect(em.setPolicies('AKIDNOBODY', [])).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })

  test('an upstream that refuses the login closes the client connection, typed and logged', async () => {
    kafka.acceptsUpstreamLogin = false
    kafka.onRequest = (req, socket) => {
      if (req.apiKey === 17)
        socket.write(encodeSaslHandshakeResponse(req.correlationId, { errorCode: 33, mechanisms: ['PLAIN'] }))
    }
    await start()
    const client = await RawClient.connect(emulator!.plaintextPort!)
    clients.push(client)
    await client.closed
    expect(log.find((e) => e.event === 'close')).toMatchObject({
      reason: 'upstream-authentication-failed',
      detail: expect.stringContaining('Kafka refused OAUTHBEARER (error 33)') as unknown,
    })
    expect(emulator!.stats().closesByReason['upstream-authentication-failed']).toBe(1)
  })

  test('record mode: Connect is allowed without any policy, and recorded with the UUID wildcarded', async () => {
    const em = await start({ identities: [{ ...identity, policies: undefined }], authorization: { mode: 'record' } })
    expect(authCode(await session(identity, 2))).toBe(0)
    expect(em.recordedPolicy()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Cluster',
          Effect: 'Allow',
          Action: ['kafka-cluster:Connect'],
          Resource: ['arn:aws:kafka:us-east-1:123456789012:cluster/orders/*'],
        },
      ],
    })
    await em.setAuthorizationMode('enforce')
    expect(em.authorization).toBe('enforce')
    expect(authCode(await session(identity, 2))).toBe(58)
  })

  test('without authorization: no upstream login, and policy calls reject', async () => {
    kafka.acceptsUpstreamLogin = false
    const em = await start({ authorization: undefined, identities: [{ ...identity, policies: undefined }] })
    expect(em.authorization).toBe('off')
    expect(em.authorizer).toBeUndefined()
    await session(identity, 3)
    expect(kafka.received.map((r) => r.apiKey)).toEqual([3])
    await expect(em.setPolicies(identity.accessKeyId, [])).rejects.toBeInstanceOf(MskIamError)
    expect(() => em.recordedPolicy()).toThrow(/authorization is off/)
  })

  test('checks its options before starting anything', async () => {
    await expect(start({ authorization: { mode: 'enforce', clusterArn: 'arn:aws:kafka:x' } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringContaining('is not an MSK cluster ARN') as unknown,
    })
    await expect(start({ authorization: { mode: 'enforce', policyPropagationMs: -1 } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    })
    await expect(
      start({ identities: [{ ...identity, policies: [doc({ Effect: 'Maybe', Action: '*', Resource: '*' })] }] }),
    ).rejects.toMatchObject({ code: 'INVALID_POLICY' })
  })
})

describe('EmulatorAuthorization: policy propagation', () => {
  test('a change applies after policyPropagationMs, not before, and resolves then', async () => {
    const clock = new FakeClock()
    const authorization = await EmulatorAuthorization.start({
      mode: 'enforce',
      cluster: {
        region: REGION,
        account: '123456789012',
        name: 'orders',
        uuid: '00000000-0000-0000-0000-000000000000-1',
      },
      clusterPolicy: undefined,
      clusterTags: undefined,
      policyPropagationMs: 30_000,
      identities: [{ ...identity, policies: [] }],
      decisionService: {},
      clock,
      now: () => clock.now(),
    })
    try {
      expect(authorization.authorizeConnect(identity).allowed).toBe(false)
      let resolved = false
      const change = authorization.setPolicies(identity.accessKeyId, [doc(connectStatement)]).then(() => {
        resolved = true
      })
      await clock.advance(29_999)
      expect({ resolved, allowed: authorization.authorizeConnect(identity).allowed }).toEqual({
        resolved: false,
        allowed: false,
      })
      await clock.advance(1)
      await change
      expect(authorization.authorizeConnect(identity).allowed).toBe(true)
    } finally {
      await authorization.close()
    }
  })
})
