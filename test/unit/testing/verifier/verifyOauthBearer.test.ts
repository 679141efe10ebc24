// verifyOauthBearer against tokens built by a presigner written here with node:crypto alone. The helper
// is itself checked against a shared vector, so the two only agree if both follow SigV4.
import fc from 'fast-check'
import { createHash, createHmac } from 'node:crypto'
import type { EmulatorIdentity, Verdict, VerifyContext } from '../../../../src/testing/verifier/types.js'
import { verifyOauthBearer } from '../../../../src/testing/verifier/verifyOauthBearer.js'
import { propertyRuns } from '../../../helpers/propertySeed.js'
import { payloadVectors } from '../../../helpers/vectors.js'

interface Presign {
  host: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  amzDate: string
  expires: string
  userAgent?: string
  /** Reorders the URL's parameters after signing (the signature does not depend on order). */
  shuffle?: boolean
}

// encodeURIComponent leaves !'()* alone; SigV4 encodes them.
const enc = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest()
const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex')

/** A SigV4 presigned `GET https://<host>/?Action=kafka-cluster:Connect...` URL, as the MSK signer makes it. */
function presignUrl(o: Presign): { url: string; signature: string } {
  const date = o.amzDate.slice(0, 8)
  const scope = `${date}/${o.region}/kafka-cluster/aws4_request`
  const params: Array<[string, string]> = [
    ['Action', 'kafka-cluster:Connect'],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${o.accessKeyId}/${scope}`],
    ['X-Amz-Date', o.amzDate],
    ['X-Amz-Expires', o.expires],
    ['X-Amz-SignedHeaders', 'host'],
  ]
  if (o.sessionToken !== undefined) params.push(['X-Amz-Security-Token', o.sessionToken])
  const query = params
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .sort()
    .join('&')
  const request = `GET\n/\n${query}\nhost:${o.host}\n\nhost\n${sha256('')}`
  const toSign = `AWS4-HMAC-SHA256\n${o.amzDate}\n${scope}\n${sha256(request)}`
  const key = hmac(hmac(hmac(hmac(`AWS4${o.secretAccessKey}`, date), o.region), 'kafka-cluster'), 'aws4_request')
  const signature = hmac(key, toSign).toString('hex')
  const parts = [...query.split('&'), `X-Amz-Signature=${signature}`]
  if (o.userAgent !== undefined) parts.push(`User-Agent=${enc(o.userAgent)}`)
  if (o.shuffle) parts.reverse()
  return { url: `https://${o.host}/?${parts.join('&')}`, signature }
}

const tokenOf = (url: string): string => Buffer.from(url, 'utf8').toString('base64url')
const messageOf = (token: string, gs2 = 'n,,', extra = ''): Uint8Array =>
  new TextEncoder().encode(`${gs2}\x01auth=Bearer ${token}\x01${extra}\x01`)

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+secret=='
const AT = Date.UTC(2024, 5, 1, 12, 0, 0)
const base: Presign = {
  host: 'kafka.us-east-1.amazonaws.com',
  region: 'us-east-1',
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: SECRET,
  sessionToken: TOKEN,
  amzDate: '20240601T120000Z',
  expires: '900',
  userAgent: 'kafkajs-msk-iam/0.1.0 node/20',
}
const identity: EmulatorIdentity = {
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: SECRET,
  sessionToken: TOKEN,
  principalArn: 'arn:aws:sts::123456789012:assumed-role/app/test',
}
const ctx = (patch: Partial<VerifyContext> = {}, id: EmulatorIdentity = identity): VerifyContext => ({
  expectedHost: 'b-1.demo.abc123.c2.kafka.us-east-1.amazonaws.com',
  region: 'us-east-1',
  nowMs: AT,
  maxSkewMs: 5 * 60 * 1000,
  lookup: (akid) => (akid === id.accessKeyId ? id : undefined),
  ...patch,
})
const verify = (o: Partial<Presign> = {}, c: VerifyContext = ctx()): Verdict =>
  verifyOauthBearer(messageOf(tokenOf(presignUrl({ ...base, ...o }).url)), c)
const signatureOf = (o: Partial<Presign> = {}): string => presignUrl({ ...base, ...o }).signature

function expectRefused(verdict: Verdict, reason: string, detail: RegExp): void {
  expect(verdict).toMatchObject({ ok: false, reason })
  if (verdict.ok) return
  expect(verdict.detail).toMatch(detail)
  for (const secret of [SECRET, TOKEN, signatureOf()]) expect(verdict.detail).not.toContain(secret)
}
const DENIED = 'Access denied'
const INVALID = 'Invalid authentication payload'

describe('the test presigner', () => {
  it('reproduces the V1 shared vector signature', () => {
    const v = payloadVectors[0]!
    const { host, region, accessKeyId, secretAccessKey, sessionToken, amzDate, expiresSeconds } = v.inputs
    const signed = presignUrl({
      host,
      region,
      accessKeyId,
      secretAccessKey,
      sessionToken: sessionToken ?? undefined,
      amzDate,
      expires: String(expiresSeconds),
    })
    expect(signed.signature).toBe(v.signature)
  })
})

describe('verifyOauthBearer accepts', () => {
  it('a valid token, reporting when it was signed and when it expires', () => {
    expect(verify()).toEqual({ ok: true, identity, signedAt: AT, signatureExpiresAt: AT + 900_000 })
  })

  it('query parameters in any order, without User-Agent, and with a changed (unsigned) User-Agent', () => {
    expect(verify({ shuffle: true }).ok).toBe(true)
    expect(verify({ userAgent: undefined }).ok).toBe(true)
    expect(verify({ userAgent: 'something else entirely' }).ok).toBe(true)
  })

  it('an authzid, a lower-case scheme and SASL extensions', () => {
    const token = tokenOf(presignUrl(base).url)
    expect(verifyOauthBearer(messageOf(token, 'n,a=user=2Cname,'), ctx()).ok).toBe(true)
    const lower = new TextEncoder().encode(`n,,\x01auth=bearer ${token}\x01\x01`)
    expect(verifyOauthBearer(lower, ctx()).ok).toBe(true)
    expect(verifyOauthBearer(messageOf(token, 'n,,', 'traceid=abc 123\x01'), ctx()).ok).toBe(true)
  })

  it('long-term keys without a token', () => {
    const { sessionToken: _t, ...longTerm } = identity
    expect(verify({ sessionToken: undefined }, ctx({}, longTerm)).ok).toBe(true)
  })

  // AWS's signers (Java, JS, Python, Go) sign for kafka.<region>.amazonaws.com in every partition.
  it('a China region token signed for kafka.<region>.amazonaws.com, as AWS signers make it', () => {
    const c = ctx({ region: 'cn-north-1' })
    expect(verify({ host: 'kafka.cn-north-1.amazonaws.com', region: 'cn-north-1' }, c).ok).toBe(true)
  })

  it('regardless of ctx.expectedHost, which names the broker, not the signed service host', () => {
    expect(verify({}, ctx({ expectedHost: 'some.other.host' })).ok).toBe(true)
    expect(verify({}, ctx({ expectedHost: undefined })).ok).toBe(true)
  })
})

describe('verifyOauthBearer denies (Access denied)', () => {
  it('a one-character change to the secret', () => {
    expectRefused(
      verify({}, ctx({}, { ...identity, secretAccessKey: `${SECRET.slice(0, -1)}Z` })),
      DENIED,
      /^signature mismatch for access key "ASIAEXAMPLE"$/,
    )
  })

  it('a one-character change to the signature', () => {
    const { url, signature } = presignUrl(base)
    const flipped = signature.slice(0, 5) + (signature[5] === '0' ? '1' : '0') + signature.slice(6)
    const verdict = verifyOauthBearer(messageOf(tokenOf(url.replace(signature, flipped))), ctx())
    expectRefused(verdict, DENIED, /signature mismatch/)
  })

  it('a one-character change to the region', () => {
    expectRefused(
      verify({ region: 'us-east-2' }),
      DENIED,
      /^credential scope region "us-east-2", broker region "us-east-1"$/,
    )
    expectRefused(
      verify({}, ctx({ region: 'us-east-2' })),
      DENIED,
      /credential scope region "us-east-1", broker region "us-east-2"/,
    )
  })

  it('a token signed for another host, or a host changed after signing', () => {
    expectRefused(
      verify({ host: 'kafka.us-east-2.amazonaws.com' }),
      DENIED,
      /^signed for host "kafka.us-east-2.amazonaws.com", expected "kafka.us-east-1.amazonaws.com"$/,
    )
    // No AWS signer uses the partition's DNS suffix: a .amazonaws.com.cn token is not what MSK checks.
    expectRefused(
      verify({ host: 'kafka.cn-north-1.amazonaws.com.cn', region: 'cn-north-1' }, ctx({ region: 'cn-north-1' })),
      DENIED,
      /^signed for host "kafka.cn-north-1.amazonaws.com.cn", expected "kafka.cn-north-1.amazonaws.com"$/,
    )
    expectRefused(verify({ host: 'b-1.demo.abc123.c2.kafka.us-east-1.amazonaws.com' }), DENIED, /signed for host/)
    const { url } = presignUrl(base)
    const verdict = verifyOauthBearer(messageOf(tokenOf(url.replace('kafka.us-east-1', 'KAFKA.us-east-1'))), ctx())
    expectRefused(verdict, DENIED, /signature mismatch/)
  })

  it('a one-character change to the date, after signing', () => {
    const { url } = presignUrl(base)
    const verdict = verifyOauthBearer(
      messageOf(tokenOf(url.replace('X-Amz-Date=20240601T120000Z', 'X-Amz-Date=20240601T120001Z'))),
      ctx(),
    )
    expectRefused(verdict, DENIED, /signature mismatch/)
  })

  it('a parameter added after signing (every parameter but the signature and User-Agent is signed)', () => {
    const { url } = presignUrl(base)
    expectRefused(verifyOauthBearer(messageOf(tokenOf(`${url}&X-Extra=1`)), ctx()), DENIED, /signature mismatch/)
  })

  it('a wrong session token, and a stale or expired signature', () => {
    expectRefused(verify({}, ctx({}, { ...identity, sessionToken: 'other' })), DENIED, /^session token mismatch/)
    expectRefused(verify({}, ctx({ nowMs: AT - 400_000 })), DENIED, /^clock skew 400 s/)
    // Clients reuse tokens for most of their life: an old token is good until it expires.
    expect(verify({}, ctx({ nowMs: AT + 720_000 })).ok).toBe(true)
    expectRefused(verify({}, ctx({ nowMs: AT + 901_000, maxSkewMs: 3_600_000 })), DENIED, /^signature expired 1 s ago/)
    expectRefused(
      verify({}, ctx({}, { ...identity, expiresAt: AT - 1 })),
      DENIED,
      /^credentials for access key "ASIAEXAMPLE" expired/,
    )
  })

  it('an unknown access key', () => {
    expectRefused(verify({ accessKeyId: 'ASIAEXAMPLF' }), DENIED, /^unknown access key "ASIAEXAMPLF"$/)
  })
})

describe('verifyOauthBearer refuses malformed messages (Invalid authentication payload)', () => {
  const good = presignUrl(base).url
  const token = tokenOf(good)
  const raw = (text: string): Uint8Array => new TextEncoder().encode(text)
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['an empty message', new Uint8Array(0), /no \\x01 separator/],
    ['invalid UTF-8', Uint8Array.from([0x6e, 0x2c, 0x2c, 0x01, 0xc3, 0x28]), /not valid UTF-8/],
    ['a channel-binding flag y', messageOf(token, 'y,,'), /GS2 header/],
    ['a channel-binding type', messageOf(token, 'p=tls-unique,,'), /GS2 header/],
    ['an authzid with a raw =', messageOf(token, 'n,a=a=b,'), /GS2 header/],
    ['a missing final separator', raw(`n,,\x01auth=Bearer ${token}\x01`), /does not end with/],
    ['no pairs at all', raw('n,,\x01\x01'), /^OAUTHBEARER message has no auth pair$/],
    ['only an extension', raw('n,,\x01traceid=1\x01\x01'), /no auth pair/],
    ['a repeated auth pair', messageOf(token, 'n,,', `auth=Bearer ${token}\x01`), /repeats key "auth"/],
    ['a key with digits', messageOf(token, 'n,,', 'k1=v\x01'), /malformed key=value/],
    ['another scheme', raw(`n,,\x01auth=Basic ${token}\x01\x01`), /not "Bearer <token>"/],
    ['padded base64url', messageOf(`${token}==`), /not unpadded base64url/],
    ['standard base64', messageOf(Buffer.from(good).toString('base64').replace(/=+$/, '')), /base64url/],
    // 13 bytes leave 4 unused bits in the last character ('g'); 'h' sets one and decodes to the same bytes.
    ['non-canonical trailing bits', messageOf(tokenOf('https://x/?ab').replace(/g$/, 'h')), /not canonical/],
    ['http instead of https', messageOf(tokenOf(good.replace('https://', 'http://'))), /does not start with https/],
    ['a path', messageOf(tokenOf(good.replace('.com/?', '.com/x?'))), /not https:\/\/<host>\/\?<query>/],
    ['a fragment', messageOf(tokenOf(`${good}#frag`)), /must be percent-encoded/],
    ['a raw space', messageOf(tokenOf(good.replace('User-Agent=', 'User-Agent=a b'))), /must be percent-encoded/],
    ['a malformed escape', messageOf(tokenOf(good.replace('%3A', '%3G'))), /malformed %-escape/],
    ['an escape of invalid UTF-8', messageOf(tokenOf(`${good}&X=%FF`)), /invalid UTF-8/],
    ['a parameter without =', messageOf(tokenOf(`${good}&flag`)), /without name=value/],
    ['an empty parameter', messageOf(tokenOf(`${good}&`)), /without name=value/],
    [
      'a repeated parameter',
      messageOf(tokenOf(`${good}&X-Amz-Date=20240601T120000Z`)),
      /repeats parameter "X-Amz-Date"/,
    ],
    ['a fractional expiry', messageOf(tokenOf(presignUrl({ ...base, expires: '899.5' }).url)), /x-amz-expires "899.5"/],
    ['a negative expiry', messageOf(tokenOf(presignUrl({ ...base, expires: '-3' }).url)), /x-amz-expires "-3"/],
    ['a token over 64 KiB', messageOf('A'.repeat(64 * 1024 + 4)), /^token is 65540 characters, more than 65536$/],
    ['a message over the limit', new Uint8Array(64 * 1024 + 4097), /^OAUTHBEARER message is 69633 bytes/],
  ]
  it.each(cases)('%s', (_name, input, detail) => {
    expectRefused(verifyOauthBearer(input, ctx()), INVALID, detail)
  })

  it.each([
    'Action',
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Date',
    'X-Amz-Expires',
    'X-Amz-SignedHeaders',
    'X-Amz-Signature',
  ])('a token without %s', (name) => {
    const url = good.replace(new RegExp(`([?&])${name}=[^&]*&?`), '$1').replace(/&$/, '')
    expectRefused(verifyOauthBearer(messageOf(tokenOf(url)), ctx()), INVALID, new RegExp(`^token URL lacks ${name}$`))
  })
})

