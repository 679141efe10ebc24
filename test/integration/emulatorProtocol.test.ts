// The emulator's protocol front at the byte level, with hand-built requests against the real test broker:
// what is refused before authentication, SASL v0–v2 answers, response order, address rewriting of Kafka's
// real answers, session expiry, re-authentication limits, rate limiting, faults and shutdown.
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator, MskIamEmulatorOptions } from '../../src/testing/types.js'
import type { EmulatorIdentity } from '../../src/testing/verifier/types.js'
import { ByteReader } from '../../src/protocol/ByteReader.js'
import { bytes, cat, cbytes, cstr, i32, i8, request, str, tags0, uv } from '../helpers/emulatorBytes.js'
import { oauthBearerMessage, signIamPayload } from '../helpers/emulatorTestSigner.js'
import { kafkaUpstream, RawClient } from '../helpers/emulatorHelpers.js'

const identity: EmulatorIdentity = {
  accessKeyId: 'AKIDRAWTEST',
  secretAccessKey: 'raw-secret',
  principalArn: 'arn:aws:iam::111122223333:user/raw',
}
const other: EmulatorIdentity = {
  accessKeyId: 'AKIDOTHER',
  secretAccessKey: 'other-secret',
  principalArn: 'arn:aws:iam::111122223333:user/other',
}

const apiVersionsV3 = (corr: number): Buffer => request(18, 3, corr, cat(cstr('raw-test'), cstr('1.0'), tags0), true)
const handshake = (corr: number, mechanism = 'AWS_MSK_IAM', version = 1): Buffer =>
  request(17, version, corr, str(mechanism))
const metadataV12 = (corr: number): Buffer => request(3, 12, corr, cat(uv(1), i8(0), i8(0), tags0), true)
const metadataV4 = (corr: number): Buffer => request(3, 4, corr, cat(i32(0), i8(0)))

/** SaslAuthenticate in version 0, 1 or 2. */
function authenticate(corr: number, token: Buffer, version = 2): Buffer {
  return version >= 2
    ? request(36, version, corr, cat(cbytes(token), tags0), true)
    : request(36, version, corr, bytes(token))
}

/** Decodes a SaslAuthenticate response payload of `version`. */
function authAnswer(payload: Buffer, version = 2) {
  const r = new ByteReader(payload, 4)
  if (version >= 2) r.skipTaggedFields()
  const errorCode = r.int16()
  const errorMessage = version >= 2 ? r.compactNullableString() : r.nullableString()
  const authBytes = (version >= 2 ? r.compactBytes() : r.bytes()).toString()
  const sessionLifetimeMs = version >= 1 ? Number(r.int64()) : undefined
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs }
}

/** Brokers of a Metadata v12 (flexible) or v4 response payload. */
function metadataBrokers(payload: Buffer, version: number): { nodeId: number; host: string; port: number }[] {
  const flexible = version >= 9
  const r = new ByteReader(payload, 4)
  if (flexible) r.skipTaggedFields()
  r.int32()
  const count = flexible ? r.compactArrayLength() : r.arrayLength()
  return Array.from({ length: count }, () => {
    const nodeId = r.int32()
    const host = flexible ? r.compactString() : r.string()
    const port = r.int32()
    r.skipString(flexible)
    if (flexible) r.skipTaggedFields()
    return { nodeId, host, port }
  })
}

