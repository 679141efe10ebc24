// Property-based fuzzing of the emulator verifier's parsers one by one (test/unit/testing/
// verifierProperties.test.ts covers the two verify* entry points end to end): JSON payload objects,
// x-amz-date, x-amz-credential, the OAUTHBEARER message and token, presigned URLs, the field validator, SigV4
// URI encoding, the access-key peek for the log, and the authentication decision. Each returns its result
// or a description of the problem (a Verdict at the top), never throws, and never takes long.
import fc from 'fast-check'
import { decideAuthentication, type AuthenticationPolicy } from '../../src/testing/decideAuthentication.js'
import { peekAccessKeyId } from '../../src/testing/peekAccessKeyId.js'
import { canonicalQuery, uriEncode } from '../../src/testing/verifier/canonicalRequest.js'
import { parseAmzDate } from '../../src/testing/verifier/parseAmzDate.js'
import { parseCredential } from '../../src/testing/verifier/parseCredential.js'
import { parseIamPayload } from '../../src/testing/verifier/parseIamPayload.js'
import { parseJsonStringObject } from '../../src/testing/verifier/parseJsonStringObject.js'
import { parseOauthBearerMessage } from '../../src/testing/verifier/parseOauthBearerMessage.js'
import { MAX_OAUTH_TOKEN_CHARS, parseOauthToken } from '../../src/testing/verifier/parseOauthToken.js'
import { parsePresignedUrl } from '../../src/testing/verifier/parsePresignedUrl.js'
import { validateConnectFields } from '../../src/testing/verifier/validateConnectFields.js'
import { TEST_SECRETS } from '../helpers/secretScan.js'
import { oauthBearerMessage, signIamPayload } from '../helpers/emulatorTestSigner.js'
import { withinHangLimit } from '../helpers/hangGuard.js'
import { propertyRuns } from '../helpers/propertySeed.js'

// FUZZ_RUNS=20000 for a deeper local run; the default keeps the unit suite fast.
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000)

const total = withinHangLimit

const utf8 = (text: string) => new TextEncoder().encode(text)
/** Strings with lone surrogates, controls and astral characters. */
const anyString = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
)
/** Strings that are well-formed UTF-16 (encodable to UTF-8 and back). */
const wellFormed = fc.string({ unit: 'binary', maxLength: 40 })
const isDescription = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length < 1_000

describe('parseJsonStringObject', () => {
  it('any bytes: a map or a description', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const out = total(() => parseJsonStringObject(bytes))
        return out instanceof Map || isDescription(out)
      }),
      propertyRuns(RUNS),
    )
  })

  it('round trip: any object of well-formed strings comes back key for key', () => {
    fc.assert(
      fc.property(fc.dictionary(wellFormed, wellFormed, { maxKeys: 10 }), (obj) => {
        const out = total(() => parseJsonStringObject(utf8(JSON.stringify(obj))))
        return (
          out instanceof Map &&
          out.size === Object.keys(obj).length &&
          Object.entries(obj).every(([k, v]) => out.get(k) === v)
        )
      }),
      propertyRuns(RUNS),
    )
  })

  it('a repeated key is refused wherever it is and however it is escaped (JSON.parse would keep the last)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), {
          minKeys: 1,
          maxKeys: 6,
        }),
        fc.nat(),
        fc.boolean(),
        (obj, pick, escape) => {
          const entries = Object.entries(obj)
          const [key] = entries[pick % entries.length]!
          const spelled = escape
            ? `"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
            : JSON.stringify(key)
          const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')},${spelled}:"again"}`
          return isDescription(total(() => parseJsonStringObject(utf8(text))))
        },
      ),
      propertyRuns(RUNS),
    )
  })
})

