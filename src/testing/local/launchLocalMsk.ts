import { randomUUID } from 'node:crypto'
import { MskIamError } from '../../errors.js'
import { UPSTREAM_LISTENER } from '../authorization/authorizerServerProperties.js'
import type { EmulatorAuthorization } from '../authorization/EmulatorAuthorization.js'
import { ensureAuthorizerJar } from '../authorization/ensureAuthorizerJar.js'
import { startEmulatorAuthorization } from '../authorization/startEmulatorAuthorization.js'
import { KAFKA_VERSION } from '../kafka/constants.js'
import { LOCAL_MSK_DEFAULTS, LOCAL_TEST_IDENTITY, LOOPBACK_NAMES, MSK_BROKER_DEFAULTS } from '../constants.js'
import { checkSessionLifetime } from '../sessionLifetime.js'
import { startEmulatorWith } from '../startMskIamEmulator.js'
import type { PolicyDocument } from '../../iam/policy/PolicyDocument.js'
import type { AuthorizationMode, AuthorizedIdentity, EmulatorLogEntry, ListenerOptions } from '../types.js'
import { issueTestCertificates } from '../x509/issueTestCertificates.js'
import { mskClusterNames } from './mskClusterNames.js'
import { mskConnectionLimits } from './mskConnectionLimits.js'
import type { EmulatorIdentity } from '../verifier/types.js'
import type { LocalKafka, LocalMsk, LocalMskIdentity, LocalMskOptions, StartKafkaCluster } from './types.js'

/** How the local MSK is run, beyond the public options: the CLI picks fixed ports and logs decisions. */
export interface LaunchSettings {
  startCluster: StartKafkaCluster
  /** The TLS listeners (default 127.0.0.1, free ports). */
  tls?: ListenerOptions
  /** The plaintext test listeners; off unless given (MSK's IAM listeners are TLS only). */
  plaintext?: ListenerOptions
  log?: (entry: EmulatorLogEntry) => void
  now?: () => number
  /** Builds (or finds in the cache) the authorizer jar for the brokers; default ensureAuthorizerJar(). */
  authorizerJar?: () => Promise<string>
  /** Identity policies for every identity without its own, the default identity too (the CLI's --policy). */
  defaultPolicies?: readonly PolicyDocument[]
}

const INSTANCE_TYPE = /^(kafka|express)\.[a-z0-9]+\.[a-z0-9]+$/

