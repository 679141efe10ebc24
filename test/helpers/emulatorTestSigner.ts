// A tiny test-only AWS_MSK_IAM / OAUTHBEARER signer (SigV4 presigned GET for kafka-cluster:Connect),
// written with node:crypto for the emulator's tests. It shares no code with the client library or the
// emulator's verifier; test/unit/helpers/emulatorTestSigner.test.ts checks it against the shared vectors.
import { createHash, createHmac } from 'node:crypto'

export interface SignInput {
  host: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** Signing time, epoch ms. */
  now: number
  expiresSeconds?: number
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest()
const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex')
const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** yyyyMMdd'T'HHmmss'Z' */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** The signed query parameters (name → value, not encoded) and the signature. */
export function presign(input: SignInput): {
  params: [string, string][]
  signature: string
  amzDate: string
  credential: string
} {
  const date = amzDate(input.now)
  const day = date.slice(0, 8)
  const scope = `${day}/${input.region}/kafka-cluster/aws4_request`
  const credential = `${input.accessKeyId}/${scope}`
  const params: [string, string][] = [
    ['Action', 'kafka-cluster:Connect'],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', credential],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(input.expiresSeconds ?? 900)],
    ...(input.sessionToken === undefined ? [] : [['X-Amz-Security-Token', input.sessionToken] as [string, string]]),
    ['X-Amz-SignedHeaders', 'host'],
  ]
  const query = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const canonical = ['GET', '/', query, `host:${input.host}\n`, 'host', sha256('')].join('\n')
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, day), input.region), 'kafka-cluster'), 'aws4_request')
  return { params, signature: hmac(key, toSign).toString('hex'), amzDate: date, credential }
}

/** The AWS_MSK_IAM SASL token: compact JSON, values not URL-encoded. */
export function signIamPayload(input: SignInput): Buffer {
  const { signature, amzDate: date, credential } = presign(input)
  const payload: Record<string, string> = {
    version: '2020_10_22',
    host: input.host,
    'user-agent': 'emulator-test-signer',
    action: 'kafka-cluster:Connect',
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': credential,
    'x-amz-date': date,
    'x-amz-signedheaders': 'host',
    'x-amz-expires': String(input.expiresSeconds ?? 900),
    'x-amz-signature': signature,
  }
  if (input.sessionToken !== undefined) payload['x-amz-security-token'] = input.sessionToken
  return Buffer.from(JSON.stringify(payload), 'utf8')
}

/** The OAUTHBEARER client message (RFC 7628) carrying an MSK IAM token signed for kafka.<region>.amazonaws.com. */
export function oauthBearerMessage(input: Omit<SignInput, 'host'>): Buffer {
  const host = `kafka.${input.region}.amazonaws.com`
  const { params, signature } = presign({ ...input, host })
  const query = [...params, ['X-Amz-Signature', signature], ['User-Agent', 'emulator-test-signer']]
    .map(([k, v]) => `${rfc3986(k!)}=${rfc3986(v!)}`)
    .join('&')
  const token = Buffer.from(`https://${host}/?${query}`, 'utf8').toString('base64url')
  return Buffer.from(`n,,\x01auth=Bearer ${token}\x01\x01`, 'utf8')
}
