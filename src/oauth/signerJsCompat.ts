// Drop-in replacements for aws-msk-iam-sasl-signer-js 1.0.x: the same four functions, options and result,
// so switching is one import line. Unlike that library they cache: one credential cache and one token per
// distinct options, instead of a new credential chain (and, for roles, an STS call) per token.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { Clock } from '../clock.js'
import { DEFAULT_CREDENTIALS_TIMEOUT_MS, SIGNER_JS_CACHE_SIZE, SIGNER_JS_ROLE_SESSION_NAME } from '../constants.js'
import { lazySdkProvider, loadSdkProviders } from '../credentials/lazySdkProvider.js'
import { MskIamError, isMskIamError } from '../errors.js'
import type { AwsMskIamOptions } from '../options.js'
import { describeCause } from '../redact.js'
import { describeCallerIdentity, getCallerIdentity } from '../sts/getCallerIdentity.js'
import { jsonOf } from '../thrownValue.js'
import { createSigningContext, type SigningContext } from '../signingContext.js'
import type { CredentialEventSink } from '../credentials/CredentialCache.js'
import { MechanismLogger } from '../MechanismLogger.js'
import { warningsLogger } from '../warningsLogger.js'
import { OAuthTokenCache, type SignedWith } from './OAuthTokenCache.js'

/** What the generate functions resolve to, as in aws-msk-iam-sasl-signer-js. */
export interface GenerateAuthTokenResponse {
  /** The OAUTHBEARER token (base64url presigned URL). */
  token: string
  /** When the token expires, epoch ms (x-amz-date + x-amz-expires, whole seconds). */
  expiryTime: number
}

/** The part of aws-msk-iam-sasl-signer-js's `Logger` these functions call (`console` fits). */
export interface SignerJsLogger {
  debug(...content: unknown[]): void
  warn?(...content: unknown[]): void
}

/** Options of {@link generateAuthToken}, as in aws-msk-iam-sasl-signer-js. */
export interface GenerateAuthTokenOptions {
  /** The AWS region of the cluster, used for signing. Required. */
  region: string
  /** Receives the `awsDebugCreds` line. */
  logger?: SignerJsLogger
  /**
   * Log (at debug) which identity the credentials belong to, with one sts:GetCallerIdentity call per new
   * token (not per call, as tokens are cached). A failed lookup is logged as a warning, never thrown.
   */
  awsDebugCreds?: boolean
}

/** Options of {@link generateAuthTokenFromProfile}. */
export interface GenerateAuthTokenFromProfileOptions extends GenerateAuthTokenOptions {
  /** Shared config/credentials profile to take the credentials from. */
  awsProfileName: string
}

/** Options of {@link generateAuthTokenFromRole}. */
export interface GenerateAuthTokenFromRoleOptions extends GenerateAuthTokenOptions {
  /** Role to assume (with the default credential chain's credentials, through STS in `region`). */
  awsRoleArn: string
  /** Role session name; default `MSKSASLDefaultSession`, as in aws-msk-iam-sasl-signer-js. */
  awsRoleSessionName?: string
}

/** Options of {@link generateAuthTokenFromCredentialsProvider}. */
export interface GenerateAuthTokenFromCredentialOptions extends GenerateAuthTokenOptions {
  /**
   * Where credentials come from, e.g. `fromNodeProviderChain()`. Called again only when the credentials it
   * returned come near their `expiration` (never, for credentials without one). Pass the same function on
   * every call: tokens are cached per function.
   */
  awsCredentialsProvider: AwsCredentialIdentityProvider
}

interface Source {
  tokens: OAuthTokenCache
  /** Set by the latest call: where that call wants the `awsDebugCreds` line. */
  debugLogger: SignerJsLogger | undefined
}

// Sources for options that are plain values, least recently used first; and per provider function.
const byKey = new Map<string, Source>()
const byProvider = new WeakMap<AwsCredentialIdentityProvider, Map<string, Source>>()