describe('parseAmzDate', () => {
  it('any text: epoch ms or undefined', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, fc.stringMatching(/^\d{8}T\d{6}Z$/)), (text) => {
        const out = total(() => parseAmzDate(text))
        return out === undefined || Number.isFinite(out)
      }),
      propertyRuns(RUNS),
    )
  })

  it('round trip for every instant from year 0 to 9999, to the second', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          const ms = Math.floor(date.getTime() / 1000) * 1000
          const d = new Date(ms)
          const pad = (n: number, w = 2) => String(n).padStart(w, '0')
          const text = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
          return parseAmzDate(text) === ms
        },
      ),
      propertyRuns(RUNS),
    )
  })

  it('fields out of range are refused, not rolled over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, mo, d, h, mi, s) => {
          const pad = (n: number, w = 2) => String(n).padStart(w, '0')
          const out = parseAmzDate(`${pad(y, 4)}${pad(mo)}${pad(d)}T${pad(h)}${pad(mi)}${pad(s)}Z`)
          const daysInMonth =
            mo >= 1 && mo <= 12
              ? new Date(Date.UTC(2000, mo, 0)).getUTCDate() +
                (mo === 2 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? -1 : 0)
              : 0
          const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth && h <= 23 && mi <= 59 && s <= 59
          return valid ? out !== undefined : out === undefined
        },
      ),
      propertyRuns(RUNS),
    )
  })
})

describe('parseCredential', () => {
  it('any text: parts or a description; round trip of five slash-free parts', () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const out = total(() => parseCredential(text))
        return (
          isDescription(out) ||
          (typeof out === 'object' &&
            text === `${out.accessKeyId}/${out.date}/${out.region}/${out.service}/aws4_request`)
        )
      }),
      propertyRuns(RUNS),
    )
    const part = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('/'))
    fc.assert(
      fc.property(part, fc.stringMatching(/^\d{8}$/), part, part, (akid, date, region, service) => {
        const out = parseCredential(`${akid}/${date}/${region}/${service}/aws4_request`)
        return (
          typeof out === 'object' &&
          out.accessKeyId === akid &&
          out.date === date &&
          out.region === region &&
          out.service === service
        )
      }),
      propertyRuns(RUNS),
    )
  })
})

describe('parseOauthBearerMessage', () => {
  const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,200}$/)
  const extension = fc.tuple(
    fc.stringMatching(/^[A-Za-z]{1,10}$/).filter((k) => k !== 'auth'),
    fc.stringMatching(/^[\x21-\x7E ]{0,20}$/),
  )

  it('any bytes: a token or a description', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          anyString.map(utf8),
          anyString.map((s) => utf8(`n,,\x01${s}\x01\x01`)),
        ),
        (bytes) => {
          const out = total(() => parseOauthBearerMessage(bytes))
          return (
            isDescription(out) || (typeof out === 'object' && typeof out.token === 'string' && out.token.length > 0)
          )
        },
      ),
      propertyRuns(RUNS),
    )
  })

  it('round trip: the token comes back whatever the authzid, extensions and their order', () => {
    fc.assert(
      fc.property(
        token,
        fc.option(fc.stringMatching(/^[a-z0-9@.]{1,20}$/), { nil: undefined }),
        fc.uniqueArray(extension, { selector: ([k]) => k, maxLength: 4 }),
        fc.nat(),
        fc.constantFrom('Bearer', 'bearer', 'BEARER'),
        (t, authzid, extensions, at, scheme) => {
          const pairs = extensions.map(([k, v]) => `${k}=${v}`)
          pairs.splice(at % (pairs.length + 1), 0, `auth=${scheme} ${t}`)
          const message = `n,${authzid === undefined ? '' : `a=${authzid}`},\x01${pairs.join('\x01')}\x01\x01`
          const out = total(() => parseOauthBearerMessage(utf8(message)))
          return typeof out === 'object' && out.token === t
        },
      ),
      propertyRuns(RUNS),
    )
  })
})

