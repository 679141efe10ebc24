import type { AuthenticatorDeps } from './authenticator.js'
import { systemClock } from './clock.js'
import {
  DEFAULT_CREDENTIALS_TIMEOUT_MS,
  DEFAULT_MAX_BACKOFF_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  DEFAULT_USER_AGENT,
} from './constants.js'
import { CredentialCache, type CredentialEventSink } from './credentials/credentialCache.js'
import { credentialSource } from './credentials/credentialSource.js'
import { validateOptions, type AwsMskIamOptions } from './options.js'
import { createRegionResolver, regionFromEnvironment } from './region.js'

/** Per-instance signing state: built once when a mechanism or token provider is created, never per call. */
export interface SigningContext extends AuthenticatorDeps {
  /** Where background credential events (refresh failures) are reported; replaceable at any time. */
  setEventSink(sink: CredentialEventSink | undefined): void
}

/**
 * Validates the options and builds the credential cache and region lookup they describe. Nothing is
 * fetched here: the first signature loads the credentials (and the AWS SDK, if a source needs it).
 */
export function createSigningContext(options: AwsMskIamOptions): SigningContext {
  validateOptions(options)
  const clock = options.clock ?? systemClock
  const source = credentialSource(options)
  let sink: CredentialEventSink | undefined
  const credentials = new CredentialCache(source.provider, {
    sourceDescription: source.description,
    refreshBeforeExpiryMs: options.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxBackoffMs: options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
    timeoutMs: options.credentialsTimeoutMs ?? DEFAULT_CREDENTIALS_TIMEOUT_MS,
    clock,
    onEvent: (level, message, extra) => sink?.(level, message, extra),
  })
  const resolveRegion = createRegionResolver({
    explicit: options.region,
    fallback: () => regionFromEnvironment(process.env, options.profile),
  })
  return {
    credentials,
    resolveRegion,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    clock,
    setEventSink: (next) => {
      sink = next
    },
  }
}
