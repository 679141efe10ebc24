import type { PolicyDocument } from '../../iam/policy/PolicyDocument.js'
import type { SocketFactory } from '../../reauth/types.js'
import type { KafkaClusterOptions, KafkaNode } from '../kafka/startKafkaCluster.js'
import type { AuthorizationMode, AuthorizedIdentity, MskIamEmulator, SessionLifetime } from '../types.js'

/** Options of {@link startLocalMsk}; every one has a default. */
export interface LocalMskOptions {
  /** Kafka brokers (KRaft, controller and broker in one JVM each), 1–5, default 3. */
  brokers?: number
  /** Region of the names and of the signatures, default 'us-east-1'. */
  region?: string
  /** The cluster's name, in its ARN and its broker names, default 'local'. */
  clusterName?: string
  /** The short id in the broker names (`b-1.<clusterName>.<clusterId>.c1…`), default 'abc123' ('abcd1234' serverless). */
  clusterId?: string
  /** The cluster ARN's last part, `<uuid>-<k>` (`-s<k>` serverless), k naming the c<k> cell; default a random UUID, k = 1. */
  clusterUuid?: string
  /** The AWS account in the ARN and in the default identity's principal, default '123456789012'. */
  accountId?: string
  /**
   * Credentials the cluster accepts, each with its IAM identity `policies` (and `tags`), default one local
   * test identity (see `identity`).
   */
  identities?: AuthorizedIdentity[]
  /** The cluster's resource policy (statements with `Principal`), if it has one. */
  clusterPolicy?: PolicyDocument
  /** The cluster's tags, for `aws:ResourceTag/<key>` conditions (on the cluster ARN only, as on MSK). */
  clusterTags?: Readonly<Record<string, string>>
  /**
   * `'enforce'`: every Kafka request is authorized by the policies, with Kafka's own checks.
   * `'record'`: everything is allowed, and `recordedPolicy()` is the least-privilege policy for what the
   * clients did. `'off'`: a valid signature is enough. Default: `'enforce'` when any identity has
   * `policies` or a `clusterPolicy` is given, else `'off'`.
   */
  authorization?: AuthorizationMode
  /** How long a policy change takes to reach live connections, default 0 (MSK: "less than a minute"). */
  policyPropagationMs?: number
  /** 'provisioned' (default): b-N names, limits per broker. 'serverless': one boot- name, limits per cluster. */
  profile?: 'provisioned' | 'serverless'
  /** Provisioned broker type, for the connection-rate preset: 'kafka.t3.small' 4/s, others 20/s; default 'kafka.m5.large'. */
  instanceType?: string
  /** How long sessions last, default 'credential-expiry' (long-term keys: 1 h). */
  sessionLifetime?: SessionLifetime
  /** Max heap of each broker JVM, default 256 MB. */
  kafkaHeapMb?: number
}

/** Credentials for the local cluster, in the shape `awsMskIam({ credentials })` takes. */
export interface LocalMskIdentity {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** When the credentials expire (identities with `expiresAt`). */
  expiration?: Date
  /** The principal the cluster reports for them. */
  principalArn: string
}

/** A running local MSK cluster. */
export interface LocalMsk {
  /** `host:port` with MSK-shaped names (every broker; the boot- name for serverless). */
  bootstrapBrokers: string[]
  /** PEM of the CA that signed the brokers' TLS certificate, issued at start for exactly their names. */
  caCert: string
  /** The first identity's credentials. */
  identity: LocalMskIdentity
  /** kafkajs `socketFactory` resolving the cluster's names to its local listeners (with SNI). */
  socketFactory: SocketFactory
  clusterArn: string
  /** The emulator in front of the brokers: `lookup`, `hosts`, `javaClientProperties()`, `setOptions()`, `faults`, `stats()`. */
  emulator: MskIamEmulator
  /** Stops one broker (as MSK does while patching it); its name keeps resolving, connections to it fail. */
  stopBroker(nodeId: number): Promise<void>
  /** Starts a stopped broker again, same data and ports; resolves when it is ready. */
  startBroker(nodeId: number): Promise<void>
  /** The authorization mode in force: `'enforce'`, `'record'` or `'off'`. */
  authorization: AuthorizationMode
  /**
   * The least-privilege identity policy for what the clients did so far (of one access key, or all):
   * record mode's result. Throws when authorization is off.
   */
  recordedPolicy(accessKeyId?: string): PolicyDocument
  /** Stops the emulator and every broker, and removes their data. */
  close(): Promise<void>
}

/**
 * What the local MSK uses of a Kafka cluster: startKafkaCluster's result (tests pass a stand-in with
 * just these parts).
 */
export interface LocalKafka {
  nodes: readonly (Pick<KafkaNode, 'nodeId' | 'host' | 'port'> & Partial<Pick<KafkaNode, 'ports'>>)[]
  stopBroker(nodeId: number): Promise<void>
  startBroker(nodeId: number): Promise<void>
  close(): Promise<void>
}

/** startKafkaCluster, or a stand-in. */
export type StartKafkaCluster = (
  options: Pick<KafkaClusterOptions, 'brokers' | 'heapMb' | 'properties' | 'listeners' | 'classpath'> & {
    brokers: number
  },
) => Promise<LocalKafka>
