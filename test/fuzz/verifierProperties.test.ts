// Property tests: whatever arrives on the wire, the verifiers answer with a verdict and never throw, and
// no change to a signed value of a valid payload is ever accepted.
import fc from 'fast-check'
import type { EmulatorIdentity, Verdict, VerifyContext } from '../../src/testing/verifier/types.js'
import { verifyIamPayload } from '../../src/testing/verifier/verifyIamPayload.js'
import { verifyOauthBearer } from '../../src/testing/verifier/verifyOauthBearer.js'
import { propertyRuns } from '../helpers/propertySeed.js'
import { payloadVectors } from '../helpers/vectors.js'

const RUNS = 3000

const v1 = payloadVectors[0]!
// V1 is signed with session credentials: its token is one of the secrets a verdict must never show.
const sessionToken = v1.inputs.sessionToken
if (sessionToken === null) throw new Error('vector V1 has no session token')
const identity: EmulatorIdentity = {
  accessKeyId: v1.inputs.accessKeyId,
  secretAccessKey: v1.inputs.secretAccessKey,
  sessionToken,
  principalArn: 'arn:aws:iam::123456789012:user/test',
}
const ctx: VerifyContext = {
  expectedHost: v1.inputs.host,
  region: v1.inputs.region,
  nowMs: Date.UTC(2021, 0, 1),
  maxSkewMs: 300_000,
  lookup: (akid) => (akid === identity.accessKeyId ? identity : undefined),
}
const valid = JSON.parse(v1.payloadJson) as Record<string, string>
const encode = (text: string): Uint8Array => new TextEncoder().encode(text)
const secrets = [v1.inputs.secretAccessKey, sessionToken, v1.signature]

function isVerdict(v: Verdict): boolean {
  if (typeof v !== 'object' || v === null) return false
  if (v.ok) return v.identity === identity && Number.isFinite(v.signedAt) && v.signatureExpiresAt > v.signedAt
  return (
    (v.reason === 'Access denied' || v.reason === 'Invalid authentication payload') &&
    typeof v.detail === 'string' &&
    v.detail.length > 0
  )
}

/** Any string, including lone surrogates and control characters. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary-ascii' }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
)

describe('verifyIamPayload never throws', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => isVerdict(verifyIamPayload(bytes, ctx))),
      propertyRuns(RUNS),
    )
  })

  it('on arbitrary JSON objects', () => {
    const objects = fc.dictionary(anyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 12 })
    fc.assert(
      fc.property(objects, (obj) => isVerdict(verifyIamPayload(encode(JSON.stringify(obj)), ctx))),
      propertyRuns(RUNS),
    )
  })

  it('on payloads whose keys all hold arbitrary or valid strings', () => {
    const fields = fc.record(
      Object.fromEntries(
        Object.entries(valid).map(([k, value]) => [
          k,
          fc.option(fc.oneof(fc.constant(value), anyString), { nil: undefined }),
        ]),
      ),
    )
    fc.assert(
      fc.property(fields, (obj) => isVerdict(verifyIamPayload(encode(JSON.stringify(obj)), ctx))),
      propertyRuns(RUNS),
    )
  })
})

describe('verifyIamPayload accepts no change to a signed value', () => {
  it('when one value of a valid payload is replaced', () => {
    const keys = Object.keys(valid).filter((k) => k !== 'user-agent')
    fc.assert(
      fc.property(fc.constantFrom(...keys), anyString, (key, value) => {
        const verdict = verifyIamPayload(encode(JSON.stringify({ ...valid, [key]: value })), ctx)
        if (!isVerdict(verdict)) return false
        if (verdict.ok) return value === valid[key]
        return secrets.some((s) => value.includes(s)) || secrets.every((s) => !verdict.detail.includes(s))
      }),
      propertyRuns(RUNS),
    )
  })
})

describe('verifyOauthBearer never throws', () => {
  const frame = (token: string): Uint8Array => encode(`n,,\x01auth=Bearer ${token}\x01\x01`)
  const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url')

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => isVerdict(verifyOauthBearer(bytes, ctx))),
      propertyRuns(RUNS),
    )
  })

  it('on arbitrary text in the message and token positions', () => {
    fc.assert(
      fc.property(
        anyString,
        (s) => isVerdict(verifyOauthBearer(encode(s), ctx)) && isVerdict(verifyOauthBearer(frame(s), ctx)),
      ),
      propertyRuns(RUNS),
    )
  })

  it('on tokens encoding arbitrary URLs and queries', () => {
    const param = fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'Action',
          'X-Amz-Algorithm',
          'X-Amz-Credential',
          'X-Amz-Date',
          'X-Amz-Expires',
          'X-Amz-SignedHeaders',
          'X-Amz-Signature',
          'X-Amz-Security-Token',
          'User-Agent',
        ),
        anyString,
      ),
      anyString,
    )
    const url = fc.tuple(
      fc.constantFrom('https://kafka.us-east-1.amazonaws.com/?', 'https://', ''),
      fc.array(param, { maxLength: 10 }),
      fc.boolean(),
    )
    fc.assert(
      fc.property(url, ([prefix, params, escape]) => {
        const query = params
          .map(([k, v]) => (escape ? `${percentEncodeAll(k)}=${percentEncodeAll(v)}` : `${k}=${v}`))
          .join('&')
        return isVerdict(verifyOauthBearer(frame(b64url(prefix + query)), ctx))
      }),
      propertyRuns(RUNS),
    )
  })
})

/** Percent-encodes every UTF-8 byte; unlike encodeURIComponent it accepts lone surrogates. */
function percentEncodeAll(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')
}

describe('both verifiers take any Uint8Array', () => {
  it('including a Buffer and a view into a larger buffer', () => {
    const padded = Buffer.concat([Buffer.from('xx'), Buffer.from(v1.payloadJson), Buffer.from('yy')])
    const view = new Uint8Array(padded.buffer, padded.byteOffset + 2, padded.length - 4)
    expect(verifyIamPayload(Buffer.from(v1.payloadJson), ctx).ok).toBe(true)
    expect(verifyIamPayload(view, ctx).ok).toBe(true)
  })

  it('and refuse what is not one, without throwing', () => {
    for (const junk of [
      undefined,
      null,
      'text',
      42,
      {},
      [123, 125],
      new Uint16Array(4),
      new DataView(new ArrayBuffer(4)),
    ]) {
      expect(verifyIamPayload(junk as Uint8Array, ctx)).toMatchObject({
        ok: false,
        reason: 'Invalid authentication payload',
      })
      expect(verifyOauthBearer(junk as Uint8Array, ctx)).toMatchObject({
        ok: false,
        reason: 'Invalid authentication payload',
      })
    }
  })
})
