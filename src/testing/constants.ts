// Every wire constant and default of the MSK IAM emulator's protocol front, in one place.
// Numbers come from Apache Kafka's message schemas (clients/src/main/resources/common/message/*.json,
// Kafka 4.3) and from SaslServerAuthenticator; texts are the ones MSK and Kafka put on the wire. Kafka's API
// keys and error codes are the library's (src/constants.ts): spec numbers are shared, signing code is not.
import { API_KEY } from '../constants.js'

/**
 * Highest version of each API the emulator relays. The ApiVersions answer is clamped to these so that a
 * client never picks a version whose broker addresses the emulator could not rewrite; a client that sends
 * a higher version anyway is disconnected rather than risk leaking Kafka's advertised listeners.
 * Produce v10+ and Fetch v16+ may carry leader addresses in a tagged NodeEndpoints field (KIP-951), and
 * DescribeQuorum v2+ lists controller listeners: rather than parse those large responses, clients are
 * kept below them (Kafka 4 still serves these versions; clients negotiate down).
 */
export const MAX_UNDERSTOOD_VERSION: ReadonlyMap<number, number> = new Map([
  [API_KEY.PRODUCE, 9],
  [API_KEY.FETCH, 15],
  [API_KEY.DESCRIBE_QUORUM, 1],
  [API_KEY.METADATA, 13],
  [API_KEY.FIND_COORDINATOR, 6],
  [API_KEY.SASL_HANDSHAKE, 1],
  [API_KEY.API_VERSIONS, 4],
  [API_KEY.SASL_AUTHENTICATE, 2],
  [API_KEY.DESCRIBE_CLUSTER, 2],
  [API_KEY.SHARE_FETCH, 2],
  [API_KEY.SHARE_ACKNOWLEDGE, 2],
])

/** FindCoordinator switched from one coordinator to a batch of them (KIP-699) in this version. */
export const FIND_COORDINATOR_BATCHED_VERSION = 4

/** SASL mechanism names as sent in SaslHandshake. */
export const MECHANISM = {
  AWS_MSK_IAM: 'AWS_MSK_IAM',
  OAUTHBEARER: 'OAUTHBEARER',
} as const

export const DEFAULT_MECHANISMS: readonly string[] = [MECHANISM.AWS_MSK_IAM, MECHANISM.OAUTHBEARER]

/** Version string of MSK's AWS_MSK_IAM success answer; the reference client rejects any other. */
export const IAM_RESPONSE_VERSION = '2020_10_22'

/** Failure texts MSK puts after `[<request-id>]: ` in SaslAuthenticate error_message. */
export const MSK_DENIAL = {
  ACCESS_DENIED: 'Access denied',
  INVALID_PAYLOAD: 'Invalid authentication payload',
  TOO_MANY_CONNECTS: 'Too many connects',
  SESSION_TOO_SHORT: 'Session too short',
} as const

/** Kafka's principal type for IAM principals, as in `IAM.<arn>`. */
export const IAM_PRINCIPAL_TYPE = 'IAM'

/** Kafka's own texts (SaslServerAuthenticator, KafkaApis): no request-id prefix. */
export const principalChangeMessage = (oldArn: string, newArn: string): string =>
  `Cannot change principals during re-authentication from ${IAM_PRINCIPAL_TYPE}.${oldArn}: ${IAM_PRINCIPAL_TYPE}.${newArn}`
export const mechanismChangeMessage = (requested: string, previous: string): string =>
  `SASL mechanism '${requested}' requested by client is not supported for re-authentication of mechanism '${previous}'`
export const AUTHENTICATE_AFTER_AUTHENTICATION_MESSAGE =
  'SaslAuthenticate request received after successful authentication'

