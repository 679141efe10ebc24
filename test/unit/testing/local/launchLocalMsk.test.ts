// The local MSK's assembly on a fake Kafka cluster: MSK names, ARN and certificate from the options, MSK's
// broker defaults and connection limits by profile and broker type, the default identity, option checks,
// and that nothing is left running when a step fails.
import { X509Certificate } from 'node:crypto'
import net from 'node:net'
import tls from 'node:tls'
import { MskIamError } from '../../../../src/errors.js'
import { LOCAL_TEST_IDENTITY } from '../../../../src/testing/constants.js'
import { launchLocalMsk } from '../../../../src/testing/local/launchLocalMsk.js'
import type { LocalKafka, LocalMsk, LocalMskOptions, StartKafkaCluster } from '../../../../src/testing/local/types.js'
import { TEST_CA_CERT } from '../../../../src/testing/testCertificates.js'
import { FakeKafkaCluster } from '../../../helpers/FakeKafkaCluster.js'

interface Started {
  fake: FakeKafkaCluster
  options: Parameters<StartKafkaCluster>[0]
  closed: boolean
  calls: string[]
}

describe('launchLocalMsk', () => {
  const started: Started[] = []
  const running: LocalMsk[] = []

  async function startCluster(options: Started['options']): Promise<LocalKafka> {
    const fake = await FakeKafkaCluster.start(Array.from({ length: options.brokers }, (_, i) => i + 1))
    const entry: Started = { fake, options, closed: false, calls: [] }
    started.push(entry)
    return {
      nodes: fake.brokers.map((b) => ({ nodeId: b.nodeId, host: '127.0.0.1', port: b.port })),
      stopBroker: async (nodeId) => void entry.calls.push(`stop ${nodeId}`),
      startBroker: async (nodeId) => void entry.calls.push(`start ${nodeId}`),
      close: async () => {
        entry.closed = true
        await fake.close()
      },
    }
  }
  const launch = async (options: LocalMskOptions = {}, now?: () => number): Promise<LocalMsk> => {
    const msk = await launchLocalMsk(options, { startCluster, now })
    running.push(msk)
    return msk
  }

  afterEach(async () => {
    for (const msk of running.splice(0)) await msk.close()
    for (const s of started.splice(0)) if (!s.closed) await s.fake.close()
  })

  test('defaults: three provisioned brokers under MSK names, a fresh CA for them, MSK broker defaults', async () => {
    const msk = await launch()
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}-1$/
    expect(msk.clusterArn).toMatch(/^arn:aws:kafka:us-east-1:123456789012:cluster\/local\//)
    expect(msk.clusterArn.split('/')[2]).toMatch(uuid)
    expect(msk.bootstrapBrokers).toHaveLength(3)
    msk.bootstrapBrokers.forEach((b, i) =>
      expect(b).toMatch(new RegExp(`^b-${i + 1}\\.local\\.abc123\\.c1\\.kafka\\.us-east-1\\.amazonaws\\.com:\\d+$`)),
    )
    expect(msk.caCert).not.toBe(TEST_CA_CERT)
    expect(msk.emulator.caCert).toBe(msk.caCert)
    expect(msk.identity).toEqual({
      accessKeyId: LOCAL_TEST_IDENTITY.accessKeyId,
      secretAccessKey: LOCAL_TEST_IDENTITY.secretAccessKey,
      principalArn: 'arn:aws:iam::123456789012:user/local-msk-test',
    })
    expect(started[0]!.options).toEqual({
      brokers: 3,
      heapMb: 256,
      properties: {
        'auto.create.topics.enable': 'false',
        'default.replication.factor': '3',
        'min.insync.replicas': '2',
      },
    })
    // IAM listeners only: no plaintext test listener.
    expect(msk.emulator.brokers.every((b) => b.plaintextPort === undefined)).toBe(true)
    expect(msk.emulator.javaClientProperties()).toMatchObject({
      'bootstrap.servers': msk.bootstrapBrokers.join(','),
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'AWS_MSK_IAM',
      'ssl.truststore.certificates': msk.caCert,
    })
  })

  test("the certificate covers the brokers' names, for any cluster name, id, region and cell", async () => {
    const msk = await launch({
      brokers: 2,
      clusterName: 'Orders-Prod',
      clusterId: 'q9w8e7',
      region: 'ap-southeast-2',
      clusterUuid: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9-3',
    })
    const hosts = msk.bootstrapBrokers.map((b) => b.slice(0, b.lastIndexOf(':')))
    expect(hosts).toEqual([1, 2].map((n) => `b-${n}.orders-prod.q9w8e7.c3.kafka.ap-southeast-2.amazonaws.com`))
    expect(msk.clusterArn).toBe(
      'arn:aws:kafka:ap-southeast-2:123456789012:cluster/Orders-Prod/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9-3',
    )
    const [broker] = msk.emulator.brokers
    const peer = await new Promise<X509Certificate>((resolve, reject) => {
      const s = tls.connect(
        { host: '127.0.0.1', port: broker!.tlsPort!, servername: broker!.host, ca: msk.caCert },
        () => {
          resolve(new X509Certificate(s.getPeerX509Certificate()!.raw))
          s.destroy()
        },
      )
      s.on('error', reject)
    })
    for (const host of hosts) expect(peer.checkHost(host)).toBe(host)
  })

  test.each([
    ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
    ['eusc-de-east-1', 'aws-eusc', 'amazonaws.eu'],
  ])('%s gets its partition (%s) and DNS suffix (%s)', async (region, partition, suffix) => {
    const msk = await launch({ brokers: 1, region })
    expect(msk.clusterArn.startsWith(`arn:${partition}:kafka:${region}:`)).toBe(true)
    expect(msk.bootstrapBrokers[0]!.startsWith(`b-1.local.abc123.c1.kafka.${region}.${suffix}:`)).toBe(true)
    expect(msk.identity.principalArn).toBe(`arn:${partition}:iam::123456789012:user/local-msk-test`)
  })

  test('provisioned connection rate as the emulator enforces it: 20/s per broker, 4/s on kafka.t3.small', async () => {
    const probe = async (options: LocalMskOptions): Promise<number> => {
      // A stopped clock: the whole burst falls in one second however slowly this machine runs it.
      const frozen = Date.now()
      const msk = await launch({ brokers: 1, ...options }, () => frozen)
      // Read the limit back through the emulator's own decision: count how many of a burst pass.
      let admitted = 0
      for (let i = 0; i < 30; i++) if (await authenticates(msk)) admitted++
      return admitted
    }
    expect(await probe({})).toBe(20)
    expect(await probe({ instanceType: 'kafka.t3.small' })).toBe(4)
  })

  test('serverless: one boot- bootstrap name, -s<k> ARN, limits for the whole cluster', async () => {
    const msk = await launch({ profile: 'serverless', clusterUuid: '11111111-2222-4333-8444-555555555555' })
    expect(msk.bootstrapBrokers).toEqual([
      `boot-abcd1234.c1.kafka-serverless.us-east-1.amazonaws.com:${msk.emulator.bootstrap!.tlsPort}`,
    ])
    expect(msk.clusterArn).toBe(
      'arn:aws:kafka:us-east-1:123456789012:cluster/local/11111111-2222-4333-8444-555555555555-s1',
    )
    expect(msk.emulator.brokers.map((b) => b.host)).toEqual(
      [1, 2, 3].map((n) => `b${n}-abcd1234.c1.kafka-serverless.us-east-1.amazonaws.com`),
    )
  })

  test('stopBroker and startBroker reach the Kafka cluster; close stops it', async () => {
    const msk = await launch({ brokers: 2 })
    await msk.stopBroker(2)
    await msk.startBroker(2)
    expect(started[0]!.calls).toEqual(['stop 2', 'start 2'])
    await msk.close()
    running.length = 0
    expect(started[0]!.closed).toBe(true)
  })

  test.each<[LocalMskOptions, RegExp]>([
    [{ brokers: 6 }, /brokers must be 1 to 5/],
    [{ brokers: 0 }, /brokers must be 1 to 5/],
    [{ profile: 'express' as never }, /profile must be/],
    [{ instanceType: 'm5.large' }, /not an MSK broker type/],
    [{ profile: 'serverless', instanceType: 'kafka.m5.large' }, /serverless clusters have no instanceType/],
    [{ clusterUuid: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9-s1' }, /does not fit a provisioned cluster/],
    [{ clusterUuid: 'not-a-uuid' }, /is not a UUID/],
    [{ region: 'mars-1' }, /not an AWS region/],
    [{ accountId: '42' }, /not 12 digits/],
    [{ sessionLifetime: -5 }, /sessionLifetime must be/],
    [{ kafkaHeapMb: 12 }, /kafkaHeapMb/],
    [{ identities: [] }, /at least one identity/],
    [{ authorization: 'maybe' as never }, /authorization must be 'enforce', 'record' or 'off'/],
    [
      { authorization: 'off', clusterPolicy: { Version: '2012-10-17', Statement: [] } },
      /authorization 'off' takes no policies/,
    ],
  ])('refuses %j with INVALID_OPTIONS before starting anything', async (options, message) => {
    const error = await launch(options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MskIamError)
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', message: expect.stringMatching(message) as unknown })
    expect(started).toEqual([])
  })

  test('authorization: without policies off (no authorizer on the brokers); with them enforce, before Kafka starts', async () => {
    const off = await launch()
    expect(off.authorization).toBe('off')
    expect(() => off.recordedPolicy()).toThrow(/authorization is off/)
    expect(started[0]!.options).not.toHaveProperty('classpath')
    // The authorizer's properties name the decision service, which must therefore run before Kafka does; a
    // bad policy stops everything before Kafka starts.
    const bad = await launchLocalMsk(
      {
        identities: [
          {
            accessKeyId: 'AKIDX',
            secretAccessKey: 's',
            principalArn: 'arn:aws:iam::123456789012:role/x',
            policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'No' } as never] }],
          },
        ],
      },
      { startCluster, authorizerJar: async () => '/jar' },
    ).catch((e: unknown) => e)
    expect(bad).toMatchObject({ code: 'INVALID_POLICY' })
    expect(started).toHaveLength(1)
  })

  test('stops the Kafka cluster when the emulator cannot start', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as net.AddressInfo).port
    try {
      await expect(launchLocalMsk({ brokers: 1 }, { startCluster, tls: { port } })).rejects.toThrow(/EADDRINUSE/)
      expect(started[0]!.closed).toBe(true)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})

/** One first authentication against broker 1's TLS listener with the cluster's identity: accepted or not. */
async function authenticates(msk: LocalMsk): Promise<boolean> {
  const { RawClient } = await import('../../../helpers/emulatorHelpers.js')
  const { bytes, request, str } = await import('../../../helpers/emulatorBytes.js')
  const { signIamPayload } = await import('../../../helpers/emulatorTestSigner.js')
  const broker = msk.emulator.brokers[0]!
  const client = await RawClient.connect(broker.tlsPort!, { tls: { ca: msk.caCert, servername: broker.host } })
  try {
    client.send(request(17, 1, 1, str('AWS_MSK_IAM')))
    const token = signIamPayload({ host: broker.host, region: msk.emulator.region, ...msk.identity, now: Date.now() })
    client.send(request(36, 1, 2, bytes(token)))
    const [, auth] = await client.waitFor(2)
    return auth!.payload.readInt16BE(4) === 0
  } finally {
    client.close()
  }
}
