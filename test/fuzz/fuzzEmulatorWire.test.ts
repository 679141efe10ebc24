// Property-based fuzzing of the emulator's wire side: the frame reader (with size prefixes that lie), the
// byte reader, the request-header and SASL request decoders, the Produce acks peek, the response
// rewriters (bytes from Kafka), the SASL gate, and a whole client connection fed arbitrary bytes.
// Whatever arrives: a result or WireFormatError from the codec, a close with a protocol reason from the
// connection (never 'internal-error'), quickly, and never a buffer the size a prefix claims.
import { EventEmitter } from 'node:events'
import net from 'node:net'
import fc from 'fast-check'
import { ClientConnection, type ConnectionContext } from '../../src/testing/ClientConnection.js'
import { MAX_AUTHENTICATED_FRAME_BYTES, MAX_UNAUTHENTICATED_FRAME_BYTES } from '../../src/testing/constants.js'
import { Faults } from '../../src/testing/Faults.js'
import type { GateEnvironment } from '../../src/testing/GateAction.js'
import { relayResponse } from '../../src/testing/relayResponse.js'
import { SaslGate } from '../../src/testing/SaslGate.js'
import { StatsCounter } from '../../src/testing/StatsCounter.js'
import type { CloseReason } from '../../src/testing/types.js'
import { ByteReader } from '../../src/protocol/ByteReader.js'
import { ByteWriter } from '../../src/protocol/ByteWriter.js'
import { FrameReader, type FrameLimits } from '../../src/protocol/FrameReader.js'
import { parseRequestHeader } from '../../src/protocol/parseRequestHeader.js'
import { readProduceAcks } from '../../src/protocol/readProduceAcks.js'
import { readResponseHeader } from '../../src/testing/wire/responseFrame.js'
import { rewriteResponse } from '../../src/testing/wire/rewriteResponse.js'
import { decodeSaslAuthenticateRequest } from '../../src/testing/wire/saslAuthenticate.js'
import { decodeSaslHandshakeRequest } from '../../src/testing/wire/saslHandshake.js'
import { TEST_SECRETS } from '../helpers/secretScan.js'
import { signIamPayload } from '../helpers/emulatorTestSigner.js'
import { withinHangLimit } from '../helpers/hangGuard.js'
import { propertyRuns } from '../helpers/propertySeed.js'

// FUZZ_RUNS=20000 for a deeper local run; the default keeps the unit suite fast.
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000)

const quick = withinHangLimit

/** A result, or WireFormatError (the codec's only error); anything else fails the property. */
function codec<T>(fn: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: quick(fn) }
  } catch (error) {
    if (error instanceof Error && error.name === 'WireFormatError') return { ok: false }
    throw error
  }
}

const i16 = (v: number) => new ByteWriter().int16(v).toBuffer()
const i32 = (v: number) => new ByteWriter().int32(v).toBuffer()
const prefixed = (payload: Buffer) => Buffer.concat([i32(payload.length), payload])

/** Splits `stream` into chunks of the given sizes (cycled). */
function chop(stream: Buffer, cuts: number[]): Buffer[] {
  const chunks: Buffer[] = []
  for (let at = 0, i = 0; at < stream.length; i++) {
    const size = Math.max(1, cuts[i % cuts.length] ?? 1)
    chunks.push(stream.subarray(at, at + size))
    at += size
  }
  return chunks
}

