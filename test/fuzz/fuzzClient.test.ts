// Property-based fuzzing of everything the client reads from the broker: kafkajs's SASL answer framing
// (decodeSaslResponse), MSK's answer (parseServerResponse), the broker's error text (mapAuthenticationError),
// the scheduler's decoders of SaslHandshake/SaslAuthenticate answers and the scheduler socket itself.
// Whatever arrives: a result or the typed error (MskIamError; WireFormatError from the scheduler's raw
// decoders, which the socket turns into MskIamError), quickly, and never an allocation the bytes claim.
import { EventEmitter } from 'node:events'
import fc from 'fast-check'
import { awsMskIam } from '../../src/awsMskIam.js'
import { mapAuthenticationError, splitBrokerMessage } from '../../src/brokerErrors.js'
import { MAX_SERVER_RESPONSE_BYTES } from '../../src/constants.js'
import { isMskIamError, type MskIamErrorCode } from '../../src/errors.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import { decodeSaslAuthenticateResponse, decodeSaslHandshakeResponse } from '../../src/protocol/saslMessages.js'
import type { ReauthenticationEvent, ReauthenticationFailure } from '../../src/reauth/types.js'
import { decodeSaslResponse, encodeSaslToken, parseServerResponse } from '../../src/saslFraming.js'
import { FakeClock, flushMicrotasks } from '../helpers/FakeClock.js'
import { TEST_SECRETS } from '../helpers/secretScan.js'
import { withinHangLimit } from '../helpers/hangGuard.js'
import { exoticThrown, unbox } from '../helpers/exoticThrown.js'
import { propertyRuns, replayRuns, type FailedSeed } from '../helpers/propertySeed.js'

// FUZZ_RUNS=20000 for a deeper local run; the default keeps the unit suite fast.
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000)

const quick = withinHangLimit

/** The outcome of a call that may only throw MskIamError INVALID_BROKER_RESPONSE. */
function clientOutcome<T>(fn: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: quick(fn) }
  } catch (error) {
    if (isMskIamError(error) && error.code === 'INVALID_BROKER_RESPONSE' && error.retriable) return { ok: false }
    throw error
  }
}

function isWireFormatError(error: unknown): boolean {
  return error instanceof Error && error.name === 'WireFormatError'
}

/** The outcome of a raw decoder that may only throw WireFormatError. */
function wireOutcome<T>(fn: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: quick(fn) }
  } catch (error) {
    if (isWireFormatError(error)) return { ok: false }
    throw error
  }
}

const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}
const int16 = (n: number): Buffer => {
  const b = Buffer.alloc(2)
  b.writeInt16BE(n)
  return b
}
const int64 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigInt64BE(n)
  return b
}
const str16 = (s: string | null): Buffer =>
  s === null ? int16(-1) : Buffer.concat([int16(Buffer.byteLength(s)), Buffer.from(s)])

/** Length prefixes that matter: around the real length, negative, zero, the limit, huge. */
const lengthPrefix = (actual: number) =>
  fc.oneof(
    fc.constant(actual),
    fc.integer({ min: actual - 3, max: actual + 3 }),
    fc.constantFrom(-1, -2, 0, MAX_SERVER_RESPONSE_BYTES, MAX_SERVER_RESPONSE_BYTES + 1, 0x7fffffff, -0x80000000),
    fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  )

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
)

