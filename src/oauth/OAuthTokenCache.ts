import type { AwsCredentialIdentity } from '@smithy/types'
import type { AuthenticatorDeps } from '../authenticator.js'
import { OAUTHBEARER_MAX_TOKEN_AGE_MS } from '../constants.js'
import { resolveTokenRegion, signOAuthToken, type OAuthBearerToken } from './oauthToken.js'

/** What a new token was signed with; handed to {@link OAuthTokenCacheOptions.onSigned}, never logged whole. */
export interface SignedWith {
  token: OAuthBearerToken
  region: string
  credentials: AwsCredentialIdentity
}

export interface OAuthTokenCacheOptions {
  /** Awaited after each new signature, before callers get the token; errors it throws fail the token. */
  onSigned?: (signed: SignedWith) => Promise<void>
}

/** A cached token and what it was signed with (never a secret). */
export interface CachedOAuthToken {
  token: OAuthBearerToken
  region: string
  accessKeyId: string
}

interface Entry extends CachedOAuthToken {
  signedAt: number
  /** Hand the token out until then; sign a new one from then on. */
  refreshAt: number
}

/**
 * One OAUTHBEARER token at a time: reused while young, re-signed well before its expiry.
 *
 * Refresh policy: a token is reused for 4 minutes or half its lifetime, whichever is shorter. A 900 s token
 * thus serves for 4 minutes: its X-Amz-Date stays inside the 5-minute clock-skew window a validating broker
 * may apply, and every connection authenticated with it gets a session of at least 11 minutes; a token cut
 * short by expiring credentials keeps half its life for the sessions it starts. Re-signing costs one HMAC
 * chain; concurrent callers share one signature, and with the credentials cached nothing touches the network.
 */
export class OAuthTokenCache {
  private entry: Entry | undefined
  private inflight: Promise<Entry> | undefined

  constructor(
    private readonly deps: AuthenticatorDeps,
    private readonly options: OAuthTokenCacheOptions = {},
  ) {}

  /** The cached token if it is still fresh, else a new one (one signature shared by concurrent callers). */
  async get(): Promise<OAuthBearerToken> {
    return (await this.getSigned()).token
  }

  /** {@link get}, with the region and access key id the token was signed with. */
  async getSigned(): Promise<CachedOAuthToken> {
    const entry = this.entry
    const now = this.deps.clock.now()
    // A clock that went backwards (now < signedAt) makes the token's age unknowable: sign again.
    if (entry && now >= entry.signedAt && now < entry.refreshAt) return entry
    this.inflight ??= this.sign().finally(() => {
      this.inflight = undefined
    })
    return this.inflight
  }

  /** Drops the cached token (a broker found it, or its credentials, too short-lived): the next one is new. */
  invalidate(): void {
    this.entry = undefined
  }

  private async sign(): Promise<Entry> {
    const { deps } = this
    const region = await resolveTokenRegion(deps.resolveRegion)
    const credentials = await deps.credentials.get()
    const now = deps.clock.now()
    const token = await signOAuthToken({ region, credentials, now, userAgent: deps.userAgent })
    await this.options.onSigned?.({ token, region, credentials })
    const signedAt = Math.floor(now / 1000) * 1000
    const reuseMs = Math.min(OAUTHBEARER_MAX_TOKEN_AGE_MS, (token.lifetime - signedAt) / 2)
    const entry = { token, region, accessKeyId: credentials.accessKeyId, signedAt, refreshAt: signedAt + reuseMs }
    this.entry = entry
    return entry
  }
}
