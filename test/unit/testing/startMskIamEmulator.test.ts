// The emulator in front of several brokers (a fake cluster on loopback): listeners per broker, routing to
// the right broker, broker addresses rewritten per listener and per name, a bootstrap name, certificates
// for any names, name resolution for clients, and connection limits per broker.
import { X509Certificate } from 'node:crypto'
import tls from 'node:tls'
import { promisify } from 'node:util'
import { startMskIamEmulator } from '../../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator, MskIamEmulatorOptions } from '../../../src/testing/types.js'
import { ByteReader } from '../../../src/protocol/ByteReader.js'
import { RawClient } from '../../helpers/emulatorHelpers.js'
import { bytes, i32, request, str } from '../../helpers/emulatorBytes.js'
import { signIamPayload } from '../../helpers/emulatorTestSigner.js'
import { FakeKafkaCluster } from '../../helpers/FakeKafkaCluster.js'

const identity = { accessKeyId: 'AKIDMULTI', secretAccessKey: 'multi-secret', principalArn: 'arn:aws:iam::1:user/m' }
const REGION = 'eu-west-3'

/** Brokers (node id, host, port) of a Metadata v1 response payload. */
function brokersOf(payload: Buffer): { nodeId: number; host: string; port: number }[] {
  const r = new ByteReader(payload, 4)
  return Array.from({ length: r.arrayLength() }, () => {
    const entry = { nodeId: r.int32(), host: r.string(), port: r.int32() }
    r.nullableString()
    return entry
  })
}