describe('decodeSaslResponse (kafkajs hands it the broker auth_bytes with an int32 prefix)', () => {
  it('returns the bytes the prefix announces, exactly, or throws INVALID_BROKER_RESPONSE', () => {
    const framed = fc
      .uint8Array({ maxLength: MAX_SERVER_RESPONSE_BYTES + 64 })
      .chain((body) => lengthPrefix(body.length).map((prefix) => ({ prefix, body })))
    fc.assert(
      fc.property(framed, ({ prefix, body }) => {
        const raw = Buffer.concat([int32(prefix), body])
        const out = clientOutcome(() => decodeSaslResponse(raw))
        if (!out.ok) return true
        if (prefix === -1 || prefix === 0) return out.value.length === 0
        // A view into what arrived, never a buffer the size of a claim.
        return (
          prefix === body.length &&
          prefix <= MAX_SERVER_RESPONSE_BYTES &&
          out.value.buffer === raw.buffer &&
          out.value.equals(Buffer.from(body))
        )
      }),
      propertyRuns(RUNS),
    )
  })

  it('on arbitrary bytes, and on values that are not a Buffer at all', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        (bytes) => clientOutcome(() => decodeSaslResponse(Buffer.from(bytes))) !== undefined,
      ),
      propertyRuns(RUNS),
    )
    for (const junk of [undefined, null, 'text', 42, {}, [0, 0, 0, 0], new Uint8Array(8)]) {
      expect(clientOutcome(() => decodeSaslResponse(junk as Buffer))).toEqual({ ok: false })
    }
  })

  it('a prefix claiming 2 GB is refused without allocating it', () => {
    const before = process.memoryUsage().arrayBuffers
    for (let i = 0; i < 1_000; i++)
      expect(clientOutcome(() => decodeSaslResponse(Buffer.concat([int32(0x7fffffff), Buffer.alloc(16)])))).toEqual({
        ok: false,
      })
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
  })
})

describe("parseServerResponse (MSK's answer to a successful authentication)", () => {
  const valid = (requestId: string) => Buffer.from(JSON.stringify({ version: '2020_10_22', 'request-id': requestId }))

  it('accepts exactly {"version":"2020_10_22","request-id":<1–256 chars>} and round-trips through the framing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 256, unit: 'grapheme-ascii' }), (requestId) => {
        const framed = encodeSaslToken(valid(requestId).toString('utf8'))
        const out = clientOutcome(() => parseServerResponse(decodeSaslResponse(framed)))
        return out.ok && out.value.requestId === requestId && out.value.version === '2020_10_22'
      }),
      propertyRuns(RUNS),
    )
  })

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        (bytes) => !clientOutcome(() => parseServerResponse(Buffer.from(bytes))).ok || bytes.length > 0,
      ),
      propertyRuns(RUNS),
    )
  })

  it('on arbitrary JSON: only the exact shape passes', () => {
    const shaped = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          version: fc.oneof(fc.constant('2020_10_22'), fc.jsonValue({ maxDepth: 1 })),
          'request-id': fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(
        fc.constantFrom('version', 'request-id', 'Version', 'request_id', '__proto__', 'constructor', 'x'),
        fc.jsonValue({ maxDepth: 1 }),
        { maxKeys: 4 },
      ),
    )
    fc.assert(
      fc.property(shaped, (value) => {
        const text = JSON.stringify(value) ?? 'null'
        const out = clientOutcome(() => parseServerResponse(Buffer.from(text)))
        if (!out.ok) return true
        const parsed = JSON.parse(text) as Record<string, unknown>
        return (
          Object.keys(parsed).length === 2 &&
          parsed['version'] === '2020_10_22' &&
          parsed['request-id'] === out.value.requestId
        )
      }),
      propertyRuns(RUNS),
    )
  })

  it('on huge and deeply nested answers, quickly', () => {
    for (const text of [
      '['.repeat(100_000),
      '{"a":'.repeat(50_000),
      `{"version":"2020_10_22","request-id":"${'x'.repeat(1_000_000)}"}`,
      ' '.repeat(5_000),
    ]) {
      expect(clientOutcome(() => parseServerResponse(Buffer.from(text)))).toEqual({ ok: false })
    }
  })
})