describe('parsePresignedUrl and parseOauthToken', () => {
  it('any text as a URL: host and parameters, or a description', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          anyString.map((s) => `https://${s}`),
          anyString.map((s) => `https://h/?${s}`),
        ),
        (url) => {
          const out = total(() => parsePresignedUrl(url))
          return isDescription(out) || (typeof out === 'object' && Array.isArray(out.params))
        },
      ),
      propertyRuns(RUNS),
    )
  })

  it('round trip: SigV4-encoded parameters with distinct names come back decoded and in order', () => {
    const host = fc.stringMatching(/^[a-z0-9.-]{1,40}$/)
    const params = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), wellFormed), {
      selector: ([name]) => name,
      minLength: 1,
      maxLength: 8,
    })
    fc.assert(
      fc.property(host, params, (h, ps) => {
        const url = `https://${h}/?${ps.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&')}`
        const out = total(() => parsePresignedUrl(url))
        return typeof out === 'object' && out.host === h && JSON.stringify(out.params) === JSON.stringify(ps)
      }),
      propertyRuns(RUNS),
    )
  })

  it('any token: a signed request or a description; oversized tokens are refused before decoding', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          fc.stringMatching(/^[A-Za-z0-9_-]{0,300}$/),
          anyString.map((s) => Buffer.from(s, 'utf8').toString('base64url')),
        ),
        (token) => {
          const out = total(() => parseOauthToken(token))
          return isDescription(out) || (typeof out === 'object' && typeof out.signature === 'string')
        },
      ),
      propertyRuns(RUNS),
    )
    expect(total(() => parseOauthToken('A'.repeat(MAX_OAUTH_TOKEN_CHARS + 1)))).toMatch(/more than/)
    expect(total(() => parseOauthToken('A'.repeat(MAX_OAUTH_TOKEN_CHARS)))).toEqual(expect.any(String))
  })
})

describe('validateConnectFields and parseIamPayload', () => {
  const fields = fc.record({
    host: fc.oneof(anyString, fc.constant('b-1.example')),
    action: fc.oneof(anyString, fc.constant('kafka-cluster:Connect')),
    algorithm: fc.oneof(anyString, fc.constant('AWS4-HMAC-SHA256')),
    credential: fc.oneof(anyString, fc.constant('AKIA/20210101/us-east-1/kafka-cluster/aws4_request')),
    amzDate: fc.oneof(anyString, fc.constant('20210101T000000Z')),
    signedHeaders: fc.oneof(anyString, fc.constant('host')),
    expires: fc.oneof(
      anyString,
      fc.integer({ min: -10, max: 1_000_000 }).map(String),
      fc.constantFrom('900', '0', '1.5', '1e3', '604801', ' 900'),
    ),
    securityToken: fc.option(anyString, { nil: undefined }),
    signature: fc.oneof(anyString, fc.stringMatching(/^[0-9a-f]{64}$/)),
  })

  it('any field values: a signed request whose expiry is an integer in 1..604800, or a description', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const out = total(() => validateConnectFields(f, []))
        return (
          isDescription(out) ||
          (typeof out === 'object' &&
            Number.isInteger(out.expiresSeconds) &&
            out.expiresSeconds >= 1 &&
            out.expiresSeconds <= 604_800 &&
            /^[0-9a-f]{64}$/.test(out.signature))
        )
      }),
      propertyRuns(RUNS),
    )
  })

  it('parseIamPayload on any bytes: a signed request or a description', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fields.map((f) => utf8(JSON.stringify({ version: '2020_10_22', ...f }))),
        ),
        (bytes) => {
          const out = total(() => parseIamPayload(bytes))
          return isDescription(out) || typeof out === 'object'
        },
      ),
      propertyRuns(RUNS),
    )
  })
})

describe('SigV4 URI encoding', () => {
  it('only unreserved characters and %XX come out, and decoding gives the input back', () => {
    fc.assert(
      fc.property(wellFormed, (text) => {
        const encoded = total(() => uriEncode(text))
        return /^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/.test(encoded) && decodeURIComponent(encoded) === text
      }),
      propertyRuns(RUNS),
    )
  })

  it('canonicalQuery is independent of parameter order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyString, anyString), { maxLength: 8 }), fc.nat(), (params, seed) => {
        const shuffled = [...params].sort(
          (a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7),
        )
        return total(() => canonicalQuery(params)) === canonicalQuery(shuffled)
      }),
      propertyRuns(RUNS),
    )
  })
})

