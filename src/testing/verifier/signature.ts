import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** The parts of a credential scope `<date>/<region>/<service>/aws4_request`. */
export interface ScopeParts {
  /** yyyyMMdd */
  date: string
  region: string
  service: string
}

/** `<date>/<region>/<service>/aws4_request`, as it appears in the string to sign. */
export function credentialScope(scope: ScopeParts): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`
}

/** The SigV4 string to sign for a canonical request made at `amzDate` (yyyyMMddTHHmmssZ). */
export function stringToSign(amzDate: string, scope: ScopeParts, canonicalRequest: string): string {
  const hashed = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')
  return ['AWS4-HMAC-SHA256', amzDate, credentialScope(scope), hashed].join('\n')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** SigV4's derived key: HMAC chain from `AWS4<secret>` through date, region, service and `aws4_request`. */
export function signingKey(secretAccessKey: string, scope: ScopeParts): Buffer {
  const dateKey = hmac(`AWS4${secretAccessKey}`, scope.date)
  return hmac(hmac(hmac(dateKey, scope.region), scope.service), 'aws4_request')
}

/** The lowercase hex signature of `stringToSign` under the key derived for `scope`. */
export function signature(secretAccessKey: string, scope: ScopeParts, toSign: string): string {
  return hmac(signingKey(secretAccessKey, scope), toSign).toString('hex')
}

/**
 * Compares two secrets (signatures, session tokens) in constant time, so the emulator is no timing oracle
 * even though it is test-only. Unequal lengths are unequal; timingSafeEqual would throw on them.
 */
export function constantTimeEqual(expectedText: string, actualText: string): boolean {
  const expected = Buffer.from(expectedText, 'utf8')
  const actual = Buffer.from(actualText, 'utf8')
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}