describe("mapAuthenticationError (the broker's error_message is text from the other side)", () => {
  const CODES: ReadonlySet<MskIamErrorCode> = new Set([
    'ACCESS_DENIED',
    'TOO_MANY_CONNECTS',
    'SESSION_TOO_SHORT',
    'INVALID_PAYLOAD',
    'PRINCIPAL_CHANGED',
    'MECHANISM_NOT_ENABLED',
    'AUTHENTICATION_FAILED',
    'INVALID_BROKER_RESPONSE',
    'CONNECTION_LOST',
    'REGION_UNRESOLVED',
    'CREDENTIALS_UNAVAILABLE',
    'CREDENTIALS_EXPIRED',
    'INVALID_OPTIONS',
  ])
  const reasons = fc.oneof(
    anyText,
    fc.constantFrom(
      'Access denied',
      'Too many connects',
      'Session too short',
      'Invalid authentication payload',
      'Cannot change principals during re-authentication from IAM.a: IAM.b',
    ),
    fc
      .tuple(
        fc.constantFrom('Access denied', 'Session too short', 'Cannot change principals'),
        fc.string({ maxLength: 20_000 }),
      )
      .map(([a, b]) => a + b),
    fc.string({ minLength: 5_000, maxLength: 30_000 }),
  )
  const messages = fc.oneof(
    reasons,
    fc.tuple(fc.string({ maxLength: 300 }), reasons).map(([id, reason]) => `[${id}]: ${reason}`),
  )
  const thrown = fc.oneof(
    messages.map((message) => ({ name: 'KafkaJSProtocolError', type: 'SASL_AUTHENTICATION_FAILED', message })),
    messages.map((message) => ({ name: 'KafkaJSProtocolError', type: 'ILLEGAL_SASL_STATE', message })),
    messages.map((message) => ({ name: 'KafkaJSConnectionClosedError', message })),
    messages.map((message) => Object.assign(new Error(message), { type: 'UNSUPPORTED_SASL_MECHANISM' })),
    fc.anything({ maxDepth: 2 }),
    exoticThrown,
  )

  const alwaysTyped = fc.property(thrown, fc.integer({ min: 1, max: 65535 }), (error, port) => {
    const mapped = quick(() =>
      mapAuthenticationError(unbox(error), {
        broker: `b-1.example:${port}`,
        port,
        region: 'us-east-1',
        accessKeyId: 'AKIAEXAMPLE',
        now: 0,
      }),
    )
    return (
      isMskIamError(mapped) &&
      CODES.has(mapped.code) &&
      mapped.message.length < 2_500 &&
      (mapped.requestId === undefined || (mapped.requestId.length >= 1 && mapped.requestId.length <= 128))
    )
  })

  it('always returns an MskIamError with a known code and a bounded message, quickly', () => {
    fc.assert(alwaysTyped, propertyRuns(RUNS))
  })

  const FAILED: FailedSeed<[unknown, number]>[] = [
    // String(error) threw "TypeError: Cannot convert object to primitive value" (issue 10, item 6).
    { seen: 'fresh-clone CI run, issue 10', seed: 350513197, counterexample: [{ toString: '' }, 1] },
  ]
  it.each(FAILED)('regression: seed $seed ($seen)', (failed) => {
    fc.assert(alwaysTyped, replayRuns(failed, RUNS))
  })

  it('splitBrokerMessage takes a request-id only from a leading "[id]: "', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const { requestId, reason } = quick(() => splitBrokerMessage(text))
        return requestId === undefined
          ? reason === text.trim()
          : text.startsWith(`[${requestId}]:`) && !requestId.includes(']')
      }),
      propertyRuns(RUNS),
    )
  })
})

// ---------------------------------------------------------------------------------------------------------
// The scheduler (proactiveReauthentication): decoders and the socket

/** Mostly `usual`, sometimes anything `other` generates: well-formed answers with one thing wrong. */
const mostly = <T>(usual: T, other: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(usual), weight: 3 }, { arbitrary: other, weight: 1 })

/** A SaslAuthenticate v0/v1 response body, well formed or not. */
const authenticateBody = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)), weight: 1 },
  {
    weight: 3,
    arbitrary: fc
      .record({
        errorCode: mostly(0, fc.oneof(fc.constantFrom(34, 58), fc.integer({ min: -32768, max: 32767 }))),
        message: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
        authBytes: fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          fc.constant(new TextEncoder().encode('{"version":"2020_10_22","request-id":"r-1"}')),
        ),
        lifetime: fc.oneof(
          fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
          fc.bigInt({ min: 0n, max: 60_000n }),
          fc.constantFrom(0n, 1n, 2n ** 31n, 2n ** 53n),
        ),
        cut: mostly(0, fc.nat({ max: 12 })),
        lie: mostly(0, fc.integer({ min: -2, max: 2 })),
      })
      .map(({ errorCode, message, authBytes, lifetime, cut, lie }) => {
        const body = Buffer.concat([
          int16(errorCode),
          str16(message),
          int32(authBytes.length + lie),
          Buffer.from(authBytes),
          int64(lifetime),
        ])
        return body.subarray(0, Math.max(0, body.length - cut))
      }),
  },
)