describe('FrameReader: size prefixes that lie', () => {
  const limitsArb = fc.record({ min: fc.integer({ min: 0, max: 16 }), max: fc.integer({ min: 16, max: 4096 }) })
  // Frames whose declared size may disagree with the bytes that follow, and may be out of limits.
  const declared = fc.array(
    fc.record({
      body: fc.uint8Array({ maxLength: 64 }),
      size: fc.option(fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: -4, max: 80 })), {
        nil: undefined,
        freq: 2,
      }),
    }),
    { maxLength: 8 },
  )

  it('bytes are conserved, frames are exactly what prefixes announce, and "invalid" comes only from the prefix', () => {
    fc.assert(
      fc.property(
        declared,
        limitsArb,
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        (frames, limits, cuts) => {
          const stream = Buffer.concat(
            frames.map(({ body, size }) => Buffer.concat([i32(size ?? body.length), Buffer.from(body)])),
          )
          const reader = new FrameReader()
          let pushed = 0
          let taken = 0
          for (const chunk of chop(stream, cuts)) {
            reader.push(chunk)
            pushed += chunk.length
            for (;;) {
              const next = quick(() => reader.next(limits))
              if (next.kind === 'need-more') break
              const offset = taken
              if (next.kind === 'invalid') {
                // The prefix at the current position really is out of the limits.
                const size = stream.readInt32BE(offset)
                return size === next.size && (next.reason === 'too-small' ? size < limits.min : size > limits.max)
              }
              const size = stream.readInt32BE(offset)
              if (next.frame.length !== size + 4 || !next.frame.equals(stream.subarray(offset, offset + size + 4)))
                return false
              if (size < limits.min || size > limits.max) return false
              taken += next.frame.length
            }
            if (reader.bufferedBytes !== pushed - taken) return false
          }
          return true
        },
      ),
      propertyRuns(RUNS),
    )
  })

  it('a prefix claiming 2 GB: "invalid" at once under the emulator limits, nothing read beyond the prefix', () => {
    for (const limits of [
      { min: 8, max: MAX_UNAUTHENTICATED_FRAME_BYTES },
      { min: 8, max: MAX_AUTHENTICATED_FRAME_BYTES },
    ]) {
      const reader = new FrameReader()
      reader.push(i32(0x7fffffff))
      expect(reader.next(limits)).toEqual({ kind: 'invalid', size: 0x7fffffff, reason: 'too-large' })
      expect(reader.bufferedBytes).toBe(4)
    }
    // Split byte by byte: judged as soon as the fourth byte is there.
    const reader = new FrameReader()
    for (const byte of i32(0x7fffffff).subarray(0, 3)) {
      reader.push(Buffer.from([byte]))
      expect(reader.next({ min: 8, max: 1024 })).toEqual({ kind: 'need-more' })
    }
    reader.push(Buffer.from([0xff]))
    expect(reader.next({ min: 8, max: 1024 })).toMatchObject({ kind: 'invalid', reason: 'too-large' })
  })

  it('a prefix claiming 2 GB under a limit that allows it (the scheduler reads broker frames so): the reader holds only what arrived', () => {
    const reader = new FrameReader()
    const any: FrameLimits = { min: 0, max: 0x7fffffff }
    const before = process.memoryUsage().arrayBuffers
    reader.push(i32(0x7fffffff))
    const chunk = Buffer.alloc(64 * 1024, 7)
    for (let i = 0; i < 64; i++) {
      reader.push(chunk) // the same 64 KB view, 4 MB in total
      expect(reader.next(any)).toEqual({ kind: 'need-more' })
    }
    expect(reader.bufferedBytes).toBe(4 + 64 * chunk.length)
    // Chunks are kept as they came (views): no copy, let alone 2 GB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
    reader.clear()
    expect(reader.bufferedBytes).toBe(0)
  })

  it('negative and tiny prefixes are "too-small" before anything else is read', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 7 }), fc.uint8Array({ maxLength: 32 }), (size, rest) => {
        const reader = new FrameReader()
        reader.push(Buffer.concat([i32(size), Buffer.from(rest)]))
        const next = reader.next({ min: 8, max: 1024 })
        return next.kind === 'invalid' && next.reason === 'too-small' && next.size === size
      }),
      propertyRuns(RUNS),
    )
  })
})

