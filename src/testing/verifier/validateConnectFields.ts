import type { QueryParam } from './canonicalRequest.js'
import { quote } from './deny.js'
import { parseAmzDate } from './parseAmzDate.js'
import { parseCredential, type Credential } from './parseCredential.js'

/** The signed-request fields as both mechanisms carry them: raw, decoded strings. */
export interface ConnectFields {
  host: string
  action: string
  algorithm: string
  credential: string
  amzDate: string
  signedHeaders: string
  expires: string
  securityToken: string | undefined
  signature: string
}

/** A well-formed signed Connect request, ready for the semantic checks. */
export interface SignedConnect {
  host: string
  credential: Credential
  amzDate: string
  /** x-amz-date as epoch ms. */
  signedAt: number
  expiresSeconds: number
  securityToken: string | undefined
  /** Lowercase hex; never log it. */
  signature: string
  /** The signed query parameters the canonical request is rebuilt from (no signature, no user agent). */
  query: readonly QueryParam[]
}

// Host names, IPv4 and bracketed IPv6; a port parses so that it is reported as a host mismatch.
// Anything else (spaces, newlines) would let a client alter the canonical headers' shape.
const HOST = /^[A-Za-z0-9._:[\]-]{1,255}$/
const EXPIRES = /^[1-9][0-9]{0,5}$/
const MAX_EXPIRES_SECONDS = 604800
const SIGNATURE = /^[0-9a-f]{64}$/

/**
 * Checks the form of every field and returns the parsed request, or a description of the first malformed
 * field. Only form is judged here: a wrong region or host is well formed and left to checkSignedConnect.
 */
export function validateConnectFields(fields: ConnectFields, query: readonly QueryParam[]): SignedConnect | string {
  if (!HOST.test(fields.host)) return `host ${quote(fields.host)} is not a host name`
  if (fields.action !== 'kafka-cluster:Connect') return `action ${quote(fields.action)} is not kafka-cluster:Connect`
  if (fields.algorithm !== 'AWS4-HMAC-SHA256')
    return `x-amz-algorithm ${quote(fields.algorithm)} is not AWS4-HMAC-SHA256`
  if (fields.signedHeaders !== 'host') return `x-amz-signedheaders ${quote(fields.signedHeaders)} is not 'host'`
  const credential = parseCredential(fields.credential)
  if (typeof credential === 'string') return credential
  const signedAt = parseAmzDate(fields.amzDate)
  if (signedAt === undefined) return `x-amz-date ${quote(fields.amzDate)} is not yyyyMMddTHHmmssZ`
  // MSK refuses fractional or negative expiries as malformed, not as denied.
  const expiresSeconds = EXPIRES.test(fields.expires) ? Number(fields.expires) : NaN
  if (!(expiresSeconds <= MAX_EXPIRES_SECONDS)) {
    return `x-amz-expires ${quote(fields.expires)} is not an integer in 1..${MAX_EXPIRES_SECONDS}`
  }
  if (!SIGNATURE.test(fields.signature)) return 'x-amz-signature is not 64 lowercase hex digits'
  return {
    host: fields.host,
    credential,
    amzDate: fields.amzDate,
    signedAt,
    expiresSeconds,
    securityToken: fields.securityToken,
    signature: fields.signature,
    query,
  }
}