/** A SaslHandshake response body, well formed or not. */
const handshakeBody = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b)), weight: 1 },
  {
    weight: 3,
    arbitrary: fc
      .record({
        errorCode: mostly(0, fc.oneof(fc.constantFrom(33, 34), fc.integer({ min: -32768, max: 32767 }))),
        mechanisms: fc.array(fc.oneof(fc.constant('AWS_MSK_IAM'), fc.string({ maxLength: 20 })), { maxLength: 4 }),
        count: fc.option(fc.oneof(fc.integer({ min: -3, max: 10 }), fc.constant(0x7fffffff)), {
          nil: undefined,
          freq: 3,
        }),
        cut: mostly(0, fc.nat({ max: 6 })),
      })
      .map(({ errorCode, mechanisms, count, cut }) => {
        const body = Buffer.concat([int16(errorCode), int32(count ?? mechanisms.length), ...mechanisms.map(str16)])
        return body.subarray(0, Math.max(0, body.length - cut))
      }),
  },
)

describe("the scheduler's decoders (src/protocol/saslMessages.ts)", () => {
  it('decodeSaslHandshakeResponse: a result or WireFormatError, and a huge count costs nothing', () => {
    fc.assert(
      fc.property(handshakeBody, (body) => {
        const out = wireOutcome(() => decodeSaslHandshakeResponse(body))
        return !out.ok || out.value.mechanisms.length <= body.length / 2
      }),
      propertyRuns(RUNS),
    )
  })

  it('decodeSaslAuthenticateResponse v0/v1: a result or WireFormatError; auth bytes are a view of the body', () => {
    fc.assert(
      fc.property(authenticateBody, fc.constantFrom(0, 1), (body, version) => {
        const out = wireOutcome(() => decodeSaslAuthenticateResponse(body, version))
        if (!out.ok) return true
        const { authBytes, lifetimeOffset } = out.value
        return (
          authBytes.length <= body.length &&
          (version === 0
            ? lifetimeOffset === undefined
            : lifetimeOffset !== undefined && lifetimeOffset + 8 <= body.length)
        )
      }),
      propertyRuns(RUNS),
    )
  })
})

const HOST = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'
const credentials = {
  accessKeyId: 'AKIAFUZZ',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
}

/** The far end of a scheduler socket: records writes, and is where the broker's bytes come from. */
class WireEnd extends EventEmitter {
  readonly written: Buffer[] = []
  destroyed = false
  write(data: Buffer): boolean {
    this.written.push(Buffer.from(data))
    return true
  }
  end(): this {
    this.destroyed = true
    return this
  }
  destroy(): this {
    this.destroyed = true
    return this
  }
  unref(): this {
    return this
  }
}

function responseFrame(correlationId: number, body: Buffer): Buffer {
  return Buffer.concat([int32(body.length + 4), int32(correlationId), body])
}

/** kafkajs's SaslAuthenticate v1 request (header v1, correlation id 7) with an empty token. */
const kafkajsAuthenticate = (() => {
  const message = Buffer.concat([int16(36), int16(1), int32(7), str16('kafkajs'), int32(0)])
  return Buffer.concat([int32(message.length), message])
})()

function schedulerSocket(clock: FakeClock) {
  const inner = new WireEnd()
  const events: ReauthenticationEvent[] = []
  const failures: ReauthenticationFailure[] = []
  const factory = proactiveReauthentication(awsMskIam({ credentials, region: 'us-east-1', clock }), {
    clock,
    random: () => 0.5,
    answerTimeoutMs: 1_000,
    socketFactory: () => inner,
    onReauthenticated: (e) => events.push(e),
    onReauthenticationFailed: (f) => failures.push(f),
  })
  const socket = factory({ host: HOST, port: 9098, ssl: {}, onConnect: () => undefined }) as unknown as EventEmitter & {
    write(b: Buffer): boolean
    destroy(): unknown
  }
  const toKafkajs: Buffer[] = []
  const errors: unknown[] = []
  socket.on('data', (frame: Buffer) => toKafkajs.push(Buffer.from(frame)))
  socket.on('error', (error: unknown) => errors.push(error))
  return { inner, socket, events, failures, toKafkajs, errors }
}

const goodAnswer = (lifetimeMs: bigint) => {
  const auth = Buffer.from('{"version":"2020_10_22","request-id":"r-0"}')
  return Buffer.concat([int16(0), int16(-1), int32(auth.length), auth, int64(lifetimeMs)])
}

