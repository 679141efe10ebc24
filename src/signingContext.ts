import type { AuthenticatorDeps } from './authenticator.js'
import { systemClock } from './clock.js'
import {
  DEFAULT_CREDENTIALS_TIMEOUT_MS,
  DEFAULT_MAX_BACKOFF_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  DEFAULT_USER_AGENT,
} from './constants.js'
import { CredentialCache, type CredentialEventSink } from './credentials/CredentialCache.js'
import { credentialSource } from './credentials/credentialSource.js'
import type { SdkProviders } from './credentials/lazySdkProvider.js'
import { validateOptions, type AwsMskIamOptions } from './options.js'
import { createRegionResolver, regionFromEnvironment } from './region.js'

/** Per-instance signing state: built once when a mechanism or token provider is created, never per call. */
export type SigningContext = AuthenticatorDeps

/** What a signing context takes besides the options. */
export interface SigningContextDeps {
  /** Where the credential cache reports events (refresh failures, new credentials); fixed for its life. */
  onEvent?: CredentialEventSink
  /** Loads the AWS SDK's credential providers; tests pass a fake. */
  loadSdk?: () => Promise<SdkProviders>
  env?: NodeJS.ProcessEnv
}

/**
 * Validates the options and builds the credential cache and region lookup they describe. Nothing is
 * fetched here: the first signature loads the credentials (and the AWS SDK, if a source needs it).
 *
 * The region the first signature is made for is kept: it is where `roleArn` is assumed through STS,
 * unless `stsRegion` is set. Every signer resolves the region before it asks for credentials.
 */
export function createSigningContext(options: AwsMskIamOptions, deps: SigningContextDeps = {}): SigningContext {
  validateOptions(options)
  const clock = options.clock ?? systemClock
  const env = deps.env ?? process.env
  const lookupRegion = createRegionResolver({
    explicit: options.region,
    fallback: () => regionFromEnvironment(env, options.profile),
  })
  let firstSigningRegion: string | undefined
  const resolveRegion = async (host: string): Promise<string> => {
    const region = await lookupRegion(host)
    firstSigningRegion ??= region
    return region
  }
  const source = credentialSource(options, {
    // Before any signature (the doctor's credential check), a region without a host: the option or env.
    signingRegion: async () => firstSigningRegion ?? lookupRegion(''),
    env,
    ...(deps.loadSdk ? { loadSdk: deps.loadSdk } : {}),
  })
  const credentials = new CredentialCache(source.provider, {
    sourceDescription: source.description,
    refreshable: source.refreshable,
    refreshBeforeExpiryMs: options.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxBackoffMs: options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
    timeoutMs: options.credentialsTimeoutMs ?? DEFAULT_CREDENTIALS_TIMEOUT_MS,
    clock,
    ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
  })
  return {
    credentials,
    resolveRegion,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    clock,
  }
}
