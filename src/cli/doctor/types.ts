// The shapes the doctor's checks produce and its renderers consume. Plain data: the JSON output is these
// objects as they are (after redaction).

/** One line of the report. Broker checks run in this order; the last two are about the whole run. */
export type CheckName =
  'credentials' | 'dns' | 'tcp' | 'tls' | 'sasl' | 'authentication' | 'metadata' | 'caller-identity' | 'clock'

/** `warn` does not fail the run; `skip` means an earlier check failed or the check was not asked for. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip'

/** Every failure the doctor knows how to explain; each has a verdict paragraph in report/verdictText.ts. */
export type FailureKind =
  | 'credentials-unavailable'
  | 'region-unresolved'
  | 'dns-failed'
  | 'unreachable'
  | 'wrong-port'
  | 'tls-certificate'
  | 'no-answer'
  | 'mechanism-not-enabled'
  | 'access-denied'
  | 'clock-skew'
  | 'too-many-connects'
  | 'session-too-short'
  | 'invalid-payload'
  | 'connection-lost'
  | 'authentication-failed'
  | 'caller-identity-failed'
  /** A broker the cluster's Metadata names fails DNS, TCP or TLS from here (the bootstrap address works). */
  | 'advertised-unreachable'
  /** A listener that speaks SASL (or accepts connections) while nothing behind it answers Kafka. */
  | 'upstream-down'

/** What a verdict may need to know. Never holds a secret: key ids, regions, codes and times only. */
export interface FindingFacts {
  broker?: string
  host?: string
  port?: number
  tls?: boolean
  /** Node's error code (ECONNREFUSED, ETIMEDOUT, CERT_HAS_EXPIRED, …). */
  errorCode?: string
  timeoutMs?: number
  /** The region signed for, where it came from, and the region the broker's name carries. */
  region?: string
  regionSource?: string
  hostRegion?: string
  accessKeyId?: string
  credentialSource?: string
  requestId?: string
  /** Mechanisms the broker offers (SaslHandshake answer). */
  mechanisms?: string[]
  /** Local clock minus the reference clock, ms; positive = this machine is fast. */
  skewMs?: number
  /** Where skewMs was measured: a broker that accepted a shifted signature, or STS's Date header. */
  skewSource?: string
  /** Largest shift tried when no shifted signature was accepted either. */
  probedShiftMs?: number
  localTime?: string
  /** The broker's or STS's own words, redacted and shortened. */
  message?: string
  /** The TLS certificate's issuer (organisation, else common name). */
  issuer?: string
  /** The bootstrap broker whose Metadata named this broker. */
  advertisedBy?: string
  /** What the failing check of an advertised broker found. */
  failedAs?: FailureKind
  /** The listener closed a connection on which nothing was sent, this long after it opened. */
  closedAfterMs?: number
}

export interface CheckResult {
  check: CheckName
  status: CheckStatus
  /** One short line for the text output. */
  summary: string
  failure?: FailureKind
  facts?: FindingFacts
}

export interface BrokerReport {
  /** `host:port` as given, or as the cluster's Metadata named it. */
  broker: string
  /** Set for a broker the cluster's Metadata named (kafkajs connects to those): the broker that named it. */
  advertisedBy?: string
  checks: CheckResult[]
}

export interface Verdict {
  kind: FailureKind | 'ok'
  /** Brokers the verdict applies to (empty for run-wide findings). */
  brokers: string[]
  text: string
}

export interface DoctorReport {
  ok: boolean
  /** Only when the test hook KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS shifts the clock. */
  clockOffsetMs?: number
  credentials: CheckResult
  brokers: BrokerReport[]
  callerIdentity: CheckResult
  clock: CheckResult
  verdicts: Verdict[]
}
