// Every wire string and default of the AWS_MSK_IAM mechanism, in one place.
// Values mirror AWS's reference Java library (aws-msk-iam-auth 2.3.x) unless a comment says otherwise.

/** SASL mechanism name as sent in SaslHandshake; MSK matches it exactly. */
export const MECHANISM_NAME = 'AWS_MSK_IAM'
/** OAUTHBEARER mechanism name; the same IAM check behind a standard mechanism. */
export const OAUTHBEARER_MECHANISM_NAME = 'OAUTHBEARER'

export const PAYLOAD_VERSION = '2020_10_22'
export const SIGNING_SERVICE = 'kafka-cluster'
export const CONNECT_ACTION = 'kafka-cluster:Connect'
export const SIGNING_ALGORITHM = 'AWS4-HMAC-SHA256'
export const SIGNED_HEADERS = 'host'

/**
 * The reference presigns for 15 minutes. That bounds when the signature may be presented, not the session:
 * MSK grants a session until the signing credentials expire (docs/emulator.md, "Session lifetime").
 */
export const DEFAULT_EXPIRES_SECONDS = 900
/** Credentials with less life than this are not signed with: the signature could expire in flight. */
export const MIN_SIGNATURE_SECONDS = 5

// Credentials, STS and partitions (src/credentials, src/partition.ts).

/**
 * Refresh credentials this long before they expire. MSK ends a session when the credentials it was signed
 * with expire, so signing only with credentials that have at least this much left gives every session at
 * least 20 minutes (never "Session too short", and no re-authentication storm near expiry). Capped at half
 * the credentials' lifetime, so that short-lived sources (15-minute role sessions) are not hammered.
 */
export const DEFAULT_REFRESH_BEFORE_EXPIRY_MS = 20 * 60_000
/** Background refresh starts this much earlier than the refresh deadline, leaving room for retries. */
export const BACKGROUND_REFRESH_LEAD_MS = 5 * 60_000
/** Fewest milliseconds between two refresh attempts when a source keeps failing or returning near-expiry credentials. */
export const MIN_REFRESH_INTERVAL_MS = 30_000
/** kafkajs re-authenticates a connection whose session ends within this long (its `reauthenticationThreshold` default). */
export const KAFKAJS_REAUTHENTICATION_THRESHOLD_MS = 10_000
/**
 * Cached credentials with less than this left are not handed out while a refresh runs: the caller waits for
 * the refresh. A signature needs MIN_SIGNATURE_SECONDS, and a session shorter than kafkajs's
 * re-authentication threshold is re-authenticated before every request. With more left, the cached
 * credentials are served at once and the refresh goes on in the background (stale-while-revalidate).
 */
export const MIN_LIFE_TO_SERVE_WHILE_REFRESHING_MS =
  MIN_SIGNATURE_SECONDS * 1000 + KAFKAJS_REAUTHENTICATION_THRESHOLD_MS

export const DEFAULT_MAX_RETRIES = 3
export const DEFAULT_MAX_BACKOFF_MS = 5_000
export const BASE_BACKOFF_MS = 500
/** A credential source that has not answered in this long is treated as failed (transiently). */
export const DEFAULT_CREDENTIALS_TIMEOUT_MS = 10_000

/** Stable on purpose: a random session name changes the principal and breaks re-authentication. */
export const DEFAULT_ROLE_SESSION_NAME = 'aws-msk-iam-auth'
/** The environment variables the AWS SDK's default chain reads first (fromEnv) or that make it skip them. */
export const ENV_KEY = 'AWS_ACCESS_KEY_ID'
export const ENV_SECRET = 'AWS_SECRET_ACCESS_KEY'
export const ENV_PROFILE = 'AWS_PROFILE'
/** AWS SDK v3's region name for the global STS endpoint (sts.amazonaws.com), accepted as `stsRegion`. */
export const STS_GLOBAL_REGION = 'aws-global'

/**
 * The AWS partitions: which region names each holds and its DNS suffix, as in the AWS SDK's endpoint data
 * (partitions.json in @aws-sdk/core; test/unit/partition.test.ts checks every region the SDK lists). The
 * patterns do not overlap; a region that matches none belongs to `aws`, as in the SDK.
 */