/**
 * A token from the AWS default credential chain (environment, SSO and shared files, web identity,
 * container and instance roles). Drop-in for aws-msk-iam-sasl-signer-js's `generateAuthToken`; a web
 * identity role session is named `awsRoleSessionName` (default `MSKSASLDefaultSession`), as there.
 *
 * @throws {@link MskIamError} `INVALID_OPTIONS`, `CREDENTIALS_UNAVAILABLE`, `CREDENTIALS_EXPIRED`.
 */
export async function generateAuthToken(
  options: GenerateAuthTokenOptions | GenerateAuthTokenFromProfileOptions | GenerateAuthTokenFromRoleOptions,
): Promise<GenerateAuthTokenResponse> {
  const name = 'generateAuthToken'
  const region = requireRegion(name, options)
  const sessionName =
    optionalString(name, options as Partial<GenerateAuthTokenFromRoleOptions>, 'awsRoleSessionName') ??
    SIGNER_JS_ROLE_SESSION_NAME
  const source = keyed(JSON.stringify(['default', region, sessionName]), () => {
    const credentials = lazySdkProvider(loadSdkProviders, (sdk) =>
      sdk.fromNodeProviderChain({ roleSessionName: sessionName, clientConfig: { region } }),
    )
    return build(name, { region, credentials })
  })
  return generate(source, options)
}

/**
 * A token from a shared config/credentials profile (SSO, credential_process and assume-role profiles
 * included). Drop-in for aws-msk-iam-sasl-signer-js's `generateAuthTokenFromProfile`.
 *
 * @throws {@link MskIamError} `INVALID_OPTIONS`, `CREDENTIALS_UNAVAILABLE`, `CREDENTIALS_EXPIRED`.
 */
export async function generateAuthTokenFromProfile(
  options: GenerateAuthTokenFromProfileOptions,
): Promise<GenerateAuthTokenResponse> {
  const name = 'generateAuthTokenFromProfile'
  const region = requireRegion(name, options)
  const profile = requireString(name, options, 'awsProfileName')
  return generate(
    keyed(JSON.stringify(['profile', region, profile]), () => build(name, { region, profile })),
    options,
  )
}

/**
 * A token signed with a role assumed through STS in `region`, using the default chain's credentials; the
 * role credentials are cached and renewed before they expire (aws-msk-iam-sasl-signer-js calls STS for
 * every token). Drop-in for its `generateAuthTokenFromRole`.
 *
 * @throws {@link MskIamError} `INVALID_OPTIONS`, `CREDENTIALS_UNAVAILABLE`, `CREDENTIALS_EXPIRED`.
 */
export async function generateAuthTokenFromRole(
  options: GenerateAuthTokenFromRoleOptions,
): Promise<GenerateAuthTokenResponse> {
  const name = 'generateAuthTokenFromRole'
  const region = requireRegion(name, options)
  const roleArn = requireString(name, options, 'awsRoleArn')
  const roleSessionName = optionalString(name, options, 'awsRoleSessionName') ?? SIGNER_JS_ROLE_SESSION_NAME
  const key = JSON.stringify(['role', region, roleArn, roleSessionName])
  return generate(
    keyed(key, () => build(name, { region, roleArn, roleSessionName, stsRegion: region })),
    options,
  )
}

/**
 * A token signed with credentials from the given provider. Drop-in for aws-msk-iam-sasl-signer-js's
 * `generateAuthTokenFromCredentialsProvider`; tokens are cached per provider function and region.
 *
 * @throws {@link MskIamError} `INVALID_OPTIONS`, `CREDENTIALS_UNAVAILABLE`, `CREDENTIALS_EXPIRED`.
 */