describe('ByteReader: any sequence of reads over any bytes', () => {
  const ops = [
    'int8',
    'int16',
    'int32',
    'int64',
    'uvarint',
    'nullableString',
    'string',
    'compactNullableString',
    'compactString',
    'bytes',
    'compactBytes',
    'arrayLength',
    'compactArrayLength',
    'skipTaggedFields',
  ] as const
  it('returns values or throws WireFormatError; the offset never passes the end', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.constantFrom(...ops), { maxLength: 12 }),
        (bytes, sequence) => {
          const reader = new ByteReader(Buffer.from(bytes))
          for (const op of sequence) {
            // eslint-disable-next-line @typescript-eslint/unbound-method -- applied to the reader it was read from
            const out = codec(() => Reflect.apply(reader[op], reader, []) as unknown)
            if (reader.offset > bytes.length) return false
            if (!out.ok) return true
            if (op === 'uvarint' && !(typeof out.value === 'number' && out.value >= 0 && out.value <= 0xffffffff))
              return false
          }
          return true
        },
      ),
      propertyRuns(RUNS),
    )
  })

  it('lengths that claim more than there is are refused, not allocated', () => {
    const huge: Array<() => unknown> = [
      () => new ByteReader(Buffer.concat([i32(0x7fffffff), Buffer.alloc(8)])).bytes(),
      () => new ByteReader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])).compactBytes(),
      () => new ByteReader(Buffer.concat([i16(0x7fff), Buffer.alloc(8)])).string(),
      () => new ByteReader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])).compactString(),
      () => new ByteReader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).uvarint(),
    ]
    for (const read of huge) expect(codec(read)).toEqual({ ok: false })
  })
})

// ---------------------------------------------------------------------------------------------------------
// Requests from clients

interface HeaderFields {
  apiKey: number
  apiVersion: number
  correlationId: number
  clientId: string | null
}

const headerFields = fc.record({
  apiKey: fc.oneof(fc.constantFrom(0, 3, 10, 17, 18, 36, 60), fc.integer({ min: -32768, max: 32767 })),
  apiVersion: fc.oneof(fc.integer({ min: 0, max: 15 }), fc.integer({ min: -32768, max: 32767 })),
  correlationId: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  clientId: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
})

/** Request header v1, plus an empty tagged-field section for flexible versions when `tagged`. */
function encodeHeader(h: HeaderFields, tagged: boolean): Buffer {
  const w = new ByteWriter().int16(h.apiKey).int16(h.apiVersion).int32(h.correlationId).nullableString(h.clientId)
  if (tagged) w.emptyTaggedFields()
  return w.toBuffer()
}

describe('request decoders', () => {
  it('parseRequestHeader: arbitrary bytes give a header or WireFormatError; the body offset is inside the payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const out = codec(() => parseRequestHeader(Buffer.from(bytes)))
        return !out.ok || out.value.bodyOffset === undefined || out.value.bodyOffset <= bytes.length
      }),
      propertyRuns(RUNS),
    )
  })

  it('parseRequestHeader: round trip of every field, client id null included', () => {
    fc.assert(
      fc.property(headerFields, fc.uint8Array({ maxLength: 16 }), (h, body) => {
        // The body offset follows the header; for flexible versions of parsed APIs, after the tag section.
        const first = parseRequestHeader(Buffer.concat([encodeHeader(h, false), Buffer.from([0]), Buffer.from(body)]))
        const tagged = first.bodyOffset !== undefined && first.bodyOffset > encodeHeader(h, false).length
        const payload = Buffer.concat([encodeHeader(h, tagged), Buffer.from(body)])
        const out = codec(() => parseRequestHeader(payload))
        return (
          out.ok &&
          out.value.apiKey === h.apiKey &&
          out.value.apiVersion === h.apiVersion &&
          out.value.correlationId === h.correlationId &&
          out.value.clientId === h.clientId &&
          (out.value.bodyOffset === undefined || payload.subarray(out.value.bodyOffset).equals(Buffer.from(body)))
        )
      }),
      propertyRuns(RUNS),
    )
  })

  it('SaslHandshake and SaslAuthenticate (v0–v2) request bodies: result or WireFormatError, and round trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 2 }), (bytes, version) => {
        const body = Buffer.from(bytes)
        const handshake = codec(() => decodeSaslHandshakeRequest(body))
        const authenticate = codec(() => decodeSaslAuthenticateRequest(body, version))
        return (
          (!handshake.ok || typeof handshake.value.mechanism === 'string') &&
          (!authenticate.ok || authenticate.value.authBytes.length <= body.length)
        )
      }),
      propertyRuns(RUNS),
    )
    fc.assert(
      fc.property(
        fc.string({ maxLength: 100 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 0, max: 2 }),
        (mechanism, token, version) => {
          const handshake = decodeSaslHandshakeRequest(new ByteWriter().nullableString(mechanism).toBuffer())
          const w = new ByteWriter()
          if (version >= 2) w.compactBytes(token).emptyTaggedFields()
          else w.bytes(token)
          return (
            handshake.mechanism === mechanism &&
            decodeSaslAuthenticateRequest(w.toBuffer(), version).authBytes.equals(Buffer.from(token))
          )
        },
      ),
      propertyRuns(RUNS),
    )
  })

  it('readProduceAcks: any body, any version', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.integer({ min: -1, max: 20 }), (bytes, version) => {
        const out = codec(() => readProduceAcks(Buffer.from(bytes), version))
        return !out.ok || (Number.isInteger(out.value) && out.value >= -32768 && out.value <= 32767)
      }),
      propertyRuns(RUNS),
    )
  })
})