describe('verifyOauthBearer accepts no change to a signed parameter', () => {
  it('when one parameter value of a valid token is replaced', () => {
    const params = presignUrl(base)
      .url.split('?')[1]!
      .split('&')
      .map((p) => p.split('=') as [string, string])
    fc.assert(
      fc.property(fc.integer({ min: 0, max: params.length - 1 }), fc.string({ unit: 'binary' }), (index, value) => {
        const [name, original] = params[index]!
        const query = params.map(([n, v], i) => `${n}=${i === index ? enc(value) : v}`).join('&')
        const verdict = verifyOauthBearer(messageOf(tokenOf(`https://${base.host}/?${query}`)), ctx())
        return !verdict.ok || name === 'User-Agent' || enc(value) === original
      }),
      propertyRuns(1000),
    )
  })
})

describe('token URL without a path (aws-msk-iam-auth Java form)', () => {
  it('parses https://host?query as path /', () => {
    const { parsePresignedUrl } = jest.requireActual<{ parsePresignedUrl: (url: string) => unknown }>(
      '../../../../src/testing/verifier/parsePresignedUrl',
    )
    expect(parsePresignedUrl('https://kafka.us-east-1.amazonaws.com?Action=kafka-cluster%3AConnect&A=b')).toEqual({
      host: 'kafka.us-east-1.amazonaws.com',
      params: [
        ['Action', 'kafka-cluster:Connect'],
        ['A', 'b'],
      ],
    })
    expect(typeof parsePresignedUrl('https://kafka.us-east-1.amazonaws.com/x?A=b')).toBe('string')
    expect(typeof parsePresignedUrl('https://?A=b')).toBe('string')
  })
})
