// The emulator's connection plumbing against a scripted fake Kafka on loopback: node-id probe, relaying
// with the client's correlation ids, Produce acks=0, rewriting, and what happens when either side
// misbehaves or goes away. No real broker needed.
import net from 'node:net'
import fc from 'fast-check'
import { startMskIamEmulator } from '../../../src/testing/startMskIamEmulator.js'
import type { EmulatorLogEntry, MskIamEmulator } from '../../../src/testing/types.js'
import { onRequestFrames } from '../../helpers/onRequestFrames.js'
import { ByteReader } from '../../../src/protocol/ByteReader.js'
import { RawClient } from '../../helpers/emulatorHelpers.js'
import { bytes, cat, cstr, frame, i16, i32, request, response, str, tags0, uv } from '../../helpers/emulatorBytes.js'
import { signIamPayload } from '../../helpers/emulatorTestSigner.js'
import { propertyRuns } from '../../helpers/propertySeed.js'

const identity = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret', principalArn: 'arn:aws:iam::1:user/fake' }
const PROBE_NODE_ID = 3

interface Received {
  apiKey: number
  apiVersion: number
  correlationId: number
}

/** A fake Kafka: answers the emulator's probe with node id 3, then runs `onRequest` for each client request. */
class FakeKafka {
  readonly received: Received[] = []
  readonly sockets: net.Socket[] = []
  onRequest: (req: Received, socket: net.Socket) => void = () => undefined
  private readonly server = net.createServer((socket) => this.accept(socket))

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return (this.server.address() as net.AddressInfo).port
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private accept(socket: net.Socket): void {
    this.sockets.push(socket)
    socket.on('error', () => undefined)
    onRequestFrames(socket, (payload) => {
      const r = new ByteReader(payload)
      const req = { apiKey: r.int16(), apiVersion: r.int16(), correlationId: r.int32() }
      if (r.nullableString() === 'msk-iam-emulator-probe') {
        // Metadata v4: throttle, brokers [node 3 @ 127.0.0.1:9092, rack null], cluster id, controller, no topics.
        socket.write(
          frame(
            response(
              req.correlationId,
              cat(i32(0), i32(1), i32(PROBE_NODE_ID), str('127.0.0.1'), i32(9092), str(null), str('c'), i32(3), i32(0)),
            ),
          ),
        )
        return
      }
      this.received.push(req)
      this.onRequest(req, socket)
    })
  }
}

/** Metadata v1 response: brokers (node, host, port, rack), controller id, no topics. */
const metadataV1 = (corr: number): Buffer =>
  frame(
    response(
      corr,
      cat(i32(1), i32(PROBE_NODE_ID), str('kafka.internal'), i32(9092), str(null), i32(PROBE_NODE_ID), i32(0)),
    ),
  )

