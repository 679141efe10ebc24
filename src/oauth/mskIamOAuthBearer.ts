import { authenticateOnce } from '../authenticator.js'
import type { KafkaSaslMechanism } from '../kafkajsTypes.js'
import { MechanismLogger } from '../MechanismLogger.js'
import type { AwsMskIamOptions } from '../options.js'
import type { RenewableSasl } from '../reauth/types.js'
import type { SaslClient } from '../saslClient.js'
import { createSigningContext } from '../signingContext.js'
import { warningsLogger } from '../warningsLogger.js'
import { oauthBearerClient } from './oauthBearerClient.js'
import { OAuthTokenCache } from './OAuthTokenCache.js'
import type { OAuthBearerToken } from './oauthToken.js'

/**
 * kafkajs's `sasl` value for OAUTHBEARER, as returned by {@link MskIamOAuthBearer.kafkajs}. kafkajs uses its
 * `authenticationProvider` (this package's, with typed, retriable errors) rather than its own OAUTHBEARER
 * authenticator, which turns every refusal, even a transient *Too many connects*, into a fatal error.
 */
export interface KafkajsOAuthBearerSasl extends KafkaSaslMechanism, RenewableSasl {
  mechanism: 'oauthbearer'
  /** The current token as kafkajs's own OAUTHBEARER authenticator takes it (kafkajs does not call it here). */
  oauthBearerProvider: () => Promise<{ value: string }>
  /** This instance's OAUTHBEARER client, for `proactiveReauthentication(sasl)`; keep it when copying the object. */
  readonly saslClient: SaslClient
}

/**
 * The `sasl` value of @confluentinc/kafka-javascript's KafkaJS-compatible API (`kafkaJS: { sasl }`), as
 * returned by {@link MskIamOAuthBearer.confluent}.
 */
export interface ConfluentOAuthBearerSasl {
  mechanism: 'oauthbearer'
  /** Called by librdkafka when it needs a token (at start and at about 80 % of the previous lifetime). */
  oauthBearerProvider: () => Promise<{ value: string; principal: string; lifetime: number }>
}

/** @platformatic/kafka's `sasl` option for OAUTHBEARER, as returned by {@link MskIamOAuthBearer.platformatic}. */
export interface PlatformaticOAuthBearerSasl {
  mechanism: 'OAUTHBEARER'
  /** Called by @platformatic/kafka on every authentication and re-authentication. */
  token: () => Promise<string>
}

/** MSK IAM tokens for the OAUTHBEARER mechanism, as returned by {@link mskIamOAuthBearer}. */
export interface MskIamOAuthBearer {
  /**
   * For kafkajs: `new Kafka({ brokers, ssl: true, sasl: msk.kafkajs() })`. Refusals are typed
   * {@link MskIamError}s, retriable when a new connection can clear them (*Too many connects*), as with
   * `awsMskIam()`; `proactiveReauthentication(sasl)` takes this object too.
   */
  kafkajs(): KafkajsOAuthBearerSasl
  /**
   * For @confluentinc/kafka-javascript:
   * `new Kafka({ kafkaJS: { brokers, ssl: true, sasl: msk.confluent() } })`. `lifetime` is epoch ms.
   *
   * That client's `admin.connect()` resolves before its first token is in place, and an admin call made
   * in that instant blocks the token hand-over until the call times out: let the first
   * `oauthBearerProvider()` call settle before the first admin request.
   */
  confluent(): ConfluentOAuthBearerSasl
  /**
   * For @platformatic/kafka: `new Producer({ bootstrapBrokers, tls: {}, sasl: msk.platformatic() })`.
   */
  platformatic(): PlatformaticOAuthBearerSasl
  /**
   * The current token, for any other client: `value` (the token), `lifetime` (expiry, epoch ms) and
   * `principal` (`kafka-cluster`). Cached; see {@link mskIamOAuthBearer} for when it is renewed.
   *
   * @throws {@link MskIamError} `REGION_UNRESOLVED` when no region is configured anywhere,
   *   `CREDENTIALS_UNAVAILABLE` or `CREDENTIALS_EXPIRED` when the credential source fails.
   */
  token(): Promise<OAuthBearerToken>
}

/**
 * MSK IAM authentication over the standard OAUTHBEARER SASL mechanism, for every Node Kafka client. The
 * token is the base64url-encoded presigned `kafka-cluster:Connect` URL for `kafka.<region>.amazonaws.com`,
 * exactly as AWS's Java callback handler and aws-msk-iam-sasl-signer-js produce it.
 *
 * A token is not tied to a broker, so the region comes from `options.region`, else AWS_REGION,
 * AWS_DEFAULT_REGION or the profile (never from a broker hostname).
 *
 * Build it once and share it: the instance caches credentials (refreshed in the background) and the token.
 * A token is reused for 4 minutes (or half its lifetime if expiring credentials shortened it), so its
 * X-Amz-Date stays within a broker's 5-minute clock-skew window and each new connection's session lasts
 * at least 11 minutes; concurrent callers share one signature, and nothing touches the network while
 * credentials are cached. The principal is always `kafka-cluster`.
 *
 * @throws {@link MskIamError} with code `INVALID_OPTIONS` when an option is malformed.
 */
export function mskIamOAuthBearer(options: AwsMskIamOptions = {}): MskIamOAuthBearer {
  const log = new MechanismLogger(options.logger, warningsLogger())
  const ctx = createSigningContext(options, { onEvent: log.credentialEvents })
  const cache = new OAuthTokenCache(ctx)
  const client = oauthBearerClient(cache, ctx)
  const token = (): Promise<OAuthBearerToken> => cache.get()
  return {
    kafkajs: () => ({
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => ({ value: (await token()).value }),
      authenticationProvider: (args) => ({
        authenticate: async () =>
          void (await authenticateOnce(client, ctx.clock, args, log.forAuthentication(args.logger))),
      }),
      saslClient: client,
    }),
    confluent: () => ({
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => {
        const { value, principal, lifetime } = await token()
        return { value, principal, lifetime }
      },
    }),
    platformatic: () => ({ mechanism: 'OAUTHBEARER', token: async () => (await token()).value }),
    token: async () => ({ ...(await token()) }),
  }
}