// ---------------------------------------------------------------------------------------------------------
// Responses from Kafka

describe('response rewriters (bytes from Kafka)', () => {
  const endpointFor = (nodeId: number) =>
    nodeId < 0 ? undefined : { host: `b-${nodeId}.local.abc123.c1.kafka.us-east-1.amazonaws.com`, port: 9098 }

  it('Metadata, FindCoordinator, DescribeCluster, ApiVersions and others: a payload or WireFormatError for any bytes and version', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(3, 10, 60, 18, 0, 1),
        fc.integer({ min: 0, max: 14 }),
        fc.uint8Array({ maxLength: 200 }),
        (apiKey, version, bytes) => {
          const payload = Buffer.concat([i32(1), Buffer.from(bytes)])
          const out = codec(() => rewriteResponse(apiKey, version, payload, endpointFor))
          return !out.ok || Buffer.isBuffer(out.value)
        },
      ),
      propertyRuns(RUNS),
    )
  })

  it('array counts that claim millions of entries end in WireFormatError quickly', () => {
    for (const [apiKey, version, body] of [
      [3, 1, Buffer.concat([i32(0x7fffffff)])],
      [3, 9, Buffer.from([0, 0xff, 0xff, 0xff, 0xff, 0x0f])],
      [18, 0, Buffer.concat([i16(0), i32(0x7fffffff)])],
      [18, 3, Buffer.concat([i16(0), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])])],
      // DescribeCluster v0: header tags, throttle, error, null message, cluster id "A", controller, brokers count
      [
        60,
        0,
        Buffer.concat([
          Buffer.from([0]),
          i32(0),
          i16(0),
          Buffer.from([0, 2, 0x41]),
          i32(1),
          Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]),
        ]),
      ],
      [10, 4, Buffer.concat([Buffer.from([0]), i32(0), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])])],
    ] as const) {
      expect(codec(() => rewriteResponse(apiKey, version, Buffer.concat([i32(1), body]), endpointFor))).toEqual({
        ok: false,
      })
    }
  })

  it('relayResponse and readResponseHeader never throw past their contract', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 4, maxLength: 120 }),
        fc.constantFrom(3, 10, 60, 18, 0, 36),
        fc.integer({ min: 0, max: 13 }),
        (bytes, apiKey, apiVersion) => {
          const payload = Buffer.from(bytes)
          const request = { correlationId: payload.readInt32BE(0), apiKey, apiVersion, slot: { id: 0 } }
          const relayed = quick(() => relayResponse(request, prefixed(payload), payload, endpointFor))
          const header = codec(() => readResponseHeader(payload, 1))
          return typeof relayed.ok === 'boolean' && (!header.ok || header.value.bodyOffset <= payload.length)
        },
      ),
      propertyRuns(RUNS),
    )
  })
})

// ---------------------------------------------------------------------------------------------------------
// The SASL gate and a whole client connection

const HOST = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'
const identity = {
  accessKeyId: 'AKIAFUZZ0000000000001',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  principalArn: 'arn:aws:iam::123456789012:user/fuzz',
}