describe('MSK IAM emulator protocol front', () => {
  let emulator: MskIamEmulator
  let log: EmulatorLogEntry[] = []
  const clients: RawClient[] = []

  async function start(extra: Partial<MskIamEmulatorOptions> = {}): Promise<MskIamEmulator> {
    log = []
    emulator = await startMskIamEmulator({
      upstream: kafkaUpstream(),
      identities: [identity, other],
      log: (e) => log.push(e),
      ...extra,
    })
    return emulator
  }
  async function connect(opts: { tls?: { ca: string; servername?: string } } = {}): Promise<RawClient> {
    const port = opts.tls ? emulator.tlsPort : emulator.plaintextPort
    const client = await RawClient.connect(port!, opts)
    clients.push(client)
    return client
  }
  const token = (who = identity, host = emulator.brokerHost(1), expiresSeconds?: number): Buffer =>
    signIamPayload({ host, region: emulator.region, ...who, now: Date.now(), expiresSeconds })
  /** Handshake + authenticate on a plaintext connection (signed for broker 1, the probed node id). */
  async function authenticated(who = identity, version = 2): Promise<RawClient> {
    const client = await connect()
    client.send(handshake(1))
    client.send(authenticate(2, token(who), version))
    const [, auth] = await client.waitFor(2)
    expect(authAnswer(auth!.payload, version).errorCode).toBe(0)
    return client
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await emulator?.close()
  })

  test('relays ApiVersions before authentication and closes on any other request without answering', async () => {
    await start()
    const client = await connect()
    client.send(apiVersionsV3(7))
    const [versions] = await client.waitFor(1)
    expect(versions!.correlationId).toBe(7)
    // Kafka's own list, clamped to what the emulator relays (ApiVersions keeps response header v0).
    const r = new ByteReader(versions!.payload, 4)
    expect(r.int16()).toBe(0)
    const max = new Map(
      Array.from({ length: r.compactArrayLength() }, () => {
        const entry = [r.int16(), (r.int16(), r.int16())] as const
        r.skipTaggedFields()
        return entry
      }),
    )
    expect([max.get(0), max.get(1), max.get(17), max.get(36)]).toEqual([9, 15, 1, 2])
    expect(max.get(3)).toBeLessThanOrEqual(13)
    client.send(metadataV12(8))
    await client.closed
    expect(client.responses).toHaveLength(1)
    expect(emulator.stats().closesByReason).toEqual({ 'unexpected-request': 1 })
  })

  test.each([0, 1, 2])('SaslAuthenticate v%i: success answer with request id and session lifetime', async (version) => {
    await start()
    const client = await connect()
    client.send(handshake(1))
    client.send(authenticate(2, token(), version))
    const [hs, auth] = await client.waitFor(2)
    const h = new ByteReader(hs!.payload, 4)
    expect({ error: h.int16(), mechanisms: Array.from({ length: h.int32() }, () => h.string()) }).toEqual({
      error: 0,
      mechanisms: ['AWS_MSK_IAM', 'OAUTHBEARER'],
    })
    const answer = authAnswer(auth!.payload, version)
    expect(answer.errorCode).toBe(0)
    expect(JSON.parse(answer.authBytes)).toEqual({ version: '2020_10_22', 'request-id': expect.any(String) as unknown })
    if (version >= 1) expect(answer.sessionLifetimeMs).toBeGreaterThan(899_000)
  })

  test('OAUTHBEARER authenticates with empty auth bytes', async () => {
    await start()
    const client = await connect()
    client.send(handshake(1, 'OAUTHBEARER'))
    client.send(authenticate(2, oauthBearerMessage({ region: emulator.region, ...identity, now: Date.now() })))
    const [, auth] = await client.waitFor(2)
    expect(authAnswer(auth!.payload)).toMatchObject({ errorCode: 0, authBytes: '' })
  })

  test("plaintext clients must sign for the upstream broker's MSK name; TLS clients for their SNI name", async () => {
    await start()
    const wrongHost = await connect()
    wrongHost.send(handshake(1))
    wrongHost.send(authenticate(2, token(identity, 'localhost')))
    const [, denied] = await wrongHost.waitFor(2)
    expect(authAnswer(denied!.payload).errorMessage).toMatch(/^\[[0-9a-f-]{36}\]: Access denied$/)

    const sni = await connect({ tls: { ca: TEST_CA_CERT, servername: 'localhost' } })
    sni.send(handshake(1))
    sni.send(authenticate(2, token(identity, 'localhost')))
    const [, ok] = await sni.waitFor(2)
    expect(authAnswer(ok!.payload).errorCode).toBe(0)
  })

  test('a failed authentication is answered, then the connection closes about 100 ms later', async () => {
    await start()
    const client = await connect()
    client.send(handshake(1))
    client.send(authenticate(2, token({ ...identity, secretAccessKey: 'wrong' })))
    const [, denied] = await client.waitFor(2)
    const answeredAt = Date.now()
    expect(authAnswer(denied!.payload)).toMatchObject({
      errorCode: 58,
      errorMessage: expect.stringMatching(/: Access denied$/) as unknown,
    })
    await client.closed
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(80)
    expect(emulator.stats().authenticationsDenied).toEqual({ 'Access denied': 1 })
  })

  test('an unsupported mechanism gets error 33 with the enabled list, then a close', async () => {
    await start({ mechanisms: ['AWS_MSK_IAM'] })
    const client = await connect()
    client.send(handshake(1, 'OAUTHBEARER'))
    const [answer] = await client.waitFor(1)
    const r = new ByteReader(answer!.payload, 4)
    expect({ error: r.int16(), mechanisms: Array.from({ length: r.int32() }, () => r.string()) }).toEqual({
      error: 33,
      mechanisms: ['AWS_MSK_IAM'],
    })
    await client.closed
  })

  test('rejects a pre-authentication frame above 512 KiB from its size prefix alone', async () => {
    await start()
    const client = await connect()
    client.socket.write(i32(512 * 1024 + 1))
    await client.closed
    expect(emulator.stats().closesByReason).toEqual({ 'invalid-frame': 1 })
  })

  test('pipelined requests are answered in order, with every broker address rewritten', async () => {
    await start()
    const client = await connect()
    // Nothing waits between requests: local SASL answers and Kafka's answers must interleave correctly.
    client.send(apiVersionsV3(10))
    client.send(handshake(11))
    client.send(authenticate(12, token()))
    client.send(metadataV12(13))
    client.send(metadataV4(14))
    client.send(request(60, 1, 15, cat(i8(0), i8(1), tags0), true))
    client.send(apiVersionsV3(16))
    const answers = await client.waitFor(7)
    expect(answers.map((a) => a.correlationId)).toEqual([10, 11, 12, 13, 14, 15, 16])
    const expected = [{ nodeId: 1, host: emulator.brokerHost(1), port: emulator.plaintextPort }]
    expect(metadataBrokers(answers[3]!.payload, 12)).toEqual(expected)
    expect(metadataBrokers(answers[4]!.payload, 4)).toEqual(expected)
    const dc = new ByteReader(answers[5]!.payload, 4)
    dc.skipTaggedFields()
    expect(dc.int32() >= 0 && dc.int16()).toBe(0)
    dc.compactNullableString()
    dc.int8()
    dc.compactString()
    dc.int32()
    expect(dc.compactArrayLength()).toBe(1)
    expect({ nodeId: dc.int32(), host: dc.compactString(), port: dc.int32() }).toEqual(expected[0])
    expect(emulator.stats().requestsForwarded).toBe(5)
  })

  test('FindCoordinator v0 and v4 answers name the emulator', async () => {
    await start()
    const client = await authenticated()
    const group = `emulator-raw-${Date.now()}`
    let v0: { error: number; nodeId: number; host: string; port: number } | undefined
    // The first lookup of a new broker may be COORDINATOR_NOT_AVAILABLE while __consumer_offsets is created.
    for (let attempt = 0; attempt < 40; attempt++) {
      const corr = 100 + attempt
      client.send(request(10, 0, corr, str(group)))
      const answer = (await client.waitFor(2 + attempt + 1)).at(-1)!
      const r = new ByteReader(answer.payload, 4)
      v0 = { error: r.int16(), nodeId: r.int32(), host: r.string(), port: r.int32() }
      if (v0.error === 0) break
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(v0).toEqual({ error: 0, nodeId: 1, host: emulator.brokerHost(1), port: emulator.plaintextPort })
    const before = client.responses.length
    client.send(request(10, 4, 999, cat(i8(0), uv(2), cstr(group), tags0), true))
    const answer = (await client.waitFor(before + 1)).at(-1)!
    const r = new ByteReader(answer.payload, 4)
    r.skipTaggedFields()
    r.int32()
    expect(r.compactArrayLength()).toBe(1)
    expect({
      key: r.compactString(),
      nodeId: r.int32(),
      host: r.compactString(),
      port: r.int32(),
      error: r.int16(),
    }).toEqual({
      key: group,
      nodeId: 1,
      host: emulator.brokerHost(1),
      port: emulator.plaintextPort,
      error: 0,
    })
  })

  test('after the session expires any request but SaslHandshake closes the connection without an answer', async () => {
    await start({ maxSessionMs: 1500 })
    const client = await authenticated()
    await new Promise((resolve) => setTimeout(resolve, 1700))
    client.send(metadataV12(3))
    await client.closed
    expect(client.responses).toHaveLength(2)
    expect(emulator.stats().closesByReason).toEqual({ 'session-expired': 1 })
  })

  test('re-authentication after expiry works on the same connection and renews the session', async () => {
    await start({ maxSessionMs: 1500 })
    const client = await authenticated()
    await new Promise((resolve) => setTimeout(resolve, 1700))
    client.send(handshake(3))
    client.send(authenticate(4, token()))
    client.send(metadataV12(5))
    const answers = await client.waitFor(5)
    expect(authAnswer(answers[3]!.payload)).toMatchObject({ errorCode: 0, sessionLifetimeMs: 1500 })
    expect(answers[4]!.correlationId).toBe(5)
    expect(emulator.stats()).toMatchObject({ authenticationsAccepted: 1, reauthentications: 1 })
  })

  test('a second re-authentication within 1 s is refused with ILLEGAL_SASL_STATE and closed', async () => {
    await start()
    const client = await authenticated()
    client.send(handshake(3))
    client.send(authenticate(4, token()))
    client.send(handshake(5))
    const answers = await client.waitFor(5)
    expect(new ByteReader(answers[4]!.payload, 4).int16()).toBe(34)
    await client.closed
  })

  test("a principal change on re-authentication is refused with Kafka's text", async () => {
    await start()
    const client = await authenticated()
    client.send(handshake(3))
    client.send(authenticate(4, token(other)))
    const answers = await client.waitFor(4)
    expect(authAnswer(answers[3]!.payload)).toMatchObject({
      errorCode: 58,
      errorMessage: `Cannot change principals during re-authentication from IAM.${identity.principalArn}: IAM.${other.principalArn}`,
    })
    await client.closed
  })

  test('connection rate limit: beyond perSecond authentications get Too many connects', async () => {
    await start({ connectionLimits: { perSecond: 2 } })
    const results: (string | null)[] = []
    for (let i = 0; i < 3; i++) {
      const client = await connect()
      client.send(handshake(1))
      client.send(authenticate(2, token()))
      const [, auth] = await client.waitFor(2)
      results.push(authAnswer(auth!.payload).errorMessage)
    }
    expect(results.slice(0, 2)).toEqual([null, null])
    expect(results[2]).toMatch(/^\[[0-9a-f-]{36}\]: Too many connects$/)
    expect(log.filter((e) => e.event === 'authenticate').map((e) => e.outcome)).toEqual([
      'accepted',
      'accepted',
      'denied',
    ])
  })

  test('faults: tooManyConnectsBurst, dropAfterHandshake, delayResponsesMs and dropMidFrame', async () => {
    await start()
    emulator.faults.set({ tooManyConnectsBurst: 1 })
    const burst = await connect()
    burst.send(handshake(1))
    burst.send(authenticate(2, token()))
    const [, auth] = await burst.waitFor(2)
    expect(authAnswer(auth!.payload).errorMessage).toMatch(/: Too many connects$/)

    emulator.faults.set({ dropAfterHandshake: 1 })
    const dropped = await connect()
    dropped.send(handshake(1))
    await dropped.closed
    expect(dropped.responses).toHaveLength(1)

    const slow = await authenticated()
    emulator.faults.set({ delayResponsesMs: 300 })
    const sentAt = Date.now()
    slow.send(metadataV12(3))
    slow.send(apiVersionsV3(4))
    const answers = await slow.waitFor(4)
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(280)
    expect(answers.map((a) => a.correlationId)).toEqual([1, 2, 3, 4])
    emulator.faults.clear()

    const cut = await authenticated()
    emulator.faults.set({ dropMidFrame: 1 })
    cut.send(metadataV12(3))
    await cut.closed
    expect(cut.responses).toHaveLength(2)
    expect(emulator.faults.active()).toEqual({ dropMidFrame: 0 })
    expect(emulator.stats().closesByReason.fault).toBe(2)
  })

  test('close() ends every connection and listener and resolves when all are gone', async () => {
    await start()
    const a = await authenticated()
    const b = await connect({ tls: { ca: TEST_CA_CERT, servername: emulator.brokerHost(1) } })
    // The server side of a TLS 1.3 handshake completes a moment after the client's.
    while (emulator.stats().connectionsOpened < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    // A TCP connection still before its TLS handshake (this client never starts one) is ended too.
    const pending = await RawClient.connect(emulator.tlsPort!).catch(() => undefined)
    await emulator.close()
    await Promise.all([a.closed, b.closed, pending?.closed])
    expect(emulator.stats()).toMatchObject({
      connectionsOpened: 2,
      connectionsClosed: 2,
      closesByReason: { 'emulator-closed': 2 },
    })
    await expect(RawClient.connect(emulator.plaintextPort!)).rejects.toThrow(/ECONNREFUSED/)
  })
})
