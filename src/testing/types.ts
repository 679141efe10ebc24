import type { EmulatorIdentity } from './verifier/types.js'

/** Where a listener accepts connections. Port 0 picks a free port (read it back from the emulator). */
export interface ListenerOptions {
  port?: number
  /** Bind address, default 127.0.0.1. */
  host?: string
}

/** The TLS listener; without cert/key the bundled test certificate (kafkajs-msk-iam/testing's TEST_CA_CERT signs it). */
export interface TlsListenerOptions extends ListenerOptions {
  cert?: string
  key?: string
}

export interface MskIamEmulatorOptions {
  /** The real Kafka broker (PLAINTEXT listener, no authentication). One broker: see the README of the emulator. */
  upstream: { host: string; port: number }
  /** Region the signatures must be scoped to and the broker names carry, default 'us-east-1'. */
  region?: string
  /** Broker names are `b-<nodeId>.<clusterName>.<clusterId>.c1.kafka.<region>.amazonaws.com`; defaults 'local', 'abc123'. */
  clusterName?: string
  clusterId?: string
  /** Overrides the broker naming above. */
  brokerHost?: (nodeId: number) => string
  /** Both listeners are on by default, on 127.0.0.1 and free ports; `false` turns one off. */
  listeners?: { plaintext?: ListenerOptions | false; tls?: TlsListenerOptions | false }
  /** The credential store; see also addIdentity()/removeIdentity(). */
  identities?: EmulatorIdentity[]
  /** Enabled SASL mechanisms, default ['AWS_MSK_IAM', 'OAUTHBEARER']. */
  mechanisms?: string[]
  /** Cap on session_lifetime_ms, default 15 min (MSK's). */
  maxSessionMs?: number
  /** A lifetime below this fails with `Session too short`, default 1000 ms. */
  minSessionMs?: number
  /** Allowed distance between x-amz-date and now, default 5 min. */
  maxSkewMs?: number
  /** New authentications per rolling second across the emulator; beyond it `Too many connects`. Off by default. */
  connectionRateLimit?: { perSecond: number }
  /** Clock for signature checks, session lifetimes and rate limiting, default Date.now. */
  now?: () => number
  /** Receives one structured entry per decision or event; default: no logging. */
  log?: (entry: EmulatorLogEntry) => void
}

/** Options that can change while the emulator runs; they apply to the next decision. */
export type MskIamEmulatorSettings = Partial<
  Pick<MskIamEmulatorOptions, 'maxSessionMs' | 'minSessionMs' | 'connectionRateLimit' | 'mechanisms' | 'maxSkewMs'>
>

export interface MskIamEmulator {
  /** Bound port of the plaintext listener, if enabled. */
  plaintextPort?: number
  /** Bound port of the TLS listener, if enabled. */
  tlsPort?: number
  region: string
  /** The MSK-shaped name the emulator advertises for broker `nodeId`. */
  brokerHost(nodeId: number): string
  addIdentity(identity: EmulatorIdentity): void
  removeIdentity(accessKeyId: string): void
  setOptions(partial: MskIamEmulatorSettings): void
  faults: FaultController
  stats(): EmulatorStats
  /** Closes the listeners and every client and upstream socket; resolves once all are gone. */
  close(): Promise<void>
}

/** Failures injected on purpose; counts are consumed as they trigger. */
export interface FaultSettings {
  /** The next N connections are dropped right after their SaslHandshake answer. */
  dropAfterHandshake?: number
  /** The next N successful authentications are dropped right after their SaslAuthenticate answer. */
  dropAfterAuthenticate?: number
  /** The next N relayed Kafka responses are cut in the middle and their connection dropped. */
  dropMidFrame?: number
  /** Every response is written this much later (order is kept). */
  delayResponsesMs?: number
  /** The next N authentications fail with `Too many connects`. */
  tooManyConnectsBurst?: number
  /** The next re-authentication's SaslHandshake is refused with ILLEGAL_SASL_STATE and the connection closed. */
  refuseReauthOnce?: boolean
}

export interface FaultController {
  /** Merges `faults` into the active ones. */
  set(faults: FaultSettings): void
  clear(): void
  /** What is still armed. */
  active(): FaultSettings
}

/** Why a connection ended (keys of EmulatorStats.closesByReason). */
export type CloseReason =
  | 'client-closed'
  | 'client-error'
  | 'upstream-closed'
  | 'upstream-error'
  | 'authentication-failed'
  | 'unsupported-mechanism'
  | 'unexpected-request'
  | 'illegal-sasl-state'
  | 'session-expired'
  | 'invalid-frame'
  | 'malformed-request'
  | 'unsupported-version'
  | 'upstream-protocol-error'
  | 'fault'
  | 'emulator-closed'
  | 'internal-error'

/** Why an authentication was refused (keys of EmulatorStats.authenticationsDenied). */
export type DenialReason =
  | 'Access denied'
  | 'Invalid authentication payload'
  | 'Too many connects'
  | 'Session too short'
  | 'Principal changed'
  | 'Mechanism changed'

export interface EmulatorStats {
  connectionsOpened: number
  connectionsClosed: number
  closesByReason: Partial<Record<CloseReason, number>>
  /** Successful first authentications of a connection. */
  authenticationsAccepted: number
  /** Refused authentications and re-authentications, by reason. */
  authenticationsDenied: Partial<Record<DenialReason, number>>
  /** Successful re-authentications. */
  reauthentications: number
  /** Requests relayed to Kafka. */
  requestsForwarded: number
}

/**
 * One decision or event. Never carries a secret key, session token or signature; `detail` is the
 * verifier's explanation.
 */
export interface EmulatorLogEntry {
  /** ISO time from the emulator's clock. */
  time: string
  event: 'listening' | 'connection' | 'handshake' | 'authenticate' | 'reauthenticate' | 'close' | 'upstream-probe'
  outcome?: 'accepted' | 'denied'
  reason?: string
  detail?: string
  requestId?: string
  principal?: string
  accessKeyId?: string
  sessionLifetimeMs?: number
  connectionId?: string
  mechanism?: string
  listener?: 'plaintext' | 'tls'
  host?: string
  port?: number
}