/** startLocalMsk with its launch settings: the Kafka cluster, then the emulator in front of it. */
export async function launchLocalMsk(options: LocalMskOptions, settings: LaunchSettings): Promise<LocalMsk> {
  const fail = (message: string): never => {
    throw new MskIamError('INVALID_OPTIONS', `startLocalMsk: ${message}`)
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) fail('options must be an object')
  const profile = options.profile ?? LOCAL_MSK_DEFAULTS.PROFILE
  if (profile !== 'provisioned' && profile !== 'serverless') fail(`profile must be 'provisioned' or 'serverless'`)
  const brokers = options.brokers ?? LOCAL_MSK_DEFAULTS.BROKERS
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > 5) fail(`brokers must be 1 to 5, got ${String(brokers)}`)
  const instanceType = options.instanceType ?? LOCAL_MSK_DEFAULTS.INSTANCE_TYPE
  if (typeof instanceType !== 'string' || !INSTANCE_TYPE.test(instanceType)) {
    fail(`instanceType ${JSON.stringify(instanceType)} is not an MSK broker type such as kafka.m5.large`)
  }
  if (profile === 'serverless' && options.instanceType !== undefined) fail('serverless clusters have no instanceType')
  const heapMb = options.kafkaHeapMb ?? LOCAL_MSK_DEFAULTS.KAFKA_HEAP_MB
  if (!Number.isInteger(heapMb) || heapMb < 128) fail(`kafkaHeapMb must be an integer of at least 128`)
  try {
    if (options.sessionLifetime !== undefined) checkSessionLifetime(options.sessionLifetime)
  } catch (err) {
    fail((err as Error).message)
  }
  const accountId = options.accountId ?? LOCAL_MSK_DEFAULTS.ACCOUNT_ID
  const region = options.region ?? LOCAL_MSK_DEFAULTS.REGION
  const names = mskClusterNames({
    profile,
    region,
    clusterName: options.clusterName ?? LOCAL_MSK_DEFAULTS.CLUSTER_NAME,
    clusterId:
      options.clusterId ??
      (profile === 'serverless' ? LOCAL_MSK_DEFAULTS.SERVERLESS_CLUSTER_ID : LOCAL_MSK_DEFAULTS.CLUSTER_ID),
    clusterUuid: options.clusterUuid ?? randomUUID(),
    accountId,
  })
  const given: AuthorizedIdentity[] = options.identities ?? [defaultIdentity(names.clusterArn, accountId)]
  if (!Array.isArray(given) || given.length === 0) fail('identities must list at least one identity')
  const policies = settings.defaultPolicies
  const identities = given.map((i) => (policies === undefined || i.policies !== undefined ? i : { ...i, policies }))
  const [first] = identities as [AuthorizedIdentity, ...AuthorizedIdentity[]]
  const mode = authorizationMode(options, identities, fail)

  // Authorization first: Kafka's authorizer is configured with the decision service's address. Its log
  // entries go to the emulator's log once the emulator runs (no client can connect before).
  let authorization: EmulatorAuthorization | undefined
  let upstreamListener: { properties: Record<string, string>; classpath: string[] } | undefined
  if (mode !== 'off') {
    authorization = await startEmulatorAuthorization(
      {
        mode,
        clusterArn: names.clusterArn,
        clusterPolicy: options.clusterPolicy,
        clusterTags: options.clusterTags,
        policyPropagationMs: options.policyPropagationMs,
      },
      { identities, defaultClusterArn: names.clusterArn, now: settings.now ?? Date.now },
    )
    try {
      const jar = await (settings.authorizerJar ?? defaultAuthorizerJar)()
      upstreamListener = { properties: authorization.kafkaProperties(), classpath: [jar] }
    } catch (err) {
      await authorization.close()
      throw err
    }
  }

  let cluster: LocalKafka
  try {
    cluster = await settings.startCluster({
      brokers,
      heapMb,
      properties: {
        ...MSK_BROKER_DEFAULTS,
        // MSK: replication 3 and 2 in sync on 3-AZ clusters; fewer brokers cannot do that.
        'default.replication.factor': String(Math.min(3, brokers)),
        'min.insync.replicas': String(brokers >= 3 ? 2 : 1),
        ...upstreamListener?.properties,
      },
      ...(upstreamListener && { listeners: [UPSTREAM_LISTENER], classpath: upstreamListener.classpath }),
    })
  } catch (err) {
    await authorization?.close()
    throw err
  }
  try {
    const nodes = [...cluster.nodes].sort((a, b) => a.nodeId - b.nodeId)
    const hosts = [
      ...nodes.map((n) => names.brokerHost(n.nodeId)),
      ...(names.bootstrapHost ? [names.bootstrapHost] : []),
    ]
    const certificate = issueTestCertificates({ hosts: [...hosts, ...LOOPBACK_NAMES], now: settings.now })
    const upstreamPort = (n: (typeof nodes)[number]): number => {
      if (!authorization) return n.port
      const port = n.ports?.[UPSTREAM_LISTENER.name]
      if (port === undefined) throw new Error(`broker ${n.nodeId} has no ${UPSTREAM_LISTENER.name} listener`)
      return port
    }
    const emulator = await startEmulatorWith(
      {
        upstream: nodes.map((n) => ({ host: n.host, port: upstreamPort(n), nodeId: n.nodeId })),
        region,
        brokerHost: names.brokerHost,
        bootstrapHost: names.bootstrapHost,
        listeners: {
          plaintext: settings.plaintext ?? false,
          tls: { ...settings.tls, cert: certificate.cert, key: certificate.key, ca: certificate.caCert },
        },
        identities,
        sessionLifetime: options.sessionLifetime,
        connectionLimits: mskConnectionLimits(profile, instanceType),
        now: settings.now,
        log: settings.log,
      },
      authorization,
    )
    return {
      bootstrapBrokers: emulator.bootstrapBrokers('tls'),
      caCert: certificate.caCert,
      identity: credentialsOf(first),
      socketFactory: emulator.socketFactory,
      clusterArn: names.clusterArn,
      emulator,
      get authorization() {
        return emulator.authorization
      },
      recordedPolicy: (accessKeyId) => emulator.recordedPolicy(accessKeyId),
      stopBroker: (nodeId) => cluster.stopBroker(nodeId),
      startBroker: (nodeId) => cluster.startBroker(nodeId),
      close: async () => {
        await emulator.close().finally(() => cluster.close())
      },
    }
  } catch (err) {
    await cluster.close()
    throw err
  }
}

/**
 * The mode asked for, else 'enforce' when there is a policy to enforce: a policy given is a policy meant to
 * be enforced, and without any the local test identity could do nothing at all (MSK denies by default).
 */
function authorizationMode(
  options: LocalMskOptions,
  identities: readonly AuthorizedIdentity[],
  fail: (message: string) => never,
): AuthorizationMode {
  const mode = options.authorization
  if (mode !== undefined && mode !== 'enforce' && mode !== 'record' && mode !== 'off')
    fail(`authorization must be 'enforce', 'record' or 'off', got ${JSON.stringify(mode)}`)
  const policies = options.clusterPolicy !== undefined || identities.some((i) => i.policies !== undefined)
  if (mode === 'off' && (policies || options.policyPropagationMs !== undefined))
    fail(`authorization 'off' takes no policies: leave it out, or say 'enforce'`)
  return mode ?? (policies ? 'enforce' : 'off')
}

function defaultAuthorizerJar(): Promise<string> {
  return ensureAuthorizerJar({ kafkaVersion: KAFKA_VERSION })
}

function defaultIdentity(clusterArn: string, accountId: string): EmulatorIdentity {
  const partition = clusterArn.split(':')[1] ?? 'aws'
  return {
    accessKeyId: LOCAL_TEST_IDENTITY.accessKeyId,
    secretAccessKey: LOCAL_TEST_IDENTITY.secretAccessKey,
    principalArn: `arn:${partition}:iam::${accountId}:${LOCAL_TEST_IDENTITY.principalName}`,
  }
}

function credentialsOf(identity: EmulatorIdentity): LocalMskIdentity {
  return {
    accessKeyId: identity.accessKeyId,
    secretAccessKey: identity.secretAccessKey,
    ...(identity.sessionToken === undefined ? {} : { sessionToken: identity.sessionToken }),
    ...(identity.expiresAt === undefined ? {} : { expiration: new Date(identity.expiresAt) }),
    principalArn: identity.principalArn,
  }
}