describe('the scheduler socket (proactiveReauthentication) on whatever the broker answers', () => {
  it("kafkajs's own SaslAuthenticate answer: passed on with its length, lifetime hidden only when it is a valid positive one", async () => {
    await fc.assert(
      fc.asyncProperty(authenticateBody, async (body) => {
        const clock = new FakeClock()
        const s = schedulerSocket(clock)
        s.socket.write(kafkajsAuthenticate)
        const frame = responseFrame(7, body)
        s.inner.emit('data', frame)
        await flushMicrotasks()
        s.socket.destroy()
        if (s.toKafkajs.length !== 1 || s.toKafkajs[0]!.length !== frame.length || s.errors.length > 0) return false
        const decoded = wireOutcome(() => decodeSaslAuthenticateResponse(body, 1))
        const hidden = decoded.ok && decoded.value.errorCode === 0 && decoded.value.sessionLifetimeMs > 0
        const seen = s.toKafkajs[0]!
        return hidden
          ? seen.readBigInt64BE(8 + decoded.value.lifetimeOffset!) === 0n && s.events.length === 1
          : seen.equals(frame) && s.events.length === 0
      }),
      propertyRuns(400),
    )
  })

  it('renewal answers: the renewal completes, or the connection closes with an MskIamError; never stuck, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(
        handshakeBody,
        authenticateBody,
        fc.boolean(),
        async (handshake, authenticate, validHandshake) => {
          const clock = new FakeClock()
          const s = schedulerSocket(clock)
          s.socket.write(kafkajsAuthenticate)
          s.inner.emit('data', responseFrame(7, goodAnswer(10_000n)))
          await clock.advance(9_000) // renewal at 90 %: SaslHandshake with correlation id -1
          const sent = () => s.inner.written.map((w) => (w.length >= 12 ? w.readInt32BE(8) : NaN))
          if (!sent().includes(-1)) return false
          const handshakeAnswer = validHandshake ? Buffer.concat([int16(0), int32(1), str16('AWS_MSK_IAM')]) : handshake
          s.inner.emit('data', responseFrame(-1, handshakeAnswer))
          await flushMicrotasks()
          if (sent().includes(-2)) s.inner.emit('data', responseFrame(-2, authenticate))
          await clock.advance(1_001) // past answerTimeoutMs: whatever is still pending must give up
          const renewed = s.events.some((e) => e.kind === 'scheduled')
          const closed = s.inner.destroyed
          const typedErrors = s.errors.every((e) => isMskIamError(e))
          const failuresTyped = s.failures.every((f) => isMskIamError(f.error))
          s.socket.destroy()
          return (renewed || (closed && s.errors.length === 1)) && typedErrors && failuresTyped
        },
      ),
      propertyRuns(300),
    )
  })

  it('arbitrary inbound bytes never make the socket throw, and only MskIamErrors are emitted', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const clock = new FakeClock()
        const s = schedulerSocket(clock)
        s.socket.write(kafkajsAuthenticate)
        for (const chunk of chunks) quick(() => s.inner.emit('data', Buffer.from(chunk)))
        s.socket.destroy()
        return s.errors.every((e) => isMskIamError(e))
      }),
      propertyRuns(RUNS),
    )
  })

  it('a lifetime beyond what a timer can hold (> 24.8 days) does not renew at once (real timers)', async () => {
    for (const lifetime of [2n ** 31n, 3_000_000_000n, 2n ** 53n, 2n ** 63n - 1n]) {
      const s = (() => {
        const inner = new WireEnd()
        const factory = proactiveReauthentication(awsMskIam({ credentials, region: 'us-east-1' }), {
          socketFactory: () => inner,
        })
        const socket = factory({
          host: HOST,
          port: 9098,
          ssl: {},
          onConnect: () => undefined,
        }) as unknown as EventEmitter & { write(b: Buffer): boolean; destroy(): unknown }
        socket.on('data', () => undefined)
        return { inner, socket }
      })()
      s.socket.write(kafkajsAuthenticate)
      s.inner.emit('data', responseFrame(7, goodAnswer(lifetime)))
      const writes = s.inner.written.length
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(s.inner.written.length).toBe(writes)
      s.socket.destroy()
    }
  })
})
