import { isoTime } from '../../isoTime.js'
import { canonicalRequest } from './canonicalRequest.js'
import { deny, quote } from './deny.js'
import { signature, constantTimeEqual, stringToSign } from './signature.js'
import { DEFAULT_MAX_SKEW_MS, type EmulatorIdentity, type Verdict, type VerifyContext } from './types.js'
import type { SignedConnect } from './validateConnectFields.js'

/**
 * The semantic half of verification, shared by AWS_MSK_IAM and OAUTHBEARER: is this well-formed request
 * signed by a known identity, for this broker's region and host, and still valid now? `expectedHosts`
 * undefined accepts any host; names compare case-insensitively, as DNS does.
 *
 * Cheap scope checks come before the HMAC so the log names the actual mistake (a wrong region also breaks
 * the signature, but "signature mismatch" would hide why).
 */
export function checkSignedConnect(
  req: SignedConnect,
  ctx: VerifyContext,
  expectedHosts: readonly string[] | undefined,
): Verdict {
  const { accessKeyId, date, region, service } = req.credential
  const akid = quote(accessKeyId)
  const identity = lookupSafely(ctx, accessKeyId)
  if (typeof identity === 'string') return deny(identity)
  if (identity === undefined) return deny(`unknown access key ${akid}`)
  if (service !== 'kafka-cluster') return deny(`credential scope service ${quote(service)}, expected kafka-cluster`)
  const amzDay = req.amzDate.slice(0, 8)
  if (date !== amzDay) return deny(`credential scope date ${date} differs from x-amz-date day ${amzDay}`)
  if (region !== ctx.region) return deny(`credential scope region ${quote(region)}, broker region ${quote(ctx.region)}`)
  if (expectedHosts !== undefined) {
    const host = req.host.toLowerCase()
    if (!expectedHosts.some((h) => h.toLowerCase() === host)) {
      return deny(`signed for host ${quote(req.host)}, expected ${expectedHosts.map(quote).join(' or ')}`)
    }
  }

  const scope = { date, region, service }
  const toSign = stringToSign(req.amzDate, scope, canonicalRequest(req.host, req.query))
  if (!constantTimeEqual(signature(identity.secretAccessKey, scope, toSign), req.signature)) {
    return deny(`signature mismatch for access key ${akid}`)
  }
  // The token is inside the signed query, so a matching signature says nothing about which token it is.
  if (identity.sessionToken === undefined && req.securityToken !== undefined) {
    return deny(`session token sent for access key ${akid}, which has none`)
  }
  if (identity.sessionToken !== undefined && req.securityToken === undefined) {
    return deny(`session token missing for temporary access key ${akid}`)
  }
  if (identity.sessionToken !== undefined && !constantTimeEqual(identity.sessionToken, req.securityToken ?? '')) {
    return deny(`session token mismatch for access key ${akid}`)
  }

  const now = ctx.nowMs
  // NaN would make every time comparison below false, i.e. accept everything.
  if (!Number.isFinite(now)) return deny('emulator clock (ctx.nowMs) is not a finite number')
  const signatureExpiresAt = req.signedAt + req.expiresSeconds * 1000
  if (signatureExpiresAt <= now) {
    return deny(
      `signature expired ${seconds(now - signatureExpiresAt)} s ago (x-amz-date ${req.amzDate}, x-amz-expires ${req.expiresSeconds})`,
    )
  }
  // Only a date in the future is a skew: a presigned request is good from x-amz-date until it expires, and
  // real clients rely on that (Java's and librdkafka's OAUTHBEARER tokens are reused for 10–12 minutes).
  const maxSkewMs = Number.isFinite(ctx.maxSkewMs) ? ctx.maxSkewMs : DEFAULT_MAX_SKEW_MS
  const skew = req.signedAt - now
  if (skew > maxSkewMs) {
    return deny(
      `clock skew ${seconds(skew)} s (x-amz-date ${req.amzDate} is ahead of now, allowed ${seconds(maxSkewMs)} s)`,
    )
  }
  if (identity.expiresAt !== undefined && identity.expiresAt <= now) {
    return deny(`credentials for access key ${akid} expired at ${isoTime(identity.expiresAt)}`)
  }
  return { ok: true, identity, signedAt: req.signedAt, signatureExpiresAt }
}

/** The store is the emulator user's code: a throwing lookup must still end in a verdict. */
function lookupSafely(ctx: VerifyContext, accessKeyId: string): EmulatorIdentity | undefined | string {
  try {
    return ctx.lookup(accessKeyId)
  } catch (err) {
    return `identity lookup failed for access key ${quote(accessKeyId)}: ${err instanceof Error ? quote(err.message) : 'non-error thrown'}`
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1000)
}