describe('emulator connections (fake upstream)', () => {
  let kafka: FakeKafka
  let emulator: MskIamEmulator
  const log: EmulatorLogEntry[] = []
  const clients: RawClient[] = []

  beforeEach(async () => {
    kafka = new FakeKafka()
    const port = await kafka.listen()
    log.length = 0
    emulator = await startMskIamEmulator({
      upstream: { host: '127.0.0.1', port },
      identities: [identity],
      listeners: { tls: false },
      log: (e) => log.push(e),
    })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await emulator.close()
    await kafka.close()
  })

  async function authenticated(): Promise<RawClient> {
    const client = await RawClient.connect(emulator.plaintextPort!)
    clients.push(client)
    const token = signIamPayload({
      host: emulator.brokerHost(PROBE_NODE_ID),
      region: 'us-east-1',
      ...identity,
      now: Date.now(),
    })
    client.send(request(17, 1, 1, str('AWS_MSK_IAM')))
    client.send(request(36, 1, 2, bytes(token)))
    const [, auth] = await client.waitFor(2)
    expect(auth!.payload.readInt16BE(4)).toBe(0)
    return client
  }

  test('learns the upstream node id from Metadata and expects plaintext signatures for that broker', async () => {
    expect(log.find((e) => e.event === 'upstream-probe')?.detail).toBe('upstream node id 3')
    await authenticated()
  })

  test("relays with the client's correlation ids, skips acks=0 Produce answers, rewrites Metadata", async () => {
    kafka.onRequest = (req, socket) => {
      if (req.apiKey === 3) socket.write(metadataV1(req.correlationId))
    }
    const client = await authenticated()
    client.send(request(0, 3, 50, cat(str(null), i16(0), i32(1000), i32(0))))
    client.send(request(3, 1, 51, i32(0)))
    client.send(request(0, 9, 52, cat(cstr(null), i16(0), i32(1000), uv(1), tags0), true))
    client.send(request(3, 1, 53, i32(0)))
    const answers = await client.waitFor(4)
    expect(answers.map((a) => a.correlationId)).toEqual([1, 2, 51, 53])
    expect(kafka.received.map((r) => r.correlationId)).toEqual([50, 51, 52, 53])
    expect(answers[2]!.payload).toEqual(
      response(
        51,
        cat(
          i32(1),
          i32(PROBE_NODE_ID),
          str(emulator.brokerHost(PROBE_NODE_ID)),
          i32(emulator.plaintextPort!),
          str(null),
          i32(PROBE_NODE_ID),
          i32(0),
        ),
      ),
    )
  })

  test('a response that does not match the request closes the client, not the process', async () => {
    kafka.onRequest = (req, socket) => socket.write(frame(response(req.correlationId + 1, i32(0))))
    const client = await authenticated()
    client.send(request(1, 4, 60, Buffer.alloc(20)))
    await client.closed
    expect(emulator.stats().closesByReason).toEqual({ 'upstream-protocol-error': 1 })
  })

  test('Kafka bytes that do not parse as the expected Metadata close the client', async () => {
    kafka.onRequest = (req, socket) => socket.write(frame(response(req.correlationId, cat(i32(5), i32(1)))))
    const client = await authenticated()
    client.send(request(3, 1, 61, i32(0)))
    await client.closed
    expect(client.responses).toHaveLength(2)
    expect(emulator.stats().closesByReason).toEqual({ 'upstream-protocol-error': 1 })
  })

  test('Kafka closing the upstream connection closes the client', async () => {
    const client = await authenticated()
    for (const s of kafka.sockets) s.destroy()
    await client.closed
    expect(emulator.stats().closesByReason).toEqual({ 'upstream-closed': 1 })
  })

  test('the client closing closes its upstream connection', async () => {
    const client = await authenticated()
    const upstream = kafka.sockets.at(-1)!
    const upstreamClosed = new Promise((resolve) => upstream.once('close', resolve))
    client.close()
    await upstreamClosed
    await new Promise((resolve) => setImmediate(resolve))
    expect(emulator.stats().closesByReason).toEqual({ 'client-closed': 1 })
  })

  test('an authenticated frame with an impossible size closes the connection', async () => {
    const client = await authenticated()
    client.socket.write(i32(3))
    await client.closed
    expect(emulator.stats().closesByReason).toEqual({ 'invalid-frame': 1 })
  })

  test('a request newer than the emulator understands is refused, not relayed', async () => {
    const client = await authenticated()
    client.send(request(3, 99, 70, Buffer.alloc(4)))
    await client.closed
    expect(kafka.received).toEqual([])
    expect(emulator.stats().closesByReason).toEqual({ 'unsupported-version': 1 })
  })
})

describe('emulator connections under random bytes', () => {
  test('arbitrary client bytes only ever close that connection (property)', async () => {
    const kafka = new FakeKafka()
    kafka.onRequest = (req, socket) => socket.write(frame(response(req.correlationId, i32(0))))
    const port = await kafka.listen()
    const emulator = await startMskIamEmulator({
      upstream: { host: '127.0.0.1', port },
      identities: [identity],
      listeners: { tls: false },
    })
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.uint8Array({ maxLength: 64 }), { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          async (chunks, prefixHandshake) => {
            const client = await RawClient.connect(emulator.plaintextPort!)
            if (prefixHandshake) client.send(request(17, 1, 1, str('AWS_MSK_IAM')))
            for (const chunk of chunks) client.socket.write(chunk)
            await new Promise((resolve) => setTimeout(resolve, 5))
            client.close()
            await client.closed
          },
        ),
        propertyRuns(60),
      )
      // Still serving: a fresh client authenticates.
      const client = await RawClient.connect(emulator.plaintextPort!)
      client.send(request(17, 1, 1, str('AWS_MSK_IAM')))
      client.send(
        request(
          36,
          1,
          2,
          bytes(
            signIamPayload({
              host: emulator.brokerHost(PROBE_NODE_ID),
              region: 'us-east-1',
              ...identity,
              now: Date.now(),
            }),
          ),
        ),
      )
      const [, auth] = await client.waitFor(2)
      expect(auth!.payload.readInt16BE(4)).toBe(0)
      client.close()
    } finally {
      await emulator.close()
      await kafka.close()
    }
    expect(emulator.stats().closesByReason['internal-error']).toBeUndefined()
  })
})
