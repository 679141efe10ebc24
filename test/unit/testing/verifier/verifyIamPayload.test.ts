// verifyIamPayload against the shared vectors: each reference payload is accepted at its own x-amz-date,
// and a one-character change to anything that matters is refused with the reason MSK gives.
import { amzDateToMs, payloadVectors, type PayloadVector } from '../../../helpers/vectors.js'
import type { EmulatorIdentity, Verdict, VerifyContext } from '../../../../src/testing/verifier/types.js'
import { verifyIamPayload } from '../../../../src/testing/verifier/verifyIamPayload.js'

type Vector = PayloadVector
const vectors = payloadVectors

const byName = (name: string): Vector => {
  const v = vectors.find((x) => x.name.startsWith(name))
  if (!v) throw new Error(`no vector ${name}`)
  return v
}
const V1 = byName('V1') // with a session token
const V2 = byName('V2') // long-term keys

const SKEW = 5 * 60 * 1000

/** The vector's x-amz-date as epoch ms, computed here rather than with the verifier's parser. */

function identityOf(v: Vector, patch: Partial<EmulatorIdentity> = {}): EmulatorIdentity {
  return {
    accessKeyId: v.inputs.accessKeyId,
    secretAccessKey: v.inputs.secretAccessKey,
    ...(v.inputs.sessionToken === null ? {} : { sessionToken: v.inputs.sessionToken }),
    principalArn: 'arn:aws:sts::123456789012:assumed-role/app/test',
    ...patch,
  }
}

function ctxFor(v: Vector, patch: Partial<VerifyContext> = {}, identity = identityOf(v)): VerifyContext {
  return {
    expectedHost: v.inputs.host,
    region: v.inputs.region,
    nowMs: amzDateToMs(v.inputs.amzDate),
    maxSkewMs: SKEW,
    lookup: (akid) => (akid === identity.accessKeyId ? identity : undefined),
    ...patch,
  }
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

/** The vector's payload with some keys replaced (undefined removes the key). */
function payloadWith(v: Vector, patch: Record<string, string | undefined>): Uint8Array {
  const obj: Record<string, string | undefined> = { ...(JSON.parse(v.payloadJson) as Record<string, string>), ...patch }
  return bytes(JSON.stringify(obj))
}

/** Changes one character of `text` at `index` to another character of the same class. */
function oneCharChange(text: string, index = text.length - 1): string {
  const c = text[index]!
  const replacement = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'a' ? 'b' : 'a'
  return text.slice(0, index) + replacement + text.slice(index + 1)
}

/** Asserts a refusal and that its log line leaks none of the vector's secrets. */
function expectRefused(verdict: Verdict, reason: string, detail: RegExp, v: Vector = V1): void {
  expect(verdict).toMatchObject({ ok: false, reason })
  if (verdict.ok) return
  expect(verdict.detail).toMatch(detail)
  expect(verdict.detail).not.toContain(v.inputs.secretAccessKey)
  expect(verdict.detail).not.toContain(v.signature)
  if (v.inputs.sessionToken !== null) expect(verdict.detail).not.toContain(v.inputs.sessionToken)
}

const DENIED = 'Access denied'
const INVALID = 'Invalid authentication payload'

describe('verifyIamPayload accepts the reference payloads', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const signedAt = amzDateToMs(v.inputs.amzDate)
    const verdict = verifyIamPayload(bytes(v.payloadJson), ctxFor(v))
    expect(verdict).toEqual({
      ok: true,
      identity: identityOf(v),
      signedAt,
      signatureExpiresAt: signedAt + v.inputs.expiresSeconds * 1000,
    })
  })

  it('accepts any host when no host is expected, and compares hosts case-insensitively', () => {
    expect(verifyIamPayload(bytes(V2.payloadJson), ctxFor(V2, { expectedHost: undefined })).ok).toBe(true)
    expect(verifyIamPayload(bytes(V2.payloadJson), ctxFor(V2, { expectedHost: V2.inputs.host.toUpperCase() })).ok).toBe(
      true,
    )
  })

  it('ignores unknown keys, a missing user-agent and JSON whitespace', () => {
    expect(verifyIamPayload(payloadWith(V1, { 'x-extra': 'whatever', 'user-agent': undefined }), ctxFor(V1)).ok).toBe(
      true,
    )
    const pretty = bytes(JSON.stringify(JSON.parse(V1.payloadJson), null, 2))
    expect(verifyIamPayload(pretty, ctxFor(V1)).ok).toBe(true)
  })

  it('accepts x-amz-date up to the allowed skew on either side', () => {
    const at = amzDateToMs(V1.inputs.amzDate)
    expect(verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, { nowMs: at + SKEW })).ok).toBe(true)
    expect(verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, { nowMs: at - SKEW })).ok).toBe(true)
  })
})

