// Every default and fixed string of the native Kafka launcher (src/testing/kafka), in one place.
import { API_KEY } from '../../constants.js'
import { METADATA_VERSION } from '../../protocol/metadataMessages.js'

/** Apache Kafka release the launcher runs; docker-compose.yml uses the same image tag. */
export const KAFKA_VERSION = '4.3.1'
/** Kafka 4 logs through slf4j 1.7; this is the matching log4j2 binding's release. */
export const LOG4J_VERSION = '2.25.5'
export const MAVEN_DEPENDENCY_PLUGIN_VERSION = '3.8.1'

/** Kafka 4 brokers need Java 17 (https://kafka.apache.org/documentation/#java). */
export const MIN_JAVA_MAJOR = 17
/** The oldest Maven the launcher's poms were tried with. */
export const MIN_MAVEN_VERSION: readonly [number, number] = [3, 8]

/** Overrides the per-user cache root (jars, leftover records). */
export const CACHE_DIR_ENV = 'KAFKAJS_MSK_IAM_CACHE_DIR'
/** The cache root's folder name under $XDG_CACHE_HOME or ~/.cache. */
export const CACHE_DIR_NAME = 'kafkajs-msk-iam'
/** Raises the brokers' log level for one run (`KAFKA_LOG_LEVEL=INFO`); the `logLevel` option wins. */
export const LOG_LEVEL_ENV = 'KAFKA_LOG_LEVEL'
export const DEFAULT_LOG_LEVEL = 'WARN'
/** The system property log4j2.properties reads the level from. */
export const LOG_LEVEL_PROPERTY = 'kafka.test.log.level'

/** Temp dirs of clusters start with this, which lets the leftover sweep recognise ours. */
export const DATA_DIR_PREFIX = 'kafkajs-msk-iam-kafka-'
export const HOST = '127.0.0.1'
export const PLAINTEXT_LISTENER = 'PLAINTEXT'
export const CONTROLLER_LISTENER = 'CONTROLLER'

export const DEFAULT_BROKERS = 3
export const MAX_BROKERS = 5
/**
 * Max heap per node. Measured on 2 cores: an idle node with a 256 MB cap has ~170 MB resident, 3 nodes
 * ~510 MB; heap size barely changes that, it only sets the headroom under load.
 */
export const DEFAULT_HEAP_MB = 256
export const MIN_HEAP_MB = 128
/** Three nodes start in 8–15 s on a busy 2-core machine; the rest is headroom for a starved CI runner. */
export const DEFAULT_READY_TIMEOUT_MS = 90_000
/** A controlled shutdown (SIGTERM) of one node under load takes a few seconds; then SIGKILL. */
export const STOP_GRACE_MS = 30_000
export const STORAGE_FORMAT_TIMEOUT_MS = 60_000
export const MAVEN_TIMEOUT_MS = 15 * 60_000
/** How often readiness is asked again while a node is not ready yet. */
export const READY_POLL_MS = 250
export const PROBE_TIMEOUT_MS = 3_000
export const PROBE_CLIENT_ID = 'kafkajs-msk-iam-launcher'
/** Group ids the readiness probe describes, one per __consumer_offsets partition (never joined). */
export const PROBE_GROUP_PREFIX = 'kafkajs-msk-iam-launcher-probe-'

/** The alternative every "missing tool" message offers. */
export const BRING_YOUR_OWN_KAFKA = 'or point startMskIamEmulator({ upstream }) at a Kafka you already run'
export const JAVA_INSTALL_HINT = 'install a JDK, e.g. Temurin 17 from https://adoptium.net'
export const MAVEN_INSTALL_HINT =
  'install Maven 3.8+ from https://maven.apache.org/install.html or your package manager'
export const TOOL_CHECK_TIMEOUT_MS = 60_000

/** Kafka API keys and versions the readiness probe uses (all below their first flexible version). */
export const PROBE_API = {
  METADATA: { key: API_KEY.METADATA, version: METADATA_VERSION },
  FIND_COORDINATOR: { key: API_KEY.FIND_COORDINATOR, version: 1 },
  DESCRIBE_GROUPS: { key: API_KEY.DESCRIBE_GROUPS, version: 1 },
} as const
export const MAX_PROBE_RESPONSE_BYTES = 64 * 1024 * 1024
