// Defaults of the CLI commands. The emulator and local commands share one port layout with the README,
// docs/doctor.md and docker-compose.yml.

/** MSK's IAM port inside the VPC: broker 1's TLS listener; broker n listens 1000 higher per step. */
export const DEFAULT_TLS_PORT = 9098
/** MSK's IAM port for public access (`--public`). */
export const PUBLIC_TLS_PORT = 9198
/** The plaintext test listener (no TLS, still IAM): not an MSK port; a convenience for tests. */
export const DEFAULT_PLAINTEXT_PORT = 9099
/** How often a foreground command checks that its parent process is still there. */
export const PARENT_POLL_MS = 500
/** Where `local` writes its CA unless told otherwise (in the working directory). */
export const DEFAULT_CA_FILE = 'local-msk-ca.pem'

// The doctor.

/** Time limit of each network step (DNS, connect, TLS, each request) unless --timeout-ms says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000
/** MSK (like SigV4 generally) accepts signatures dated within about this much of its clock. */
export const SKEW_TOLERANCE_MS = 5 * 60_000
/** Skew worth a warning even though it is still tolerated. */
export const SKEW_WARNING_MS = 60_000
/**
 * Signing-time shifts tried after "Access denied", in minutes, each earlier and later. MSK (like SigV4
 * generally) accepts a signature dated within about 5 minutes of its own clock, so 10-minute steps leave
 * no gap up to an hour; whole hours beyond catch time-zone mistakes.
 */
export const PROBE_SHIFTS_MINUTES: readonly number[] = [10, 20, 30, 40, 50, 60, 120, 180]
/** Test hook: shifts the doctor's clock (signing times, skew measurements) by this many ms. */
export const CLOCK_OFFSET_ENV = 'KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS'
/** Test hook: the STS endpoint URL for --caller-identity (e.g. a local fake over http). */
export const STS_ENDPOINT_ENV = 'KAFKAJS_MSK_IAM_STS_ENDPOINT'
/**
 * How long the doctor watches a fresh connection, sending nothing, for the other end to close it: a Kafka
 * broker keeps an idle connection for minutes (connections.max.idle.ms), a front whose Kafka is down (the
 * emulator, a proxy) closes it at once.
 */
export const IDLE_CLOSE_WINDOW_MS = 2_000
/** Advertised brokers listed by name on the Metadata line; the rest are counted. */
export const LISTED_BROKERS = 6
/** The client id of the doctor's Kafka requests (brokers log it). */
export const DOCTOR_CLIENT_ID = 'kafkajs-msk-iam-doctor'
