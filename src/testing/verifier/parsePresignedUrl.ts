// Wire format (decoded OAUTHBEARER token): `https://<host>/?<name>=<value>&<name>=<value>...`, names and
// values percent-encoded UTF-8, any order, e.g.
// `https://kafka.us-east-1.amazonaws.com/?Action=kafka-cluster%3AConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&...`
// No userinfo, no path other than `/`, no fragment, every parameter has `=`, no name repeats.
// An empty path (`https://<host>?<query>`) means `/`, as in any URL: aws-msk-iam-auth's Java token has it.

import type { QueryParam } from './canonicalRequest.js'

/** A presigned URL's host (as written) and decoded query parameters in their original order. */
export interface PresignedUrl {
  host: string
  params: QueryParam[]
}

const PREFIX = 'https://'
// RFC 3986 query characters other than the `&` delimiter; `+` is a literal plus, as in SigV4.
const NOT_QUERY_CHAR = /[^A-Za-z0-9\-._~!$'()*+,;=:@/?%&]/
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/

/** Parses a presigned URL strictly, or describes what is malformed. */
export function parsePresignedUrl(url: string): PresignedUrl | string {
  if (!url.startsWith(PREFIX)) return 'token URL does not start with https://'
  const queryStart = url.indexOf('?', PREFIX.length)
  if (queryStart < 0) return 'token URL has no query'
  const authorityAndPath = url.slice(PREFIX.length, queryStart)
  const slash = authorityAndPath.indexOf('/')
  if (slash >= 0 && slash !== authorityAndPath.length - 1) return 'token URL is not https://<host>/?<query>'
  const host = slash >= 0 ? authorityAndPath.slice(0, slash) : authorityAndPath
  if (host.length === 0) return 'token URL has no host'
  const query = url.slice(queryStart + 1)
  if (NOT_QUERY_CHAR.test(query)) return 'token URL query holds a character that must be percent-encoded'
  if (BAD_ESCAPE.test(query)) return 'token URL query holds a malformed %-escape'

  const params: QueryParam[] = []
  const seen = new Set<string>()
  for (const piece of query.split('&')) {
    const eq = piece.indexOf('=')
    if (eq <= 0) return 'token URL query has a parameter without name=value'
    const name = decode(piece.slice(0, eq))
    const value = decode(piece.slice(eq + 1))
    if (name === undefined || value === undefined) return 'token URL query escapes invalid UTF-8'
    if (seen.has(name)) return `token URL query repeats parameter ${JSON.stringify(name.slice(0, 40))}`
    seen.add(name)
    params.push([name, value])
  }
  return { host, params }
}

/** decodeURIComponent rejects invalid UTF-8 (including encoded surrogates) by throwing URIError. */
function decode(component: string): string | undefined {
  try {
    return decodeURIComponent(component)
  } catch {
    return undefined
  }
}
