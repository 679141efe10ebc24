import { authenticateOnce, signToken, type AuthenticationResult } from './authenticator.js'
import { mapAuthenticationError } from './brokerErrors.js'
import { systemClock } from './clock.js'
import {
  DEFAULT_CREDENTIALS_TIMEOUT_MS,
  DEFAULT_MAX_BACKOFF_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  DEFAULT_USER_AGENT,
  MECHANISM_NAME,
} from './constants.js'
import { CredentialCache } from './credentials/credentialCache.js'
import { credentialSource } from './credentials/credentialSource.js'
import type { KafkaLogger, KafkaSaslMechanism } from './kafkajsTypes.js'
import { validateOptions, type AwsMskIamOptions } from './options.js'
import { SIGNER, type ReauthSigner } from './reauth/signer.js'
import { createRegionResolver, regionFromEnvironment } from './region.js'
import { parseServerResponse } from './saslFraming.js'

/** kafkajs's `sasl` value for AWS_MSK_IAM, as returned by {@link awsMskIam}. */
export interface AwsMskIamMechanism extends KafkaSaslMechanism {
  mechanism: 'AWS_MSK_IAM'
}

/**
 * The AWS_MSK_IAM SASL mechanism for kafkajs:
 * `new Kafka({ brokers, ssl: true, sasl: awsMskIam() })`.
 *
 * Build it once per client (or share it between clients): each instance holds one credential cache,
 * refreshed in the background before expiry, so authentications sign at once without network I/O.
 *
 * @throws {@link MskIamError} with code `INVALID_OPTIONS` when an option is malformed.
 */
export function awsMskIam(options: AwsMskIamOptions = {}): AwsMskIamMechanism {
  validateOptions(options)
  const clock = options.clock ?? systemClock
  const source = credentialSource(options)
  // Background events happen outside any authentication: report them on the last logger kafkajs gave us.
  let lastLogger: KafkaLogger | undefined
  const credentials = new CredentialCache(source.provider, {
    sourceDescription: source.description,
    refreshBeforeExpiryMs: options.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxBackoffMs: options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
    timeoutMs: options.credentialsTimeoutMs ?? DEFAULT_CREDENTIALS_TIMEOUT_MS,
    clock,
    onEvent: (level, message, extra) => lastLogger?.[level](message, extra),
  })
  const resolveRegion = createRegionResolver({
    explicit: options.region,
    fallback: () => regionFromEnvironment(process.env, options.profile),
  })
  const deps = { credentials, resolveRegion, userAgent: options.userAgent ?? DEFAULT_USER_AGENT, clock }
  const mechanism: AwsMskIamMechanism = {
    mechanism: MECHANISM_NAME,
    authenticationProvider: (args) => ({
      authenticate: async () => {
        lastLogger = args.logger
        await authenticateOnce(deps, args, args.logger)
      },
    }),
  }
  const signer: ReauthSigner = {
    mechanism: MECHANISM_NAME,
    sign: (host, port) => signToken(deps, host, port),
    parseAnswer: (authBytes) => ({ requestId: parseServerResponse(authBytes).requestId }),
    explain: mapAuthenticationError,
  }
  // Hidden from kafkajs (and from Object.keys): only proactiveReauthentication() reads it.
  Object.defineProperty(mechanism, SIGNER, { value: signer, enumerable: false })
  return mechanism
}

export type { AuthenticationResult }