describe('verifyIamPayload denies one-character changes (Access denied)', () => {
  const p = JSON.parse(V1.payloadJson) as Record<string, string>

  it('to the secret', () => {
    const identity = identityOf(V1, { secretAccessKey: oneCharChange(V1.inputs.secretAccessKey) })
    expectRefused(
      verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, {}, identity)),
      DENIED,
      /^signature mismatch for access key "accessKeyId"$/,
    )
  })

  it('to the signature', () => {
    const verdict = verifyIamPayload(
      payloadWith(V1, { 'x-amz-signature': oneCharChange(V1.signature, 10) }),
      ctxFor(V1),
    )
    expectRefused(verdict, DENIED, /signature mismatch/)
  })

  it('to the broker region', () => {
    expectRefused(
      verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, { region: 'us-east-2' })),
      DENIED,
      /^credential scope region "us-east-1", broker region "us-east-2"$/,
    )
  })

  it('to the signed region', () => {
    const credential = p['x-amz-credential']!.replace('us-east-1', 'us-east-2')
    expectRefused(
      verifyIamPayload(payloadWith(V1, { 'x-amz-credential': credential }), ctxFor(V1)),
      DENIED,
      /credential scope region "us-east-2"/,
    )
  })

  it('to the expected host', () => {
    const verdict = verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, { expectedHost: 'examplez.com' }))
    expectRefused(verdict, DENIED, /^signed for host "examples.com", expected "examplez.com"$/)
  })

  it('to the signed host (caught by the signature when any host is accepted)', () => {
    const verdict = verifyIamPayload(payloadWith(V1, { host: 'examplez.com' }), ctxFor(V1, { expectedHost: undefined }))
    expectRefused(verdict, DENIED, /signature mismatch/)
  })

  it('to the time of x-amz-date', () => {
    expectRefused(
      verifyIamPayload(payloadWith(V1, { 'x-amz-date': '20210101T000001Z' }), ctxFor(V1)),
      DENIED,
      /signature mismatch/,
    )
  })

  it('to the day of x-amz-date (scope date no longer matches)', () => {
    const verdict = verifyIamPayload(payloadWith(V1, { 'x-amz-date': '20210102T000000Z' }), ctxFor(V1))
    expectRefused(verdict, DENIED, /^credential scope date 20210101 differs from x-amz-date day 20210102$/)
  })

  it('to x-amz-expires', () => {
    expectRefused(
      verifyIamPayload(payloadWith(V1, { 'x-amz-expires': '901' }), ctxFor(V1)),
      DENIED,
      /signature mismatch/,
    )
  })

  it('to the access key id', () => {
    const credential = p['x-amz-credential']!.replace('accessKeyId', 'accessKeyIe')
    expectRefused(
      verifyIamPayload(payloadWith(V1, { 'x-amz-credential': credential }), ctxFor(V1)),
      DENIED,
      /^unknown access key "accessKeyIe"$/,
    )
  })

  it('to the service', () => {
    const credential = p['x-amz-credential']!.replace('kafka-cluster', 'kafka-clustes')
    expectRefused(
      verifyIamPayload(payloadWith(V1, { 'x-amz-credential': credential }), ctxFor(V1)),
      DENIED,
      /credential scope service "kafka-clustes"/,
    )
  })

  it('to the session token, on either side', () => {
    // The signature covers the token, so a changed payload token fails there first.
    const changed = verifyIamPayload(
      payloadWith(V1, { 'x-amz-security-token': oneCharChange('sessionToken') }),
      ctxFor(V1),
    )
    expectRefused(changed, DENIED, /signature mismatch/)
    const stored = identityOf(V1, { sessionToken: oneCharChange('sessionToken') })
    expectRefused(
      verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, {}, stored)),
      DENIED,
      /^session token mismatch for access key "accessKeyId"$/,
    )
  })
})