export async function generateAuthTokenFromCredentialsProvider(
  options: GenerateAuthTokenFromCredentialOptions,
): Promise<GenerateAuthTokenResponse> {
  const name = 'generateAuthTokenFromCredentialsProvider'
  const region = requireRegion(name, options)
  const provider = options.awsCredentialsProvider
  if (typeof provider !== 'function') {
    throw new MskIamError(
      'INVALID_OPTIONS',
      `${name}(): awsCredentialsProvider must be a function returning AWS credentials.`,
    )
  }
  let perRegion = byProvider.get(provider)
  if (!perRegion) byProvider.set(provider, (perRegion = new Map<string, Source>()))
  let source = perRegion.get(region)
  if (!source) perRegion.set(region, (source = build(name, { region, credentials: provider })))
  return generate(source, options)
}

async function generate(source: Source, options: GenerateAuthTokenOptions): Promise<GenerateAuthTokenResponse> {
  source.debugLogger = options.awsDebugCreds ? options.logger : undefined
  const token = await source.tokens.get()
  return { token: token.value, expiryTime: token.lifetime }
}

function keyed(key: string, make: () => Source): Source {
  let source = byKey.get(key)
  if (source) byKey.delete(key)
  else source = make()
  byKey.set(key, source)
  if (byKey.size > SIGNER_JS_CACHE_SIZE) {
    const oldest = byKey.keys().next().value
    if (oldest !== undefined) byKey.delete(oldest)
  }
  return source
}

function build(name: string, options: AwsMskIamOptions): Source {
  // No kafkajs logger here: credential warnings (a failed refresh) go to stderr, as for OAUTHBEARER tokens.
  const ctx = signingContext(name, options, new MechanismLogger(undefined, warningsLogger()).credentialEvents)
  const source: Source = {
    debugLogger: undefined,
    tokens: new OAuthTokenCache(ctx, { onSigned: (signed) => logIdentity(source.debugLogger, signed, ctx.clock) }),
  }
  return source
}

function signingContext(name: string, options: AwsMskIamOptions, onEvent: CredentialEventSink): SigningContext {
  try {
    return createSigningContext(options, { onEvent })
  } catch (error) {
    // Validation speaks of awsMskIam(); say which function was called.
    if (isMskIamError(error) && error.code === 'INVALID_OPTIONS') {
      throw new MskIamError('INVALID_OPTIONS', error.message.replace(/^awsMskIam\(\)/, `${name}()`))
    }
    throw error
  }
}

/** The `awsDebugCreds` line: who the credentials that signed a new token belong to, from STS. */
async function logIdentity(logger: SignerJsLogger | undefined, signed: SignedWith, clock: Clock): Promise<void> {
  if (!logger) return
  const credentials: AwsCredentialIdentity = signed.credentials
  try {
    const answer = await getCallerIdentity({
      credentials,
      region: signed.region,
      endpoint: undefined,
      clock,
      timeoutMs: DEFAULT_CREDENTIALS_TIMEOUT_MS,
    })
    const summary = describeCallerIdentity(answer)
    if (answer.kind === 'identity') logger.debug(`Credentials Identity: ${summary}`)
    else logger.warn?.(`Could not tell the credentials identity (access key ${credentials.accessKeyId}): ${summary}`)
  } catch (error) {
    logger.warn?.(
      `Could not tell the credentials identity (access key ${credentials.accessKeyId}): ${describeCause(error)}`,
    )
  }
}

function requireRegion(name: string, options: GenerateAuthTokenOptions): string {
  return requireString(name, options, 'region')
}

function requireString<T extends object>(name: string, options: T, field: keyof T & string): string {
  if (typeof options !== 'object' || options === null) {
    throw new MskIamError('INVALID_OPTIONS', `${name}(): options must be an object.`)
  }
  const value = options[field]
  if (typeof value !== 'string' || value.length === 0) {
    throw new MskIamError(
      'INVALID_OPTIONS',
      `${name}(): ${field} is required (a non-empty string), got ${jsonOf(value)}.`,
    )
  }
  return value
}

function optionalString<T extends object>(name: string, options: T, field: keyof T & string): string | undefined {
  return options[field] === undefined ? undefined : requireString(name, options, field)
}