function environment(log: Array<Record<string, unknown>> = []): GateEnvironment {
  return {
    connectionId: 'fuzz-1',
    expectedHost: HOST,
    mechanisms: () => ['AWS_MSK_IAM', 'OAUTHBEARER'],
    policy: () => ({
      region: 'us-east-1',
      nowMs: Date.now(),
      maxSkewMs: 300_000,
      minSessionMs: 1_000,
      maxSessionMs: 900_000,
      lookup: (id) => (id === identity.accessKeyId ? identity : undefined),
      admit: () => true,
    }),
    faults: new Faults(),
    stats: new StatsCounter(),
    log: (entry) => void log.push(entry),
  }
}

/** A request payload (no size prefix): SASL requests that may be right, and anything else. */
const requestPayload = fc.oneof(
  fc
    .constantFrom('AWS_MSK_IAM', 'OAUTHBEARER', 'PLAIN', '')
    .map((mechanism) =>
      Buffer.concat([
        encodeHeader({ apiKey: 17, apiVersion: 1, correlationId: 1, clientId: 'c' }, false),
        new ByteWriter().nullableString(mechanism).toBuffer(),
      ]),
    ),
  fc
    .record({ version: fc.integer({ min: 0, max: 3 }), valid: fc.boolean(), junk: fc.uint8Array({ maxLength: 40 }) })
    .map(({ version, valid, junk }) => {
      const token = valid
        ? signIamPayload({
            host: HOST,
            region: 'us-east-1',
            accessKeyId: identity.accessKeyId,
            secretAccessKey: identity.secretAccessKey,
            now: Date.now(),
          })
        : Buffer.from(junk)
      const body = new ByteWriter()
      if (version >= 2) body.compactBytes(token).emptyTaggedFields()
      else body.bytes(token)
      return Buffer.concat([
        encodeHeader({ apiKey: 36, apiVersion: version, correlationId: 2, clientId: 'c' }, version >= 2),
        body.toBuffer(),
      ])
    }),
  fc
    .tuple(headerFields, fc.uint8Array({ maxLength: 40 }))
    .map(([h, body]) => Buffer.concat([encodeHeader(h, false), Buffer.from(body)])),
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
)

describe('SaslGate: any sequence of requests', () => {
  it('decides each request (as the connection feeds them) with an action or WireFormatError', () => {
    fc.assert(
      fc.property(fc.array(requestPayload, { minLength: 1, maxLength: 8 }), (payloads) => {
        const gate = new SaslGate(environment())
        for (const payload of payloads) {
          const header = codec(() => parseRequestHeader(payload))
          if (!header.ok) return true // the connection closes as malformed-request
          const body =
            header.value.bodyOffset === undefined ? Buffer.alloc(0) : payload.subarray(header.value.bodyOffset)
          const action = codec(() => gate.handle(header.value, body))
          if (!action.ok) return true
          if (!['forward', 'respond', 'close', 'ignore'].includes(action.value.kind)) return false
          // The connection reads nothing more after a close or a final answer.
          if (action.value.kind === 'close' || (action.value.kind === 'respond' && action.value.after !== undefined))
            return true
        }
        return true
      }),
      propertyRuns(RUNS),
    )
  })
})

/** The client end of a connection as ClientConnection sees it. */
class FakeClientSocket extends EventEmitter {
  destroyed = false
  closed = false
  readonly written: Buffer[] = []
  setNoDelay(): this {
    return this
  }
  pause(): this {
    return this
  }
  resume(): this {
    return this
  }
  write(data: Buffer, callback?: () => void): boolean {
    this.written.push(Buffer.from(data))
    if (callback) queueMicrotask(callback)
    return true
  }
  destroy(): this {
    if (this.destroyed) return this
    this.destroyed = true
    queueMicrotask(() => {
      this.closed = true
      this.emit('close')
    })
    return this
  }
}