describe('verifyIamPayload denies by session token, time and identity (Access denied)', () => {
  const at = amzDateToMs(V1.inputs.amzDate)

  it('a token sent for long-term keys, and a missing token for temporary keys', () => {
    const { sessionToken: _t, ...longTerm } = identityOf(V1)
    expectRefused(
      verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, {}, longTerm)),
      DENIED,
      /^session token sent for access key "accessKeyId", which has none$/,
    )
    const temporary = identityOf(V2, { sessionToken: 'stored-token' })
    expectRefused(
      verifyIamPayload(bytes(V2.payloadJson), ctxFor(V2, {}, temporary)),
      DENIED,
      /^session token missing for temporary access key "ACCESS_KEY"$/,
      V2,
    )
  })

  it('a signature dated beyond the skew allowance in the future (a fast client clock)', () => {
    expectRefused(
      verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, { nowMs: at - SKEW - 1000 })),
      DENIED,
      /^clock skew 301 s \(x-amz-date 20210101T000000Z is ahead of now, allowed 300 s\)$/,
    )
  })

  it('a signature from the past is good until it expires (presigned semantics)', () => {
    expect(verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, { nowMs: at + 612_000 })).ok).toBe(true)
  })

  it('an expired signature, even with a generous skew allowance', () => {
    const verdict = verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, { nowMs: at + 900_000, maxSkewMs: 3_600_000 }))
    expectRefused(verdict, DENIED, /^signature expired 0 s ago \(x-amz-date 20210101T000000Z, x-amz-expires 900\)$/)
  })

  it('expired credentials', () => {
    const identity = identityOf(V1, { expiresAt: at })
    expectRefused(
      verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, {}, identity)),
      DENIED,
      /^credentials for access key "accessKeyId" expired at 2021-01-01T00:00:00.000Z$/,
    )
    expect(verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, {}, identityOf(V1, { expiresAt: at + 1 }))).ok).toBe(true)
  })

  it('a lookup that throws', () => {
    const ctx = ctxFor(V1, {
      lookup: () => {
        throw new Error('store offline')
      },
    })
    expectRefused(
      verifyIamPayload(bytes(V1.payloadJson), ctx),
      DENIED,
      /^identity lookup failed for access key "accessKeyId": "store offline"$/,
    )
  })

  it('everything when the emulator clock is not a number', () => {
    expectRefused(
      verifyIamPayload(bytes(V1.payloadJson), ctxFor(V1, { nowMs: Number.NaN })),
      DENIED,
      /clock \(ctx.nowMs\) is not a finite number/,
    )
  })
})

