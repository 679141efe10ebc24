import { createHash } from 'node:crypto'

/** One query parameter, decoded (not yet percent-encoded). */
export type QueryParam = readonly [name: string, value: string]

/** Hex SHA-256 of the empty body: a presigned GET signs this, not `UNSIGNED-PAYLOAD`. */
export const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex')

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/

/**
 * SigV4's URI encoding (RFC 3986): unreserved characters stay, every other UTF-8 byte becomes `%XX` in
 * upper case, `/` and `:` included. Written over bytes rather than with encodeURIComponent, which keeps
 * `!'()*` and throws on lone surrogates.
 */
export function uriEncode(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte)
    out += UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * The canonical query string: each name and value encoded, pairs sorted by encoded name (then value, for
 * repeated names) in code-unit order, which equals byte order because encoded text is ASCII.
 */
export function canonicalQuery(params: readonly QueryParam[]): string {
  const encoded = params.map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
  encoded.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  return encoded.map(([name, value]) => `${name}=${value}`).join('&')
}

/**
 * The canonical request of a SigV4 presigned `GET https://<host>/?<params>` that signs only the host
 * header, as MSK IAM uses it. `params` excludes `X-Amz-Signature` (and any unsigned extras).
 */
export function canonicalRequest(host: string, params: readonly QueryParam[]): string {
  return ['GET', '/', canonicalQuery(params), `host:${host}\n`, 'host', EMPTY_BODY_SHA256].join('\n')
}