describe('ClientConnection fed arbitrary bytes in arbitrary chunks', () => {
  let upstream: net.Server
  let upstreamPort = 0
  const accepted = new Set<net.Socket>()

  beforeAll(async () => {
    // Kafka's stand-in: accepts and never answers (the emulator only forwards to it).
    upstream = net.createServer((socket) => {
      accepted.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => accepted.delete(socket))
    })
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    upstreamPort = (upstream.address() as net.AddressInfo).port
  })

  afterAll(async () => {
    for (const socket of accepted) socket.destroy()
    await new Promise((resolve) => upstream.close(resolve))
  })

  const PROTOCOL_CLOSES: ReadonlySet<CloseReason> = new Set([
    'invalid-frame',
    'malformed-request',
    'unexpected-request',
    'unsupported-version',
    'unsupported-mechanism',
    'authentication-failed',
    'illegal-sasl-state',
    'session-expired',
    'emulator-closed',
    'upstream-error',
    'upstream-closed',
  ])

  it('closes only for protocol reasons (never internal-error), before and after authenticating', async () => {
    const anyPart = fc.oneof(
      { arbitrary: requestPayload.map(prefixed), weight: 4 },
      { arbitrary: fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)), weight: 1 },
    )
    // Half the streams authenticate properly first, so that what follows meets the authenticated paths
    // (forwarding, Produce acks, re-authentication, session checks).
    const session = fc
      .array(anyPart, { maxLength: 5 })
      .map((rest) => [prefixed(handshakeRequest()), prefixed(authenticateRequest()), ...rest])
    const stream = fc.oneof(fc.array(anyPart, { minLength: 1, maxLength: 6 }), session)
    await fc.assert(
      fc.asyncProperty(
        stream,
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 6 }),
        async (parts, cuts) => {
          const client = new FakeClientSocket()
          const closes: Array<{ reason: CloseReason; detail: string | undefined }> = []
          const ctx: ConnectionContext = {
            ...environment(),
            listener: 'tls',
            upstream: { host: '127.0.0.1', port: upstreamPort },
            endpointFor: (nodeId) => (nodeId < 0 ? undefined : { host: HOST, port: 9098 }),
            onClosed: (_c, reason, detail) => void closes.push({ reason, detail }),
          }
          const connection = new ClientConnection(client as unknown as net.Socket, ctx)
          for (const chunk of chop(Buffer.concat(parts), cuts)) quick(() => client.emit('data', chunk))
          await new Promise((resolve) => setImmediate(resolve))
          connection.close('emulator-closed')
          await connection.done
          return closes.length === 1 && PROTOCOL_CLOSES.has(closes[0]!.reason)
        },
      ),
      propertyRuns(150),
    )
  })

  it.each([
    ['before authentication (limit 512 KB)', false],
    ['after authentication (limit 100 MB)', true],
  ])('a request frame claiming 2 GB is refused on its prefix, %s', async (_name, authenticate) => {
    const client = new FakeClientSocket()
    const closes: CloseReason[] = []
    const ctx: ConnectionContext = {
      ...environment(),
      listener: 'tls',
      upstream: { host: '127.0.0.1', port: upstreamPort },
      endpointFor: () => undefined,
      onClosed: (_c, reason) => void closes.push(reason),
    }
    const connection = new ClientConnection(client as unknown as net.Socket, ctx)
    if (authenticate)
      client.emit('data', Buffer.concat([prefixed(handshakeRequest()), prefixed(authenticateRequest())]))
    expect(ctx.stats.snapshot().authenticationsAccepted).toBe(authenticate ? 1 : 0)
    client.emit('data', i32(0x7fffffff))
    client.emit('data', Buffer.alloc(1024))
    expect(closes).toEqual(['invalid-frame'])
    await connection.done
  })
})

function handshakeRequest(): Buffer {
  return Buffer.concat([
    encodeHeader({ apiKey: 17, apiVersion: 1, correlationId: 1, clientId: 'fuzz' }, false),
    new ByteWriter().nullableString('AWS_MSK_IAM').toBuffer(),
  ])
}

function authenticateRequest(): Buffer {
  const token = signIamPayload({
    host: HOST,
    region: 'us-east-1',
    accessKeyId: identity.accessKeyId,
    secretAccessKey: identity.secretAccessKey,
    now: Date.now(),
  })
  return Buffer.concat([
    encodeHeader({ apiKey: 36, apiVersion: 1, correlationId: 2, clientId: 'fuzz' }, false),
    new ByteWriter().bytes(token).toBuffer(),
  ])
}