describe('verifyIamPayload refuses malformed payloads (Invalid authentication payload)', () => {
  const malformed: Array<[string, Uint8Array, RegExp]> = [
    ['empty input', new Uint8Array(0), /not valid JSON/],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0xff, 0x7d]), /not valid UTF-8/],
    ['a byte order mark', bytes(`\uFEFF${V1.payloadJson}`), /not valid JSON/],
    ['a length prefix', Uint8Array.from([0, 0, 1, 0, ...bytes(V1.payloadJson)]), /not valid JSON/],
    ['a JSON array', bytes('[]'), /not a JSON object/],
    ['JSON null', bytes('null'), /not a JSON object/],
    ['a number value', bytes(V1.payloadJson.replace('"900"', '900')), /value of key "x-amz-expires" is not a string/],
    ['a repeated key', bytes(V1.payloadJson.replace('{', '{"host":"other.example",')), /repeats a key/],
    ['an unpaired surrogate', payloadWith(V1, { 'user-agent': '\uD800' }), /unpaired surrogate/],
    ['version 2020_10_23', payloadWith(V1, { version: '2020_10_23' }), /^version "2020_10_23" is not 2020_10_22$/],
    ['another action', payloadWith(V1, { action: 'kafka-cluster:Connecx' }), /action "kafka-cluster:Connecx"/],
    ['another algorithm', payloadWith(V1, { 'x-amz-algorithm': 'AWS4-HMAC-SHA512' }), /x-amz-algorithm/],
    ['more signed headers', payloadWith(V1, { 'x-amz-signedheaders': 'host;x-amz-date' }), /x-amz-signedheaders/],
    [
      'a fractional expiry',
      payloadWith(V1, { 'x-amz-expires': '899.5' }),
      /^x-amz-expires "899.5" is not an integer in 1..604800$/,
    ],
    ['a negative expiry', payloadWith(V1, { 'x-amz-expires': '-3' }), /x-amz-expires "-3"/],
    ['a zero expiry', payloadWith(V1, { 'x-amz-expires': '0' }), /x-amz-expires "0"/],
    ['an expiry over 7 days', payloadWith(V1, { 'x-amz-expires': '604801' }), /x-amz-expires "604801"/],
    ['an expiry with a leading zero', payloadWith(V1, { 'x-amz-expires': '0900' }), /x-amz-expires "0900"/],
    ['an expiry with a space', payloadWith(V1, { 'x-amz-expires': ' 900' }), /x-amz-expires/],
    [
      'an upper-case signature',
      payloadWith(V1, { 'x-amz-signature': V1.signature.toUpperCase() }),
      /^x-amz-signature is not 64 lowercase hex digits$/,
    ],
    ['a short signature', payloadWith(V1, { 'x-amz-signature': V1.signature.slice(1) }), /x-amz-signature/],
    [
      '30 February',
      payloadWith(V1, { 'x-amz-date': '20210230T000000Z' }),
      /x-amz-date "20210230T000000Z" is not yyyyMMddTHHmmssZ/,
    ],
    ['hour 24', payloadWith(V1, { 'x-amz-date': '20210101T240000Z' }), /x-amz-date/],
    ['second 60', payloadWith(V1, { 'x-amz-date': '20210101T000060Z' }), /x-amz-date/],
    ['an extended-format date', payloadWith(V1, { 'x-amz-date': '2021-01-01T00:00:00Z' }), /x-amz-date/],
    ['a date without Z', payloadWith(V1, { 'x-amz-date': '20210101T000000' }), /x-amz-date/],
    [
      'a credential with 4 parts',
      payloadWith(V1, { 'x-amz-credential': 'accessKeyId/20210101/us-east-1/kafka-cluster' }),
      /5/,
    ],
    [
      'a credential with a bad date',
      payloadWith(V1, { 'x-amz-credential': 'accessKeyId/2021011/us-east-1/kafka-cluster/aws4_request' }),
      /date/,
    ],
    [
      'a credential without aws4_request',
      payloadWith(V1, { 'x-amz-credential': 'accessKeyId/20210101/us-east-1/kafka-cluster/aws4_requesx' }),
      /aws4_request/,
    ],
    [
      'a credential without access key',
      payloadWith(V1, { 'x-amz-credential': '/20210101/us-east-1/kafka-cluster/aws4_request' }),
      /empty access key/,
    ],
    ['a host with a newline', payloadWith(V1, { host: 'examples.com\nx-evil:1' }), /is not a host name/],
    ['an empty host', payloadWith(V1, { host: '' }), /is not a host name/],
  ]
  it.each(malformed)('%s', (_name, input, detail) => {
    expectRefused(verifyIamPayload(input, ctxFor(V1)), INVALID, detail)
  })

  it.each([
    'version',
    'host',
    'action',
    'x-amz-algorithm',
    'x-amz-credential',
    'x-amz-date',
    'x-amz-signedheaders',
    'x-amz-expires',
    'x-amz-signature',
  ])('a payload without %s', (key) => {
    expectRefused(
      verifyIamPayload(payloadWith(V1, { [key]: undefined }), ctxFor(V1)),
      INVALID,
      new RegExp(`^payload lacks ${key}$`),
    )
  })

  it('refuses more than 64 KiB without parsing, and accepts exactly 64 KiB', () => {
    const base = V1.payloadJson.length + ',"pad":""'.length
    const padded = (n: number): Uint8Array => payloadWith(V1, { pad: 'x'.repeat(n - base) })
    expect(padded(65536).length).toBe(65536)
    expect(verifyIamPayload(padded(65536), ctxFor(V1)).ok).toBe(true)
    expectRefused(verifyIamPayload(padded(65537), ctxFor(V1)), INVALID, /^payload is 65537 bytes, more than 65536$/)
  })
})
