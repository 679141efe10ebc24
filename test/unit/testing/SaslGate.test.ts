// The per-connection SASL state machine and the authentication decision, driven with hand-built
// requests, a fake clock and the test signer (the real verifier judges the signatures).
import { decideAuthentication, type AuthenticationPolicy } from '../../../src/testing/decideAuthentication.js'
import { Faults } from '../../../src/testing/Faults.js'
import type { GateAction } from '../../../src/testing/GateAction.js'
import { SaslGate } from '../../../src/testing/SaslGate.js'
import { StatsCounter } from '../../../src/testing/StatsCounter.js'
import type { EmulatorLogEntry, SessionLifetime } from '../../../src/testing/types.js'
import type { EmulatorIdentity } from '../../../src/testing/verifier/types.js'
import { ByteReader } from '../../../src/protocol/ByteReader.js'
import { parseRequestHeader } from '../../../src/protocol/parseRequestHeader.js'
import { bytes, cat, cbytes, i16, request, str, tags0 } from '../../helpers/emulatorBytes.js'
import { oauthBearerMessage, signIamPayload } from '../../helpers/emulatorTestSigner.js'

const HOST = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5)
const alice: EmulatorIdentity = {
  accessKeyId: 'AKIDALICE',
  secretAccessKey: 'alice-secret',
  principalArn: 'arn:aws:iam::111122223333:user/alice',
}
const aliceRole: EmulatorIdentity = {
  accessKeyId: 'ASIAALICE2',
  secretAccessKey: 's2',
  sessionToken: 'tok',
  principalArn: 'arn:aws:sts::111122223333:assumed-role/app/other',
}

function setup(
  opts: {
    admit?: () => boolean
    minSessionMs?: number
    identities?: EmulatorIdentity[]
    sessionLifetime?: SessionLifetime
  } = {},
) {
  let now = T0
  const faults = new Faults()
  const stats = new StatsCounter()
  const logs: Omit<EmulatorLogEntry, 'time'>[] = []
  const identities = new Map((opts.identities ?? [alice, aliceRole]).map((i) => [i.accessKeyId, i]))
  const gate = new SaslGate({
    connectionId: 'c-1',
    expectedHost: HOST,
    mechanisms: () => ['AWS_MSK_IAM', 'OAUTHBEARER'],
    policy: () => ({
      region: 'us-east-1',
      nowMs: now,
      maxSkewMs: 300_000,
      minSessionMs: opts.minSessionMs ?? 1000,
      sessionLifetime: opts.sessionLifetime,
      maxSessionMs: 900_000,
      lookup: (id) => identities.get(id),
      admit: opts.admit ?? (() => true),
    }),
    faults,
    stats,
    log: (e) => logs.push(e),
  })
  let correlationId = 0
  const send = (apiKey: number, version: number, body: Buffer, flexible = false): GateAction => {
    const payload = request(apiKey, version, ++correlationId, body, flexible)
    const header = parseRequestHeader(payload)
    return gate.handle(header, payload.subarray(header.bodyOffset ?? payload.length))
  }
  const handshake = (mechanism = 'AWS_MSK_IAM'): GateAction => send(17, 1, str(mechanism))
  const authenticate = (token: Buffer, version = 1): GateAction =>
    version >= 2 ? send(36, version, cat(cbytes(token), tags0), true) : send(36, version, bytes(token))
  const iam = (id: EmulatorIdentity = alice, extra: { host?: string; expiresSeconds?: number } = {}): Buffer =>
    signIamPayload({ host: extra.host ?? HOST, region: 'us-east-1', ...id, now, expiresSeconds: extra.expiresSeconds })
  return {
    gate,
    faults,
    stats,
    logs,
    send,
    handshake,
    authenticate,
    iam,
    advance: (ms: number) => (now += ms),
    now: () => now,
  }
}

/** Decodes a SaslAuthenticate v1 response frame. */
function authResponse(action: GateAction) {
  if (action.kind !== 'respond') throw new Error(`expected a response, got ${action.kind}`)
  const r = new ByteReader(action.bytes, 8)
  return {
    errorCode: r.int16(),
    errorMessage: r.nullableString(),
    authBytes: r.bytes().toString(),
    lifetime: Number(r.int64()),
    after: action.after,
  }
}