describe('peekAccessKeyId (what the decision log names for a denied attempt)', () => {
  it('any bytes under any mechanism: undefined or an id of letters and digits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('AWS_MSK_IAM', 'OAUTHBEARER', 'PLAIN'),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          anyString.map((s) => utf8(JSON.stringify({ 'x-amz-credential': s }))),
          anyString.map((s) =>
            utf8(`n,,\x01auth=Bearer ${Buffer.from(`https://h/?X-Amz-Credential=${s}`).toString('base64url')}\x01\x01`),
          ),
        ),
        (mechanism, bytes) => {
          const out = total(() => peekAccessKeyId(mechanism, bytes))
          return out === undefined || /^[A-Za-z0-9]{1,128}$/.test(out)
        },
      ),
      propertyRuns(RUNS),
    )
  })
})

describe('decideAuthentication (what MSK would answer) on any token', () => {
  const identity = {
    accessKeyId: 'AKIAFUZZ0000000000002',
    secretAccessKey: TEST_SECRETS.secretAccessKey,
    sessionToken: TEST_SECRETS.sessionToken,
    principalArn: 'arn:aws:iam::123456789012:user/fuzz',
  }
  const HOST = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'
  const now = Date.UTC(2026, 5, 1, 12)
  const policy = (admit: boolean): AuthenticationPolicy => ({
    region: 'us-east-1',
    nowMs: now,
    maxSkewMs: 300_000,
    minSessionMs: 1_000,
    maxSessionMs: 900_000,
    lookup: (id) => (id === identity.accessKeyId ? identity : undefined),
    admit: () => admit,
  })
  const signed = {
    host: HOST,
    region: 'us-east-1',
    accessKeyId: identity.accessKeyId,
    secretAccessKey: identity.secretAccessKey,
    sessionToken: identity.sessionToken,
    now,
  }
  const tokens = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.constant(new Uint8Array(signIamPayload(signed))),
    fc.constant(new Uint8Array(oauthBearerMessage(signed))),
    fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
      const bytes = new Uint8Array(signIamPayload(signed))
      bytes[at % bytes.length] = byte
      return bytes
    }),
  )
  const signedIam = parseJsonStringObject(signIamPayload(signed)) as Map<string, string>
  const MSK_REASONS = new Set([
    'Access denied',
    'Invalid authentication payload',
    'Too many connects',
    'Session too short',
    'Principal changed',
    'Mechanism changed',
  ])

  it("a decision with a request-id: accepted only for an intact signature, else one of MSK's reasons", () => {
    fc.assert(
      fc.property(
        fc.constantFrom('AWS_MSK_IAM', 'OAUTHBEARER'),
        tokens,
        fc.boolean(),
        fc.option(
          fc.record({
            principalArn: fc.constantFrom(identity.principalArn, 'arn:aws:iam::123456789012:user/other'),
            mechanism: fc.constantFrom('AWS_MSK_IAM', 'OAUTHBEARER'),
          }),
          { nil: undefined },
        ),
        (mechanism, authBytes, admit, previous) => {
          const decision = total(() =>
            decideAuthentication(
              { mechanism, authBytes, expectedHost: HOST, ...(previous ? { previous } : {}) },
              policy(admit),
            ),
          )
          if (!/^[0-9a-f-]{36}$/.test(decision.requestId)) return false
          if (!decision.ok)
            return (
              MSK_REASONS.has(decision.denial) &&
              decision.errorMessage.length > 0 &&
              !decision.detail.includes(identity.secretAccessKey) &&
              !decision.detail.includes(identity.sessionToken)
            )
          // Accepted: the OAUTHBEARER message as signed, or an IAM payload whose signed values are all intact
          // (the user agent is not signed, and unknown keys are ignored, as by MSK).
          const map = parseJsonStringObject(authBytes)
          const intact =
            Buffer.from(authBytes).equals(oauthBearerMessage(signed)) ||
            (map instanceof Map && [...signedIam].every(([k, v]) => k === 'user-agent' || map.get(k) === v))
          return intact && decision.identity === identity && decision.sessionLifetimeMs >= 1_000
        },
      ),
      propertyRuns(1_000),
    )
  })
})