describe('startMskIamEmulator in front of several brokers', () => {
  let kafka: FakeKafkaCluster
  let emulator: MskIamEmulator | undefined
  const clients: RawClient[] = []
  const log: EmulatorLogEntry[] = []

  beforeEach(async () => {
    kafka = await FakeKafkaCluster.start([1, 2, 3])
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
      upstream: { host: '127.0.0.1', port: kafka.brokers[1]!.port },
      identities: [identity],
      region: REGION,
      clusterName: 'orders',
      clusterId: 'x1y2z3',
      log: (e) => log.push(e),
      ...extra,
    })
    return emulator
  }

  /** Connects, authenticates (signed for `signedFor`) and asks Metadata v1; returns the brokers it lists. */
  async function metadataThrough(
    port: number,
    signedFor: string,
    opts: { tls?: { ca: string; servername?: string } } = {},
  ): Promise<{ client: RawClient; brokers: ReturnType<typeof brokersOf> }> {
    const client = await RawClient.connect(port, opts)
    clients.push(client)
    client.send(request(17, 1, 1, str('AWS_MSK_IAM')))
    const token = signIamPayload({ host: signedFor, region: REGION, ...identity, now: Date.now() })
    client.send(request(36, 1, 2, bytes(token)))
    client.send(request(3, 1, 3, i32(-1)))
    const [, auth, metadata] = await client.waitFor(3)
    expect(auth!.payload.readInt16BE(4)).toBe(0)
    return { client, brokers: brokersOf(metadata!.payload) }
  }

  test('discovers every broker and gives each its own listeners and MSK name', async () => {
    const em = await start()
    expect(em.brokers.map((b) => [b.nodeId, b.host, b.upstream.port])).toEqual(
      kafka.brokers.map((b) => [b.nodeId, `b-${b.nodeId}.orders.x1y2z3.c1.kafka.eu-west-3.amazonaws.com`, b.port]),
    )
    const ports = em.brokers.flatMap((b) => [b.tlsPort, b.plaintextPort])
    expect(new Set(ports).size).toBe(6)
    expect(em.tlsPort).toBe(em.brokers[0]!.tlsPort)
    expect(em.bootstrapBrokers()).toEqual(em.brokers.map((b) => `${b.host}:${b.tlsPort}`))
    expect(em.bootstrapBrokers('plaintext')).toEqual(em.brokers.map((b) => `${b.host}:${b.plaintextPort}`))
    expect(log.find((e) => e.event === 'upstream-probe')?.detail).toBe('upstream node ids 1, 2, 3')
  })

  test("relays each broker's connections to that broker and advertises every broker at its own listener", async () => {
    const em = await start()
    const [, two, three] = em.brokers
    const viaTwo = await metadataThrough(two!.plaintextPort!, two!.host)
    expect(viaTwo.brokers).toEqual(em.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.plaintextPort })))
    const viaThree = await metadataThrough(three!.tlsPort!, three!.host, {
      tls: { ca: em.caCert!, servername: three!.host },
    })
    expect(viaThree.brokers).toEqual(em.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.tlsPort })))
    expect(kafka.received.filter((r) => r.apiKey === 3).map((r) => r.nodeId)).toEqual([2, 3])
  })

  test('a TLS client that came in as localhost is answered in localhost terms (librdkafka)', async () => {
    const em = await start()
    const { brokers } = await metadataThrough(em.brokers[0]!.tlsPort!, 'localhost', {
      tls: { ca: em.caCert!, servername: 'localhost' },
    })
    expect(brokers).toEqual(em.brokers.map((b) => ({ nodeId: b.nodeId, host: 'localhost', port: b.tlsPort })))
  })

  test('issues a certificate for names the bundled one does not cover; keeps the bundled one for the defaults', async () => {
    const em = await start()
    expect(em.caCert).not.toBe(TEST_CA_CERT)
    const cert = await new Promise<X509Certificate>((resolve, reject) => {
      const s = tls.connect(
        { host: '127.0.0.1', port: em.tlsPort!, servername: em.brokers[2]!.host, ca: em.caCert },
        () => {
          resolve(new X509Certificate(s.getPeerX509Certificate()!.raw))
          s.destroy()
        },
      )
      s.on('error', reject)
    })
    for (const b of em.brokers) expect(cert.checkHost(b.host)).toBe(b.host)
    await em.close()
    const defaults = await start({ region: undefined, clusterName: undefined, clusterId: undefined })
    expect(defaults.caCert).toBe(TEST_CA_CERT)
  })

  test('resolves its names for clients: hosts, lookup and a kafkajs socketFactory', async () => {
    const em = await start()
    expect(em.hosts).toEqual(Object.fromEntries(em.brokers.map((b) => [b.host, '127.0.0.1'])))
    const lookup = promisify(em.lookup as (h: string, o: object, cb: (e: Error | null, a: string) => void) => void)
    expect(await lookup(em.brokers[1]!.host, {})).toBe('127.0.0.1')
    const broker = em.brokers[1]!
    const socket = em.socketFactory({
      host: broker.host,
      port: broker.tlsPort!,
      ssl: { ca: [em.caCert!] },
      onConnect: () => undefined,
    }) as tls.TLSSocket
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve)
      socket.once('error', reject)
    })
    expect(socket.authorized).toBe(true)
    socket.destroy()
  })

  test('a bootstrap name has listeners of its own, relayed to the brokers in turn', async () => {
    const bootstrapHost = 'boot-x1y2z3ab.c1.kafka-serverless.eu-west-3.amazonaws.com'
    const em = await start({ bootstrapHost })
    expect(em.bootstrapBrokers()).toEqual([`${bootstrapHost}:${em.bootstrap!.tlsPort}`])
    for (let i = 0; i < 3; i++) {
      const { brokers } = await metadataThrough(em.bootstrap!.plaintextPort!, bootstrapHost)
      expect(brokers.map((b) => b.host)).toEqual(em.brokers.map((b) => b.host))
    }
    expect(kafka.received.filter((r) => r.apiKey === 3).map((r) => r.nodeId)).toEqual([1, 2, 3])
    expect(em.hosts[bootstrapHost]).toBe('127.0.0.1')
  })

  test('takes the brokers as given (node ids) without asking Kafka, ports from a first port', async () => {
    const em = await start({
      upstream: kafka.brokers.map((b) => ({ host: '127.0.0.1', port: b.port, nodeId: b.nodeId })),
      listeners: { plaintext: { port: 0 }, tls: false },
    })
    expect(em.brokers.map((b) => b.upstream.port)).toEqual(kafka.brokers.map((b) => b.port))
    expect(log.find((e) => e.event === 'upstream-probe')?.detail).toBe('upstream node ids 1, 2, 3, as given')
    expect(em.tlsPort).toBeUndefined()
  })

  test('enforces the connection rate per broker: a storm on one broker leaves the others alone', async () => {
    const em = await start({ connectionLimits: { perSecond: 2 } })
    const outcome = async (port: number, host: string): Promise<string | null> => {
      const client = await RawClient.connect(port)
      clients.push(client)
      client.send(request(17, 1, 1, str('AWS_MSK_IAM')))
      client.send(request(36, 1, 2, bytes(signIamPayload({ host, region: REGION, ...identity, now: Date.now() }))))
      const [, auth] = await client.waitFor(2)
      const r = new ByteReader(auth!.payload, 4)
      return r.int16() === 0 ? 'ok' : r.nullableString()
    }
    const [one, two] = em.brokers
    const onOne = []
    for (let i = 0; i < 4; i++) onOne.push(await outcome(one!.plaintextPort!, one!.host))
    expect(onOne.slice(0, 2)).toEqual(['ok', 'ok'])
    expect(onOne.slice(2)).toEqual([
      expect.stringMatching(/^\[[0-9a-f-]{36}\]: Too many connects$/),
      expect.stringMatching(/^\[[0-9a-f-]{36}\]: Too many connects$/),
    ])
    expect(await outcome(two!.plaintextPort!, two!.host)).toBe('ok')
  })

  test('refuses an upstream option that is not an address list', async () => {
    await expect(start({ upstream: [] })).rejects.toThrow(/upstream must be/)
    await expect(
      start({
        upstream: [
          { host: 'a', port: 1, nodeId: 1 },
          { host: 'b', port: 2, nodeId: 1 },
        ],
      }),
    ).rejects.toThrow(/distinct/)
  })
})