export const AWS_PARTITIONS: ReadonlyArray<{ id: string; regions: RegExp; dnsSuffix: string }> = [
  { id: 'aws', regions: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
  { id: 'aws-cn', regions: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn' },
  { id: 'aws-us-gov', regions: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
  { id: 'aws-eusc', regions: /^eusc-de-\w+-\d+$/, dnsSuffix: 'amazonaws.eu' },
  { id: 'aws-iso', regions: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov' },
  { id: 'aws-iso-b', regions: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov' },
  { id: 'aws-iso-e', regions: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk' },
  { id: 'aws-iso-f', regions: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov' },
]

export const PACKAGE_NAME = 'kafkajs-msk-iam'
export const PACKAGE_VERSION = '0.1.0'
export const DEFAULT_USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION}`

/** The broker's answer is two short strings; anything much larger is not an MSK answer. */
export const MAX_SERVER_RESPONSE_BYTES = 4096

/** Broker error texts (after the "[request-id]: " prefix) as MSK and Apache Kafka send them. */
export const BROKER_TEXT = {
  accessDenied: 'Access denied',
  tooManyConnects: 'Too many connects',
  sessionTooShort: 'Session too short',
  invalidPayload: 'Invalid authentication payload',
  principalChange: 'Cannot change principals during re-authentication',
  mechanismChange: 'Cannot change mechanisms during re-authentication',
} as const

/**
 * The kafkajs retry this library recommends where many clients start at once (Lambda scale-out) and meet
 * MSK's limit on new connections: soon, often and jittered. `factor: 1` because kafkajs's default
 * randomization (0.2) makes every wait exactly `maxRetryTime` once reached, so clients retry in step.
 * Measured by the cold-start storm benchmark (bench/sections/coldStartStorm.ts).
 */
export const COLD_START_RETRY = { initialRetryTime: 100, maxRetryTime: 500, factor: 1, retries: 40 } as const

/** COLD_START_RETRY as a user writes it in the `Kafka` config (error messages and docs quote it). */
export const COLD_START_RETRY_TEXT = `retry: { ${Object.entries(COLD_START_RETRY)
  .map(([name, value]) => `${name}: ${value}`)
  .join(', ')} }`

/** Ports of MSK listeners that speak IAM; others carry no AWS_MSK_IAM. */
export const IAM_PORTS = { private: 9098, public: 9198 } as const
export const NON_IAM_PORTS: Readonly<Record<number, string>> = {
  9092: 'plaintext (no authentication)',
  9094: 'TLS without IAM',
  9096: 'SASL/SCRAM',
  9194: 'public TLS without IAM',
  9196: 'public SASL/SCRAM',
}

// OAUTHBEARER tokens (src/oauth): the same kafka-cluster:Connect presigned URL, base64url-encoded.

/** Principal name of every MSK IAM OAUTHBEARER token, as AWS's Java `IAMOAuthBearerToken` reports it. */
export const OAUTHBEARER_PRINCIPAL = 'kafka-cluster'
/** Name of the unsigned query parameter appended to the token URL after signing. */
export const OAUTHBEARER_USER_AGENT_PARAM = 'User-Agent'
/**
 * A cached token is handed out again while it is younger than this (and than half its lifetime): inside
 * the 5-minute SigV4 clock-skew window a validating broker may apply to X-Amz-Date (the emulator does), and
 * it is presented well inside the token's 15-minute validity.
 */
export const OAUTHBEARER_MAX_TOKEN_AGE_MS = 4 * 60_000
/** RFC 7628 client message parts: the GS2 header without authorization identity, and the separator. */
export const OAUTHBEARER_GS2_HEADER = 'n,,'
export const OAUTHBEARER_KVSEP = '\u0001'
/** Longest part of a broker's OAUTHBEARER error answer quoted in an error message. */
export const MAX_QUOTED_ANSWER_CHARS = 200
/** aws-msk-iam-sasl-signer-js's default role session name, kept by its drop-ins so the principal stays the same. */
export const SIGNER_JS_ROLE_SESSION_NAME = 'MSKSASLDefaultSession'
/** Token sources the aws-msk-iam-sasl-signer-js drop-ins keep for distinct options (least recently used go). */
export const SIGNER_JS_CACHE_SIZE = 32

// IAM policies (src/iam): the wire strings of policy documents, MSK's ARNs and the request context.

/** The policy language version that supports policy variables; documents without a Version get 2008-10-17. */
export const IAM_POLICY_VERSION = '2012-10-17'
export const IAM_POLICY_VERSION_2008 = '2008-10-17'
/** Service prefix of MSK's ARNs (`arn:aws:kafka:…`); the data-plane actions use `kafka-cluster:` instead. */
export const MSK_ARN_SERVICE = 'kafka'
export const MSK_CONTROL_PLANE_PREFIX = 'kafka:'
export const MSK_ACTION_PREFIX = `${SIGNING_SERVICE}:`
export const DEFAULT_AWS_PARTITION = 'aws'
/** The resource name Kafka gives the cluster in ACL checks (`Resource.CLUSTER_NAME`). */
export const KAFKA_CLUSTER_RESOURCE_NAME = 'kafka-cluster'
/** Kafka's default `Authorizer.authorizeByResourceType` first probes a topic literally named this (KIP-679). */
export const KAFKA_HARDCODE_TOPIC = 'hardcode'
/** Condition keys whose value changes with the clock: a decision that read them must not be cached. */
export const IAM_TIME_KEYS: ReadonlySet<string> = new Set(['aws:currenttime', 'aws:epochtime'])
/** Compiled resource patterns with policy variables keep this many resolved forms each. */
export const IAM_RESOLVED_PATTERN_CACHE_SIZE = 256

// Kafka protocol numbers (https://kafka.apache.org/protocol; Apache Kafka's message schemas,
// clients/src/main/resources/common/message/*.json). One table for the library, the CLI and the emulator:
// numbers from the Kafka spec are shared, signing code is not (the emulator's verifier never imports it).

/** API keys of the requests the library, the CLI or the emulator writes, reads or rewrites. */
export const API_KEY = {
  PRODUCE: 0,
  FETCH: 1,
  METADATA: 3,
  FIND_COORDINATOR: 10,
  DESCRIBE_GROUPS: 15,
  SASL_HANDSHAKE: 17,
  API_VERSIONS: 18,
  SASL_AUTHENTICATE: 36,
  DESCRIBE_QUORUM: 55,
  DESCRIBE_CLUSTER: 60,
  SHARE_FETCH: 78,
  SHARE_ACKNOWLEDGE: 79,
} as const
/** Produce v9 is the first flexible version: request header v2 (tagged fields), compact strings. */
export const PRODUCE_FIRST_FLEXIBLE_VERSION = 9
/**
 * First flexible version (compact encodings, tagged fields, request header v2 / response header v1) of
 * each API whose bodies are read or written here (Produce's acks by the library and the emulator, the rest by
 * the emulator; src/protocol/flexibleVersions.ts). SaslHandshake is never flexible (KAFKA-9577).
 */
export const FIRST_FLEXIBLE_VERSION: ReadonlyMap<number, number> = new Map([
  [API_KEY.PRODUCE, PRODUCE_FIRST_FLEXIBLE_VERSION],
  [API_KEY.METADATA, 9],
  [API_KEY.FIND_COORDINATOR, 3],
  [API_KEY.SASL_HANDSHAKE, Number.POSITIVE_INFINITY],
  [API_KEY.API_VERSIONS, 3],
  [API_KEY.SASL_AUTHENTICATE, 2],
  [API_KEY.DESCRIBE_CLUSTER, 0],
  [API_KEY.SHARE_FETCH, 0],
  [API_KEY.SHARE_ACKNOWLEDGE, 0],
])

/** Kafka error codes that are told apart or sent. */
export const ERROR_CODE = {
  NONE: 0,
  UNSUPPORTED_SASL_MECHANISM: 33,
  ILLEGAL_SASL_STATE: 34,
  UNSUPPORTED_VERSION: 35,
  SASL_AUTHENTICATION_FAILED: 58,
} as const

// proactiveReauthentication() (src/reauth).

/** Renew at a random point in [start, start + spread) of the session lifetime, as the Java client does. */
export const RENEWAL_WINDOW = { start: 0.85, spread: 0.1 } as const
/** Give up on a renewal whose SASL pair the broker has not answered this long after reaching it, ms. */
export const DEFAULT_ANSWER_TIMEOUT_MS = 10_000
/**
 * Longest time a kafkajs write is held for a renewal, ms: below kafkajs's default `requestTimeout` (30 s),
 * so that no request is written after kafkajs has timed it out (and perhaps retried it elsewhere).
 */
export const DEFAULT_MAX_HOLD_MS = 25_000
/** Retry a transient signing failure only while the session has more than this left, ms. */
export const MIN_SESSION_LEFT_FOR_RETRY_MS = 2_000
/** Longest wait before retrying a transient signing failure, ms (a quarter of the session left if less). */
export const MAX_RENEWAL_RETRY_DELAY_MS = 1_000
/** TCP keep-alive of the sockets the default socket factory opens, as kafkajs's own factory sets it. */
export const SOCKET_KEEP_ALIVE_DELAY_MS = 60_000