/** Decodes a SaslHandshake response frame. */
function handshakeResponse(action: GateAction) {
  if (action.kind !== 'respond') throw new Error(`expected a response, got ${action.kind}`)
  const r = new ByteReader(action.bytes, 8)
  const errorCode = r.int16()
  const mechanisms = Array.from({ length: r.int32() }, () => r.string())
  return { errorCode, mechanisms, after: action.after }
}

describe('SaslGate before authentication', () => {
  it('forwards ApiVersions, answers the handshake, authenticates and then forwards everything', () => {
    const t = setup()
    expect(t.send(18, 3, Buffer.alloc(0), true)).toEqual({ kind: 'forward' })
    expect(handshakeResponse(t.handshake())).toEqual({
      errorCode: 0,
      mechanisms: ['AWS_MSK_IAM', 'OAUTHBEARER'],
      after: undefined,
    })
    const ok = authResponse(t.authenticate(t.iam()))
    expect(ok).toMatchObject({ errorCode: 0, errorMessage: null, lifetime: 900_000, after: undefined })
    expect(JSON.parse(ok.authBytes)).toEqual({
      version: '2020_10_22',
      'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    })
    expect(t.gate.authenticated).toBe(true)
    expect(t.gate.maxFrameBytes()).toBe(100 * 1024 * 1024)
    expect(t.send(3, 12, Buffer.alloc(0), true)).toEqual({ kind: 'forward' })
    expect(t.stats.snapshot().authenticationsAccepted).toBe(1)
    expect(t.logs.find((l) => l.event === 'authenticate')).toMatchObject({
      outcome: 'accepted',
      principal: alice.principalArn,
      accessKeyId: 'AKIDALICE',
      sessionLifetimeMs: 900_000,
      mechanism: 'AWS_MSK_IAM',
    })
  })

  it('closes on any other request before authentication, and before SaslAuthenticate', () => {
    const t = setup()
    expect(t.send(3, 12, Buffer.alloc(0), true)).toMatchObject({ kind: 'close', reason: 'unexpected-request' })
    const u = setup()
    u.handshake()
    expect(u.send(18, 0, Buffer.alloc(0))).toMatchObject({ kind: 'close', reason: 'unexpected-request' })
    expect(u.gate.maxFrameBytes()).toBe(512 * 1024)
  })

  it('answers an unsupported mechanism with error 33 and the enabled list, then closes', () => {
    const t = setup()
    expect(handshakeResponse(t.handshake('PLAIN'))).toEqual({
      errorCode: 33,
      mechanisms: ['AWS_MSK_IAM', 'OAUTHBEARER'],
      after: { kind: 'close', reason: 'unsupported-mechanism', delayMs: 100 },
    })
    expect(t.send(18, 0, Buffer.alloc(0))).toEqual({ kind: 'ignore' })
  })

  it('treats SaslHandshake v0 like v1', () => {
    const t = setup()
    expect(handshakeResponse(t.send(17, 0, str('AWS_MSK_IAM'))).errorCode).toBe(0)
  })

  it.each([0, 1, 2])(
    'SaslAuthenticate v%i: denies a wrong secret with [request-id]: Access denied and a delayed close',
    (version) => {
      const t = setup()
      t.handshake()
      const action = t.authenticate(t.iam({ ...alice, secretAccessKey: 'wrong' }), version)
      expect(action).toMatchObject({
        kind: 'respond',
        after: { kind: 'close', reason: 'authentication-failed', delayMs: 100 },
      })
      if (version === 1) expect(authResponse(action).errorMessage).toMatch(/^\[[0-9a-f-]{36}\]: Access denied$/)
      expect(t.stats.snapshot().authenticationsDenied).toEqual({ 'Access denied': 1 })
      const entry = t.logs.find((l) => l.event === 'authenticate')
      expect(entry).toMatchObject({ outcome: 'denied', reason: 'Access denied', accessKeyId: 'AKIDALICE' })
      expect(JSON.stringify(t.logs)).not.toMatch(/alice-secret|wrong|x-amz-signature/)
    },
  )

  it('denies a payload signed for another host, and malformed payloads as invalid', () => {
    const t = setup()
    t.handshake()
    expect(authResponse(t.authenticate(t.iam(alice, { host: 'b-2.other.amazonaws.com' }))).errorMessage).toMatch(
      /: Access denied$/,
    )
    const u = setup()
    u.handshake()
    expect(authResponse(u.authenticate(Buffer.from('{not json'))).errorMessage).toMatch(
      /: Invalid authentication payload$/,
    )
  })

  it('accepts OAUTHBEARER with empty auth bytes', () => {
    const t = setup()
    t.handshake('OAUTHBEARER')
    const ok = authResponse(t.authenticate(oauthBearerMessage({ region: 'us-east-1', ...alice, now: t.now() })))
    expect(ok).toMatchObject({ errorCode: 0, authBytes: '', lifetime: 900_000 })
  })

  it('says Too many connects when the rate limit refuses, before looking at the signature', () => {
    const t = setup({ admit: () => false })
    t.handshake()
    expect(authResponse(t.authenticate(Buffer.from('garbage'))).errorMessage).toMatch(
      /^\[[0-9a-f-]{36}\]: Too many connects$/,
    )
  })

  it('says Session too short when credentials expire within minSessionMs', () => {
    const soon = { ...alice, expiresAt: T0 + 500 }
    const t = setup({ identities: [soon] })
    t.handshake()
    expect(authResponse(t.authenticate(t.iam(soon))).errorMessage).toMatch(/: Session too short$/)
  })

  it('by default (credential-expiry) ends the session when the credentials expire, not the signature', () => {
    const t = setup({ identities: [{ ...alice, expiresAt: T0 + 2 * 3600_000 }] })
    t.handshake()
    // The cap of this setup (maxSessionMs 900 000) applies on top; the 120 s signature window does not.
    expect(authResponse(t.authenticate(t.iam(alice, { expiresSeconds: 120 }))).lifetime).toBe(900_000)
    const u = setup({ identities: [{ ...alice, expiresAt: T0 + 60_000 }] })
    u.handshake()
    expect(authResponse(u.authenticate(u.iam(alice, { expiresSeconds: 120 }))).lifetime).toBe(60_000)
  })

  it('with presign-window caps the lifetime at signature expiry and credential expiry', () => {
    const t = setup({ identities: [{ ...alice, expiresAt: T0 + 60_000 }], sessionLifetime: 'presign-window' })
    t.handshake()
    expect(authResponse(t.authenticate(t.iam())).lifetime).toBe(60_000)
    const u = setup({ sessionLifetime: 'presign-window' })
    u.handshake()
    expect(authResponse(u.authenticate(u.iam(alice, { expiresSeconds: 120 }))).lifetime).toBe(120_000)
  })
})

describe('SaslGate after authentication', () => {
  /** A 30 s session: the signature's window, under the presign-window rule. */
  function authenticated(opts: Parameters<typeof setup>[0] = {}) {
    const t = setup({ sessionLifetime: 'presign-window', ...opts })
    t.handshake()
    t.authenticate(t.iam(alice, { expiresSeconds: 30 }))
    return t
  }

  it('closes any request but SaslHandshake after expiry, without an answer', () => {
    const t = authenticated()
    t.advance(30_001)
    expect(t.send(1, 12, Buffer.alloc(0))).toMatchObject({ kind: 'close', reason: 'session-expired' })
  })

  it('re-authenticates on the same connection, also after expiry', () => {
    const t = authenticated()
    t.advance(40_000)
    expect(handshakeResponse(t.handshake()).errorCode).toBe(0)
    expect(t.gate.maxFrameBytes()).toBe(512 * 1024)
    expect(authResponse(t.authenticate(t.iam())).errorCode).toBe(0)
    expect(t.send(1, 12, Buffer.alloc(0))).toEqual({ kind: 'forward' })
    expect(t.stats.snapshot()).toMatchObject({ authenticationsAccepted: 1, reauthentications: 1 })
    expect(t.logs.filter((l) => l.event === 'reauthenticate')).toHaveLength(1)
  })

  it('refuses a second re-authentication within 1 s with ILLEGAL_SASL_STATE and closes', () => {
    const t = authenticated()
    t.handshake()
    t.authenticate(t.iam())
    t.advance(999)
    expect(handshakeResponse(t.handshake())).toEqual({
      errorCode: 34,
      mechanisms: [],
      after: { kind: 'close', reason: 'illegal-sasl-state', delayMs: 100 },
    })
  })

  it('allows the next re-authentication after 1 s', () => {
    const t = authenticated()
    t.handshake()
    t.authenticate(t.iam())
    t.advance(1000)
    expect(handshakeResponse(t.handshake()).errorCode).toBe(0)
  })

  it('closes when another request arrives during re-authentication', () => {
    const t = authenticated()
    t.handshake()
    expect(t.send(0, 7, cat(str(null), i16(1)))).toMatchObject({ kind: 'close', reason: 'illegal-sasl-state' })
  })

  it("refuses a principal change with Kafka's exact text", () => {
    const t = authenticated()
    t.handshake()
    const res = authResponse(t.authenticate(t.iam(aliceRole)))
    expect(res.errorCode).toBe(58)
    expect(res.errorMessage).toBe(
      `Cannot change principals during re-authentication from IAM.${alice.principalArn}: IAM.${aliceRole.principalArn}`,
    )
    expect(res.after).toMatchObject({ kind: 'close', reason: 'authentication-failed' })
  })

  it("refuses a mechanism change at SaslAuthenticate with Kafka's text", () => {
    const t = authenticated()
    expect(handshakeResponse(t.handshake('OAUTHBEARER')).errorCode).toBe(0)
    const res = authResponse(t.authenticate(oauthBearerMessage({ region: 'us-east-1', ...alice, now: t.now() })))
    expect(res.errorMessage).toBe(
      "SASL mechanism 'OAUTHBEARER' requested by client is not supported for re-authentication of mechanism 'AWS_MSK_IAM'",
    )
  })

  it('answers a SaslAuthenticate without handshake with error 34 and keeps the connection', () => {
    const t = authenticated()
    const res = authResponse(t.authenticate(t.iam()))
    expect(res).toMatchObject({
      errorCode: 34,
      errorMessage: 'SaslAuthenticate request received after successful authentication',
      after: undefined,
    })
  })

  it('does not rate-limit re-authentications', () => {
    let permits = 1
    const t = authenticated({ admit: () => permits-- > 0 })
    t.handshake()
    expect(authResponse(t.authenticate(t.iam())).errorCode).toBe(0)
  })
})

describe('SaslGate faults', () => {
  it('dropAfterHandshake and dropAfterAuthenticate mark the answer for a drop, once each', () => {
    const t = setup()
    t.faults.set({ dropAfterHandshake: 1, dropAfterAuthenticate: 1 })
    expect(handshakeResponse(t.handshake()).after).toEqual({
      kind: 'drop',
      reason: 'fault',
      detail: 'dropAfterHandshake',
    })
    expect(authResponse(t.authenticate(t.iam())).after).toEqual({
      kind: 'drop',
      reason: 'fault',
      detail: 'dropAfterAuthenticate',
    })
    expect(t.faults.active()).toEqual({ dropAfterHandshake: 0, dropAfterAuthenticate: 0 })
  })

  it('refuseReauthOnce refuses exactly one re-authentication handshake', () => {
    const t = setup()
    t.handshake()
    t.authenticate(t.iam())
    t.faults.set({ refuseReauthOnce: true })
    expect(handshakeResponse(t.handshake())).toMatchObject({ errorCode: 34, after: { kind: 'close', reason: 'fault' } })
    expect(t.faults.active().refuseReauthOnce).toBe(false)
  })

  it('rejects malformed fault settings', () => {
    expect(() => new Faults().set({ dropMidFrame: -1 })).toThrow(TypeError)
  })
})

describe('decideAuthentication', () => {
  const policy: AuthenticationPolicy = {
    region: 'us-east-1',
    nowMs: T0,
    maxSkewMs: 300_000,
    minSessionMs: 1000,
    maxSessionMs: 10_000,
    lookup: (id) => (id === alice.accessKeyId ? alice : undefined),
    admit: () => true,
  }
  it('caps the session at maxSessionMs', () => {
    const authBytes = signIamPayload({ host: HOST, region: 'us-east-1', ...alice, now: T0 })
    expect(decideAuthentication({ mechanism: 'AWS_MSK_IAM', authBytes, expectedHost: HOST }, policy)).toMatchObject({
      ok: true,
      sessionLifetimeMs: 10_000,
    })
  })
  it('uses a fresh request id per attempt', () => {
    const authBytes = Buffer.from('x')
    const a = decideAuthentication({ mechanism: 'AWS_MSK_IAM', authBytes, expectedHost: HOST }, policy)
    const b = decideAuthentication({ mechanism: 'AWS_MSK_IAM', authBytes, expectedHost: HOST }, policy)
    expect(a.requestId).not.toBe(b.requestId)
  })
})
