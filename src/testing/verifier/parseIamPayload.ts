// Wire format (SaslAuthenticate auth_bytes for AWS_MSK_IAM, no length prefix): compact UTF-8 JSON of
// strings, values raw (not URL-encoded), keys in any order:
// {"version":"2020_10_22","host":"<broker>","user-agent":"...","action":"kafka-cluster:Connect",
//  "x-amz-algorithm":"AWS4-HMAC-SHA256","x-amz-credential":"AKID/yyyyMMdd/region/kafka-cluster/aws4_request",
//  "x-amz-date":"yyyyMMddTHHmmssZ","x-amz-security-token":"...","x-amz-signedheaders":"host",
//  "x-amz-expires":"900","x-amz-signature":"<64 hex>"}
// x-amz-security-token and user-agent are optional; unknown keys are ignored.

import { parseJsonStringObject } from './parseJsonStringObject.js'
import { quote } from './deny.js'
import { presignedQueryParams } from './presignedQueryParams.js'
import { validateConnectFields, type SignedConnect } from './validateConnectFields.js'

const REQUIRED = [
  'version',
  'host',
  'action',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-signedheaders',
  'x-amz-expires',
  'x-amz-signature',
] as const

/** Parses an AWS_MSK_IAM payload into a well-formed signed request, or describes what is malformed. */
export function parseIamPayload(bytes: Uint8Array): SignedConnect | string {
  const map = parseJsonStringObject(bytes)
  if (typeof map === 'string') return map
  const missing = REQUIRED.filter((key) => !map.has(key))
  if (missing.length > 0) return `payload lacks ${missing.join(', ')}`
  const get = (key: (typeof REQUIRED)[number]): string => map.get(key) ?? ''

  if (get('version') !== '2020_10_22') return `version ${quote(get('version'))} is not 2020_10_22`
  const fields = {
    host: get('host'),
    action: get('action'),
    algorithm: get('x-amz-algorithm'),
    credential: get('x-amz-credential'),
    amzDate: get('x-amz-date'),
    signedHeaders: get('x-amz-signedheaders'),
    expires: get('x-amz-expires'),
    securityToken: map.get('x-amz-security-token'),
    signature: get('x-amz-signature'),
  }
  return validateConnectFields(fields, presignedQueryParams(fields))
}
