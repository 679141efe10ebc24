// Wire format of the MSK OAUTHBEARER token: base64url without padding of a presigned URL (see
// parsePresignedUrl) signed for `kafka.<region>.amazonaws.com`, whose query carries Action,
// X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Signature,
// optionally X-Amz-Security-Token, and an unsigned User-Agent appended after signing.

import { parsePresignedUrl } from './parsePresignedUrl.js'
import { validateConnectFields, type SignedConnect } from './validateConnectFields.js'

/** Tokens are a URL plus a session token; more than this is refused before decoding. */
export const MAX_OAUTH_TOKEN_CHARS = 64 * 1024

const BASE64URL = /^[A-Za-z0-9_-]+$/
const REQUIRED = [
  'Action',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
] as const
// Added after signing (User-Agent) or being the signature itself; every other parameter was signed.
const UNSIGNED = new Set(['X-Amz-Signature', 'User-Agent'])

/** Decodes and parses an MSK OAUTHBEARER token into a well-formed signed request, or describes the problem. */
export function parseOauthToken(token: string): SignedConnect | string {
  if (token.length > MAX_OAUTH_TOKEN_CHARS)
    return `token is ${token.length} characters, more than ${MAX_OAUTH_TOKEN_CHARS}`
  // Buffer's decoder skips junk and padding silently; a round trip makes it strict.
  if (!BASE64URL.test(token)) return 'token is not unpadded base64url'
  const bytes = Buffer.from(token, 'base64url')
  if (bytes.toString('base64url') !== token) return 'token is not canonical unpadded base64url'
  let url: string
  try {
    url = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return 'token does not decode to UTF-8 text'
  }

  const parsed = parsePresignedUrl(url)
  if (typeof parsed === 'string') return parsed
  const params = new Map(parsed.params)
  const missing = REQUIRED.filter((name) => !params.has(name))
  if (missing.length > 0) return `token URL lacks ${missing.join(', ')}`
  const get = (name: (typeof REQUIRED)[number]): string => params.get(name) ?? ''

  const fields = {
    host: parsed.host,
    action: get('Action'),
    algorithm: get('X-Amz-Algorithm'),
    credential: get('X-Amz-Credential'),
    amzDate: get('X-Amz-Date'),
    signedHeaders: get('X-Amz-SignedHeaders'),
    expires: get('X-Amz-Expires'),
    securityToken: params.get('X-Amz-Security-Token'),
    signature: get('X-Amz-Signature'),
  }
  return validateConnectFields(
    fields,
    parsed.params.filter(([name]) => !UNSIGNED.has(name)),
  )
}
