import type { LookupFunction } from 'node:net'
import type { PolicyDocument, PolicyStatement } from '../iam/policy/PolicyDocument.js'
import type { SocketFactory } from '../reauth/types.js'
import type { SessionLifetime } from './sessionLifetime.js'
import type { EmulatorIdentity } from './verifier/types.js'

export type { SessionLifetime } from './sessionLifetime.js'

/**
 * Where the emulator's listeners of one kind accept connections: one per broker (ports in node-id order),
 * plus one for `bootstrapHost` when it is set.
 */
export interface ListenerOptions {
  /**
   * The first broker's port (lowest node id); the broker at index i listens on `port + i × 1000`
   * (9098, 10098, 11098, …). An array gives every broker's port in node-id order. 0 (default): free ports,
   * read them back from `emulator.brokers`.
   */
  port?: number | readonly number[]
  /** Port of the bootstrap listener (only with `bootstrapHost`), default a free port. */
  bootstrapPort?: number
  /** Bind address, default 127.0.0.1. */
  host?: string
}

/**
 * The TLS listeners. Without cert/key: the bundled test certificate when it covers every advertised name
 * (the defaults), else a certificate issued at start for exactly those names; `emulator.caCert` is the CA
 * to trust either way.
 */
export interface TlsListenerOptions extends ListenerOptions {
  cert?: string
  key?: string
  /** The CA that signed `cert`, reported as `emulator.caCert`. */
  ca?: string
}

/** A Kafka broker (PLAINTEXT listener, no authentication) behind the emulator. */
export interface UpstreamAddress {
  host: string
  port: number
  /** Give every address its node id to skip discovery (Kafka's advertised listeners then do not matter). */
  nodeId?: number
}

/**
 * MSK's IAM connection limits; beyond either, a first authentication is refused with
 * `[request-id]: Too many connects`. Re-authentications are never counted.
 */
export interface ConnectionLimits {
  /** New connections authenticated per rolling second (MSK provisioned: 20 per broker, 4 on kafka.t3.small). */
  perSecond?: number
  /** Connections open at once (MSK provisioned: 3000 per broker; Serverless: 1000 in all). */
  maxConnections?: number
  /** 'broker' (default): each broker has its own limits; 'cluster': one set for all (MSK Serverless). */
  scope?: 'broker' | 'cluster'
}

/**
 * An identity the emulator accepts, with the IAM policies its requests are authorized against (when
 * authorization is on). Without `policies` it is allowed nothing of its own: only what the cluster
 * policy grants it, as on MSK.
 */
export interface AuthorizedIdentity extends EmulatorIdentity {
  /** Its IAM identity policies, as JSON documents (an `Id` names a document in explanations). */
  policies?: readonly PolicyDocument[]
  /** Its principal or session tags: `aws:PrincipalTag/<key>`. */
  tags?: Readonly<Record<string, string>>
}

/**
 * How Kafka requests are authorized. `'enforce'`: every check Kafka makes is decided by the identity's
 * policies and the cluster policy (Connect at SaslAuthenticate by the emulator). `'record'`: everything
 * is allowed and what the clients needed is recorded as a least-privilege policy. `'off'`: no
 * authorization beyond a valid signature (Kafka's PLAINTEXT listener upstream).
 */
export type AuthorizationMode = 'enforce' | 'record' | 'off'

/**
 * Authorization in front of a Kafka you run (startLocalMsk sets all of this up itself). Kafka must load
 * the authorizer (`ensureAuthorizerJar()`, `emulator.authorizer.kafkaProperties()`) and have the
 * `IAM_UPSTREAM` listener; `upstream` then names that listener (every broker with its `nodeId`).
 */
export interface EmulatorAuthorizationOptions {
  mode: 'enforce' | 'record'
  /**
   * The ARN the policies are written for; default
   * `arn:aws:kafka:<region>:123456789012:cluster/<clusterName>/00000000-0000-0000-0000-000000000000-1`.
   */
  clusterArn?: string
  /** The cluster's resource policy (with `Principal`), if it has one. */
  clusterPolicy?: PolicyDocument
  /** The cluster's tags: `aws:ResourceTag/<key>`, on the cluster ARN only (as on MSK). */
  clusterTags?: Readonly<Record<string, string>>
  /** How long a policy change takes to reach live connections, default 0 (MSK: "less than a minute"). */
  policyPropagationMs?: number
  /**
   * Where the decision service Kafka's authorizer asks listens: default 127.0.0.1 on a free port. A Kafka
   * in a container needs an address it can reach (`host: '0.0.0.0'`, a fixed `port`).
   */
  decisionService?: { host?: string; port?: number }
}