/** Smallest request frame: api_key, api_version and correlation_id (client_id is checked by the parser). */
export const MIN_REQUEST_FRAME_BYTES = 8
/** Smallest response frame: a correlation id. */
export const MIN_RESPONSE_FRAME_BYTES = 4
/** Kafka's sasl.server.max.receive.size default: the limit before (and during re-) authentication. */
export const MAX_UNAUTHENTICATED_FRAME_BYTES = 512 * 1024
/** Kafka's socket.request.max.bytes default: the limit once authenticated. */
export const MAX_AUTHENTICATED_FRAME_BYTES = 100 * 1024 * 1024
/** Responses come from the trusted Kafka broker; this only bounds buffering if it sends garbage. */
export const MAX_UPSTREAM_FRAME_BYTES = 1024 * 1024 * 1024

/** Kafka's connection.failed.authentication.delay.ms default: the close after a failure response. */
export const FAILED_AUTHENTICATION_CLOSE_DELAY_MS = 100

/** How long the emulator's close() lets pending reads (a client's FIN) arrive before it closes connections. */
export const EMULATOR_CLOSE_DRAIN_MS = 25
/** Kafka's MIN_REAUTH_INTERVAL_ONE_SECOND_NANOS: a re-authentication may start at most once a second. */
export const MIN_REAUTHENTICATION_INTERVAL_MS = 1000
/** The window of the connection-rate limit. */
export const RATE_LIMIT_WINDOW_MS = 1000

export const DEFAULT_REGION = 'us-east-1'
export const DEFAULT_CLUSTER_NAME = 'local'
export const DEFAULT_CLUSTER_ID = 'abc123'
export const DEFAULT_LISTENER_HOST = '127.0.0.1'
/**
 * Session lifetime for long-term keys (no expiry) under 'credential-expiry'. MSK's figure is not public
 * and no report shows it; one hour is the lifetime seen with hourly role credentials, so a client that
 * never re-authenticates still meets its first expiry within a test run's reach rather than never.
 */
export const LONG_TERM_KEY_SESSION_MS = 60 * 60 * 1000
/** kafkajs re-authenticates once elapsed + reauthenticationThreshold (default 10 s) ≥ the session lifetime. */
export const KAFKAJS_DEFAULT_REAUTHENTICATION_THRESHOLD_MS = 10_000
/**
 * Below this lifetime authentication fails with `Session too short`. MSK's threshold is not public; one
 * second keeps the behaviour observable in tests (credentials expiring within a second) without refusing
 * the short sessions tests use on purpose to exercise re-authentication.
 */
export const DEFAULT_MIN_SESSION_MS = 1000
export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000
/** Node id assumed for a single upstream broker that does not answer Metadata at start. */
export const DEFAULT_UPSTREAM_NODE_ID = 1
/** How long startMskIamEmulator waits for an upstream address's Metadata to learn the brokers. */
export const UPSTREAM_PROBE_TIMEOUT_MS = 2000
/**
 * Distance between two brokers' ports when only the first is given: MSK serves every broker on 9098 under
 * its own name; locally each needs its own port, and 9098, 10098, 11098, … keep MSK's "…98" visible.
 */
export const BROKER_PORT_STRIDE = 1000
/**
 * A TLS connection whose SNI is this name sees every broker as `localhost:<its port>`: the way in for
 * clients that resolve names themselves and take no resolver (librdkafka).
 */
export const LOOPBACK_ALIAS = 'localhost'
/** Names the TLS certificate also covers, so clients can use the loopback alias or an address. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1']
/** Port advertised for a broker Metadata names but the emulator has no listener for (not reachable). */
export const UNKNOWN_NODE_PORT = 0
/** Client id of the emulator's own probe request. */
export const PROBE_CLIENT_ID = 'msk-iam-emulator-probe'

/**
 * Common name of the CA the emulator issues at start (its key is discarded once the server cert is signed):
 * the bundled test CA's (scripts/gen-test-certs.sh) too, so that one name tells the emulator's certificates.
 */
