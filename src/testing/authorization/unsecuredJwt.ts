import { UPSTREAM_TOKEN_LIFETIME_MS } from './constants.js'

// An unsecured JWS (RFC 7515 §A.5, RFC 7519): base64url(header) "." base64url(claims) "." with an empty
// signature and header {"alg":"none"}. Kafka's default OAUTHBEARER validator on a broker
// (OAuthBearerUnsecuredValidatorCallbackHandler) accepts exactly this shape: `alg` must be "none", the
// signature empty, `exp` present and in the future, `iat` (when present) not in the future, and the
// principal is the `sub` claim. No secret is involved: the upstream listener must be loopback-only.

export interface UnsecuredJwtClaims {
  sub: string
  /** Epoch ms; Kafka wants seconds, rounded down here. */
  issuedAtMs: number
  /** Default one year (UPSTREAM_TOKEN_LIFETIME_MS): Kafka ends the session at `exp`. */
  lifetimeMs?: number
}

export function mintUnsecuredJwt(claims: UnsecuredJwtClaims): string {
  if (claims.sub.length === 0) throw new RangeError('empty sub')
  const iat = Math.floor(claims.issuedAtMs / 1000)
  const exp = Math.floor((claims.issuedAtMs + (claims.lifetimeMs ?? UPSTREAM_TOKEN_LIFETIME_MS)) / 1000)
  if (!(exp > iat)) throw new RangeError('the token must expire after it is issued')
  const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')
  const payload = Buffer.from(JSON.stringify({ sub: claims.sub, iat, exp })).toString('base64url')
  return `${header}.${payload}.`
}

/**
 * The OAUTHBEARER client's initial response (RFC 7628 §3.1): gs2 header "n,," then kvsep-separated
 * `auth=Bearer <token>`, ending with two kvsep (\x01).
 */
export function oauthBearerInitialResponse(token: string): Buffer {
  return Buffer.from(`n,,\x01auth=Bearer ${token}\x01\x01`, 'utf8')
}