export interface MskIamEmulatorOptions {
  /**
   * The real Kafka: one address (the brokers are discovered from its Metadata), several (the first that
   * answers is asked), or every broker with its `nodeId` (no discovery). Each broker gets its own
   * listeners; a Kafka that does not answer at start is taken as one broker, node 1, at the first address.
   */
  upstream: UpstreamAddress | readonly UpstreamAddress[]
  /** Region the signatures must be scoped to and the broker names carry, default 'us-east-1'. */
  region?: string
  /** Broker names are `b-<nodeId>.<clusterName>.<clusterId>.c1.kafka.<region>.amazonaws.com`; defaults 'local', 'abc123'. */
  clusterName?: string
  clusterId?: string
  /** Overrides the broker naming above. */
  brokerHost?: (nodeId: number) => string
  /**
   * A bootstrap name that is no broker's own (MSK Serverless's `boot-…`): an extra listener of each kind
   * whose connections go to a running broker; the Metadata it relays names the brokers as usual.
   */
  bootstrapHost?: string
  /** Both kinds are on by default, on 127.0.0.1 and free ports; `false` turns one off. */
  listeners?: { plaintext?: ListenerOptions | false; tls?: TlsListenerOptions | false }
  /** The credential store, with each identity's policies; see also addIdentity()/removeIdentity(). */
  identities?: AuthorizedIdentity[]
  /** Authorization of Kafka requests by IAM policies; default none (a valid signature is enough). */
  authorization?: EmulatorAuthorizationOptions
  /** Enabled SASL mechanisms, default ['AWS_MSK_IAM', 'OAUTHBEARER']. */
  mechanisms?: string[]
  /** How `session_lifetime_ms` is set, default 'credential-expiry' (see SessionLifetime). */
  sessionLifetime?: SessionLifetime
  /** A cap on the session lifetime on top of `sessionLifetime`, default none. */
  maxSessionMs?: number
  /** A lifetime below this fails with `Session too short`, default 1000 ms. */
  minSessionMs?: number
  /** Allowed distance between x-amz-date and now, default 5 min. */
  maxSkewMs?: number
  /** MSK's connection limits; none by default. */
  connectionLimits?: ConnectionLimits
  /** Clock for signature checks, session lifetimes and connection limits, default Date.now. */
  now?: () => number
  /** Receives one structured entry per decision or event; default: no logging. */
  log?: (entry: EmulatorLogEntry) => void
}

/** Options that can change while the emulator runs; they apply to the next decision. */
export type MskIamEmulatorSettings = Partial<
  Pick<
    MskIamEmulatorOptions,
    'sessionLifetime' | 'maxSessionMs' | 'minSessionMs' | 'connectionLimits' | 'mechanisms' | 'maxSkewMs' | 'log'
  >
>

/** One broker as clients see it through the emulator. */
export interface EmulatorBroker {
  nodeId: number
  /** Its MSK-shaped name. */
  host: string
  tlsPort?: number
  plaintextPort?: number
  /** The Kafka listener its connections are relayed to. */
  upstream: { host: string; port: number }
}

