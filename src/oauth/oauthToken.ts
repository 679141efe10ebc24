// The MSK IAM OAUTHBEARER token: base64url (no padding) of the presigned URL
//   https://kafka.<region>.amazonaws.com/?Action=kafka-cluster%3AConnect&X-Amz-…&User-Agent=<ua>
// signed for the regional service host (not a broker), with User-Agent appended after signing, as AWS's
// Java IAMOAuthBearerLoginCallbackHandler and the aws-msk-iam-sasl-signer-* libraries build it.
import type { AwsCredentialIdentity } from '@smithy/types'
import { CONNECT_ACTION, OAUTHBEARER_PRINCIPAL, OAUTHBEARER_USER_AGENT_PARAM } from '../constants.js'
import { MskIamError, isMskIamError } from '../errors.js'
import { expiresInSeconds, presignConnect } from '../payload.js'

/** An OAUTHBEARER token as Kafka clients take it. */
export interface OAuthBearerToken {
  /** The token: base64url without padding of the presigned `kafka-cluster:Connect` URL. */
  value: string
  /** When the token stops being accepted, epoch ms: its x-amz-date plus x-amz-expires (whole seconds). */
  lifetime: number
  /** Always `kafka-cluster`, the principal name AWS's own OAUTHBEARER callback handler reports. */
  principal: string
}

/** Everything one token depends on; nothing is read from globals. */
export interface OAuthTokenInput {
  region: string
  /** One snapshot of the credentials, used for the whole signature. */
  credentials: AwsCredentialIdentity
  /** Signing time, epoch ms. */
  now: number
  /** Sent unsigned as the last query parameter. */
  userAgent: string
}

/**
 * The host OAUTHBEARER tokens are signed for: `kafka.<region>.amazonaws.com` in every region, China and
 * GovCloud included. MSK checks the signature against what AWS's own signers produce, and all four use
 * `.amazonaws.com` whatever the partition's DNS suffix:
 * - Java, aws-msk-iam-auth `IAMOAuthBearerLoginCallbackHandler.getHostName`: `String.format("kafka.%s.amazonaws.com", region)`;
 * - JS, aws-msk-iam-sasl-signer-js 1.0.3 `getMSKAuthToken.ts` `getHostName`: `` `kafka.${region}.amazonaws.com` ``;
 * - Python, aws-msk-iam-sasl-signer-python `MSKAuthTokenProvider.py`: `ENDPOINT_URL_TEMPLATE = "https://kafka.{}.amazonaws.com/"`;
 * - Go, aws-msk-iam-sasl-signer-go `signer/msk_auth_token_provider.go`: `endpointURLTemplate = "kafka.%s.amazonaws.com"`.
 */
export function oauthServiceHost(region: string): string {
  return `kafka.${region}.amazonaws.com`
}

/**
 * Signs one token. Its lifetime is the signature's expiry: 900 s, or the whole seconds the credentials have
 * left if fewer (never fractional: MSK refuses a non-integer X-Amz-Expires).
 */
export async function signOAuthToken(input: OAuthTokenInput): Promise<OAuthBearerToken> {
  const expiresIn = expiresInSeconds(input.credentials, input.now)
  const host = oauthServiceHost(input.region)
  const query = (await presignConnect(input, host, expiresIn)) as unknown as Record<string, string | undefined>
  // X-Amz-Date is the signing time truncated to the second.
  const signedAt = Math.floor(input.now / 1000) * 1000
  return {
    value: Buffer.from(tokenUrl(host, query, input.userAgent), 'utf8').toString('base64url'),
    lifetime: signedAt + expiresIn * 1000,
    principal: OAUTHBEARER_PRINCIPAL,
  }
}

/**
 * The URL: the signed parameters sorted by name (SigV4's canonical order, `Action` first, as
 * aws-msk-iam-sasl-signer-js writes them), then the unsigned User-Agent last. Keys and values are
 * percent-encoded as SigV4 does (RFC 3986 unreserved characters kept).
 */
function tokenUrl(host: string, query: Record<string, string | undefined>, userAgent: string): string {
  const signed = Object.entries({ ...query, Action: CONNECT_ACTION }).filter(
    (p): p is [string, string] => p[1] !== undefined,
  )
  signed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const params = [...signed, [OAUTHBEARER_USER_AGENT_PARAM, userAgent]]
  return `https://${host}/?${params.map(([k, v]) => `${uriEscape(k!)}=${uriEscape(v!)}`).join('&')}`
}

function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * The token's region. A token is not tied to a broker, so it comes from the `region` option, then
 * AWS_REGION / AWS_DEFAULT_REGION / the profile; never from a hostname.
 */
export async function resolveTokenRegion(resolveRegion: (host: string) => Promise<string>): Promise<string> {
  try {
    // An empty host matches no MSK hostname: the resolver goes straight to the option and the environment.
    return await resolveRegion('')
  } catch (error) {
    if (!isMskIamError(error) || error.code !== 'REGION_UNRESOLVED') throw error
    throw new MskIamError(
      'REGION_UNRESOLVED',
      'Cannot tell which AWS region to sign the OAUTHBEARER token for: a token is not tied to a broker, so the ' +
        "region must come from the region option, e.g. mskIamOAuthBearer({ region: 'us-east-1' }), or from " +
        'AWS_REGION, AWS_DEFAULT_REGION or the profile, and none of them sets one.',
      { cause: error },
    )
  }
}