export const TEST_CA_COMMON_NAME = 'kafkajs-msk-iam test CA (not for production)'
/** Issued certificates are valid from a day before the clock, so a client a little behind still accepts them. */
export const CLOCK_SKEW_ALLOWANCE_MS = 24 * 60 * 60 * 1000
/** … and for a year: a `local` cluster may run for weeks, the CA file it wrote stays usable. */
export const CERTIFICATE_VALIDITY_MS = 365 * 24 * 60 * 60 * 1000

/**
 * MSK's IAM connection limits. Provisioned: the archived MSK limits page (awsdocs/amazon-msk-developer-guide
 * `limits.md`, 2023): "Maximum TCP connection rate (IAM) per broker" 20/s, 4/s on kafka.t3.small, and 3000
 * TCP connections per broker (IAM). The current quota page keeps 3000 and shows 100/s for M-family brokers
 * (its excerpt was cut off; not verified): pass `connectionLimits` to model it. Serverless (same archived
 * page): 1000 client connections and 100 connection attempts per second, per cluster.
 */
export const MSK_CONNECTION_LIMITS = {
  PROVISIONED_PER_SECOND: 20,
  T3_SMALL_PER_SECOND: 4,
  PROVISIONED_MAX_CONNECTIONS_PER_BROKER: 3000,
  SERVERLESS_PER_SECOND: 100,
  SERVERLESS_MAX_CONNECTIONS: 1000,
} as const

/** startLocalMsk's defaults. */
export const LOCAL_MSK_DEFAULTS = {
  BROKERS: 3,
  PROFILE: 'provisioned',
  REGION: 'us-east-1',
  CLUSTER_NAME: 'local',
  CLUSTER_ID: 'abc123',
  SERVERLESS_CLUSTER_ID: 'abcd1234',
  ACCOUNT_ID: '123456789012',
  /** MSK's console default broker type. */
  INSTANCE_TYPE: 'kafka.m5.large',
  KAFKA_HEAP_MB: 256,
} as const

/**
 * The identity `startLocalMsk` and `kafkajs-msk-iam local` accept unless told otherwise: fixed, so a
 * printed client config keeps working across restarts; it opens nothing but the local emulator.
 */
export const LOCAL_TEST_IDENTITY = {
  accessKeyId: 'AKIALOCALMSKTEST0001',
  secretAccessKey: 'local-msk-test-secret-not-an-aws-key',
  principalName: 'user/local-msk-test',
} as const

/**
 * MSK's broker configuration defaults that matter to clients (MSK developer guide, "default
 * configuration"): topics are not created on first use, and 3-AZ clusters replicate 3 ways with 2 in sync.
 */
export const MSK_BROKER_DEFAULTS = {
  'auto.create.topics.enable': 'false',
} as const

/**
 * The cluster UUID of the emulator's default cluster ARN when it runs in front of your own Kafka
 * (`arn:aws:kafka:<region>:123456789012:cluster/<clusterName>/<this>`): fixed, so that policies written for it
 * survive restarts. startLocalMsk draws a random one instead, as MSK does.
 */
export const DEFAULT_EMULATOR_CLUSTER_UUID = '00000000-0000-0000-0000-000000000000-1'
/** policyPropagationMs's default: a policy change applies as soon as every authorizer acknowledged it. */
export const DEFAULT_POLICY_PROPAGATION_MS = 0

/** Java client settings for aws-msk-iam-auth (its README), by SASL mechanism. */
export const JAVA_CLIENT_SASL: Readonly<Record<'AWS_MSK_IAM' | 'OAUTHBEARER', Readonly<Record<string, string>>>> = {
  AWS_MSK_IAM: {
    'sasl.mechanism': 'AWS_MSK_IAM',
    'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
    'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
  },
  OAUTHBEARER: {
    'sasl.mechanism': 'OAUTHBEARER',
    'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
    'sasl.login.callback.handler.class': 'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
    'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
  },
}