export interface MskIamEmulator {
  /** The first broker's plaintext port, if enabled (see `brokers` for the others). */
  plaintextPort?: number
  /** The first broker's TLS port, if enabled. */
  tlsPort?: number
  region: string
  /** Every broker, in node-id order. */
  brokers: readonly EmulatorBroker[]
  /** The bootstrap listener, when `bootstrapHost` was given. */
  bootstrap?: { host: string; tlsPort?: number; plaintextPort?: number }
  /**
   * What to give clients as their broker list: `host:port` of the bootstrap name when there is one, else
   * of every broker, on the TLS (default) or the plaintext listeners.
   */
  bootstrapBrokers(listener?: 'tls' | 'plaintext'): string[]
  /** The MSK-shaped name the emulator advertises for broker `nodeId`. */
  brokerHost(nodeId: number): string
  /** PEM of the CA that signed the TLS listeners' certificate (give it to clients as `ca`); undefined with your own cert. */
  caCert: string | undefined
  /** Every name the emulator advertises, mapped to the address its listeners are bound to (a hosts file). */
  hosts: Readonly<Record<string, string>>
  /** A `lookup` for net/tls (and clients that take one, e.g. @platformatic/kafka) resolving `hosts`; other names as usual. */
  lookup: LookupFunction
  /** A kafkajs `socketFactory` reaching the advertised names through `lookup`, with SNI. */
  socketFactory: SocketFactory
  /**
   * Java client settings for aws-msk-iam-auth against the TLS listeners: bootstrap.servers, SASL_SSL, the
   * mechanism's login module and handlers, and the CA inline (ssl.truststore.type=PEM). Credentials come
   * from the JVM's AWS default chain (e.g. AWS_ACCESS_KEY_ID); names resolve with `-Djdk.net.hosts.file`
   * pointing at a file written from `hosts`.
   */
  javaClientProperties(mechanism?: 'AWS_MSK_IAM' | 'OAUTHBEARER'): Record<string, string>
  /** Adds or replaces an identity (and its policies); live connections see the change at once. */
  addIdentity(identity: AuthorizedIdentity): void
  removeIdentity(accessKeyId: string): void
  /** `'enforce'`, `'record'` or `'off'`. */
  readonly authorization: AuthorizationMode
  /**
   * Switches between `'enforce'` and `'record'` while clients run (record a workload, then enforce what
   * was recorded); resolves once every authorizer dropped the other mode's decisions. A cluster started
   * with authorization `'off'` has no authorizer: it rejects.
   */
  setAuthorizationMode(mode: 'enforce' | 'record'): Promise<void>
  /**
   * With authorization on: the decision service's URL and the server.properties every Kafka broker needs
   * to ask it (beside the `IAM_UPSTREAM` listener and the authorizer jar on its classpath).
   */
  readonly authorizer: { serviceUrl: string; kafkaProperties(): Record<string, string> } | undefined
  /**
   * Replaces the identity policies of `accessKeyId`. Resolves once the change applies to every live
   * connection: after `policyPropagationMs`, when every broker's authorizer has dropped its cached
   * decisions. A bad document rejects with MskIamError INVALID_POLICY and changes nothing.
   */
  setPolicies(accessKeyId: string, policies: readonly PolicyDocument[]): Promise<void>
  /** Replaces (or with undefined removes) the cluster policy; resolves as setPolicies does. */
  setClusterPolicy(policy: PolicyDocument | undefined): Promise<void>
  /**
   * The least-privilege identity policy for what clients needed so far (of one access key, or all):
   * exact actions, MSK's ARNs with the cluster UUID as `*`, one statement per resource type. Filled in
   * record mode, and in enforce mode from the checks that were allowed.
   */
  recordedPolicy(accessKeyId?: string): PolicyDocument
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
  | 'upstream-authentication-failed'
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
  event:
    | 'listening'
    | 'connection'
    | 'handshake'
    | 'authenticate'
    | 'reauthenticate'
    | 'close'
    | 'upstream-probe'
    | 'unknown-node'
    | 'authorize'
    | 'policies'
  outcome?: 'accepted' | 'denied'
  reason?: string
  detail?: string
  /** For a refusal: what the user can do about it, in words. */
  hint?: string
  requestId?: string
  principal?: string
  accessKeyId?: string
  sessionLifetimeMs?: number
  connectionId?: string
  mechanism?: string
  listener?: 'plaintext' | 'tls'
  /** The broker a connection belongs to (its listener's, or the one a bootstrap connection was relayed to). */
  nodeId?: number
  host?: string
  port?: number
  /** Authorization: the Kafka API whose check was denied (`Metadata`; `SaslAuthenticate` for Connect). */
  api?: string
  /** Kafka's check, `DESCRIBE TOPIC orders` (Connect has none). */
  check?: string
  /** The IAM action and resource ARN MSK evaluates for it (none when the check has no IAM action). */
  action?: string
  resource?: string
  /** `ExplicitDeny` (a statement denies it), `ImplicitDeny` (none allows it), `NoIamAction`, `UnknownConnection`. */
  decision?: 'ExplicitDeny' | 'ImplicitDeny' | 'NoIamAction' | 'UnknownConnection'
  /** Further findings: the statements that almost match and what each lacks, conditions with their values. */
  explanation?: string[]
  /** For an implicit deny: the statement to add, and to which policy. */
  suggestion?: { policy: 'identity' | 'cluster'; statement: PolicyStatement }
  /** The client's client.id, as Kafka saw it. */
  clientId?: string
  /** A policy change: the generation the authorizers acknowledged. */
  generation?: number
}
