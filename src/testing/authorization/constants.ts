// Wire strings and defaults of the local MSK's authorization: the decision service's HTTP contract with the
// Java authorizer (java/authorizer/src/main/java/dev/kafkajsmskiam/authorizer/), the server.properties
// that load it, and the upstream OAUTHBEARER login. The Java side spells the same strings; change both.

/** The authorizer class Kafka loads (`authorizer.class.name`). */
export const AUTHORIZER_CLASS = 'dev.kafkajsmskiam.authorizer.MskIamAuthorizer'

/** server.properties keys read by the authorizer's configure() (AuthorizerSettings.java). */
export const AUTHORIZER_PROPERTY = {
  URL: 'msk.iam.authorizer.url',
  REQUEST_TIMEOUT_MS: 'msk.iam.authorizer.request.timeout.ms',
  POLL_WAIT_MS: 'msk.iam.authorizer.poll.wait.ms',
} as const

/** The upstream listener the emulator authenticates to, one per broker, bound to loopback only. */
export const UPSTREAM_LISTENER_NAME = 'IAM_UPSTREAM'

/**
 * Upstream principals are `msk-iam:<emulatorId>:<connectionId>`; the authorizer asks the decision service
 * about these and allows every other principal (inter-broker, controller, PLAINTEXT tools).
 */
export const EMULATOR_PRINCIPAL_PREFIX = 'msk-iam:'

/** HTTP paths of the decision service. */
export const DECISION_PATH = {
  AUTHORIZE: '/authorize',
  GENERATION: '/generation',
} as const

/** How long one authorize call may take before the broker denies (fail closed). */
export const DEFAULT_AUTHORIZER_REQUEST_TIMEOUT_MS = 5000
/** How long the authorizer's generation long-poll is held when nothing changes. */
export const DEFAULT_POLL_WAIT_MS = 20_000
/** The service never holds a poll longer than this, whatever the authorizer asks. */
export const MAX_POLL_WAIT_MS = 60_000
/**
 * An authorizer that was answered a new generation and did not poll again within this time is taken
 * for gone (its broker stopped): awaitGeneration() stops waiting for it.
 */
export const DEFAULT_AUTHORIZER_STALE_MS = 10_000
/** Default bound of awaitGeneration(). */
export const DEFAULT_AWAIT_GENERATION_TIMEOUT_MS = 30_000
/** Larger authorize bodies are refused (413): a Metadata request for every topic of a big cluster fits. */
export const MAX_AUTHORIZE_BODY_BYTES = 16 * 1024 * 1024

/** Mechanism the emulator uses upstream. */
export const UPSTREAM_MECHANISM = 'OAUTHBEARER'
/**
 * Lifetime of the unsecured JWT minted per upstream connection: one year. Kafka 4.3 bounds an OAUTHBEARER
 * session by the token's `exp` even with `connections.max.reauth.ms=0` (SaslServerAuthenticator
 * .ReauthInfo), and the emulator never re-authenticates upstream, so the token must outlive any client
 * connection. Not much longer: Kafka adds the lifetime to System.nanoTime() with Math.addExact.
 */
export const UPSTREAM_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000
/** Client id of the emulator's own upstream SaslHandshake/SaslAuthenticate requests. */
export const UPSTREAM_CLIENT_ID = 'msk-iam-emulator'
/**
 * The JAAS login of the upstream listener, which Kafka requires for every SASL mechanism it enables. No
 * options: the broker never logs in with a token of its own there (the unsecured login handler then logs in
 * without one: "this login cannot be used to establish client connections"), and tokens are checked by the
 * default validator. No `=` either: the apache/kafka image silently drops an environment variable whose
 * value holds one, so the KAFKA_* form of this setting would be lost.
 */
export const UPSTREAM_JAAS_CONFIG = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;'
