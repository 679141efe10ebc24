import { MskIamError } from '../errors.js'
import { connectionAcceptor, type ListenerTarget } from './acceptConnection.js'
import type { EmulatorAuthorization } from './authorization/EmulatorAuthorization.js'
import { startEmulatorAuthorization } from './authorization/startEmulatorAuthorization.js'
import { clientEndpoints } from './clientEndpoints.js'
import type { ClientConnection } from './ClientConnection.js'
import { ConnectionLimiter } from './ConnectionLimiter.js'
import {
  DEFAULT_CLUSTER_ID,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_EMULATOR_CLUSTER_UUID,
  DEFAULT_LISTENER_HOST,
  DEFAULT_REGION,
  EMULATOR_CLOSE_DRAIN_MS,
  JAVA_CLIENT_SASL,
  LOCAL_MSK_DEFAULTS,
  LOOPBACK_NAMES,
} from './constants.js'
import { defaultBrokerHost } from './defaultBrokerHost.js'
import { emulatorLog } from './emulatorLog.js'
import { EmulatorSettings } from './EmulatorSettings.js'
import { Faults } from './Faults.js'
import { hostsLookup, lookupSocketFactory } from './hostsLookup.js'
import { IdentityStore } from './IdentityStore.js'
import { listenerPorts } from './listenerPorts.js'
import { mskClusterNames } from './local/mskClusterNames.js'
import { checkUpstream, upstreamNodes } from './resolveUpstream.js'
import { serverCertificate } from './serverCertificate.js'
import { startListener, type Listener } from './startListener.js'
import { StatsCounter } from './StatsCounter.js'
import type { EmulatorBroker, MskIamEmulator, MskIamEmulatorOptions } from './types.js'

type ListenerKind = 'plaintext' | 'tls'

/**
 * Starts a local stand-in for an MSK cluster's IAM listeners in front of a real (PLAINTEXT) Kafka with
 * one or more brokers: every broker gets its own listeners, advertised under its MSK-shaped name
 * (`b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com`) with its own port; clients authenticate with
 * AWS_MSK_IAM or OAUTHBEARER exactly as against MSK (signatures are really verified against the
 * identities given), then talk to their broker through the emulator, which rewrites every broker address
 * Kafka hands out. Clients must resolve those names to the listeners (`emulator.lookup`,
 * `emulator.socketFactory` for kafkajs, `emulator.hosts` for a hosts file).
 *
 * The host a signature must name is the TLS SNI server name, or, without SNI (plaintext), the advertised
 * name of the listener's broker (the bootstrap name on the bootstrap listener).
 */
export async function startMskIamEmulator(options: MskIamEmulatorOptions): Promise<MskIamEmulator> {
  return startEmulatorWith(options, undefined)
}

/**
 * startMskIamEmulator with authorization already started (startLocalMsk starts it before Kafka, whose
 * authorizer needs the decision service's address). The emulator owns it from here: close() closes it.
 */
export async function startEmulatorWith(
  options: MskIamEmulatorOptions,
  started: EmulatorAuthorization | undefined,
): Promise<MskIamEmulator> {
  try {
    return await startEmulator(options, started)
  } catch (err) {
    await started?.close()
    throw err
  }
}

async function startEmulator(
  options: MskIamEmulatorOptions,
  started: EmulatorAuthorization | undefined,
): Promise<MskIamEmulator> {
  const addresses = checkUpstream(options.upstream)
  const now = options.now ?? Date.now
  const region = options.region ?? DEFAULT_REGION
  const brokerHost =
    options.brokerHost ??
    defaultBrokerHost(options.clusterName ?? DEFAULT_CLUSTER_NAME, options.clusterId ?? DEFAULT_CLUSTER_ID, region)
  const settings = new EmulatorSettings(options)
  const limiter = new ConnectionLimiter(settings.connectionLimits)
  const identities = new IdentityStore(options.identities)
  const faults = new Faults()
  const stats = new StatsCounter()
  const log = emulatorLog(() => settings.log, now)

  const authorization =
    started ??
    (options.authorization === undefined
      ? undefined
      : await startEmulatorAuthorization(options.authorization, {
          identities: options.identities ?? [],
          defaultClusterArn: defaultClusterArn(options, region),
          now,
        }))
  authorization?.attachLog(log)
  const nodes = await upstreamNodes(addresses, log).catch(async (err: unknown) => {
    await authorization?.close()
    throw err
  })
  const { plaintext = {}, tls = {} } = options.listeners ?? {}
  const bootstrapHost = options.bootstrapHost
  const advertised = [
    ...nodes.map((n) => brokerHost(n.nodeId)),
    ...(bootstrapHost === undefined ? [] : [bootstrapHost]),
  ]
  const certificate = tls === false ? undefined : serverCertificate([...advertised, ...LOOPBACK_NAMES], tls, now)
  const brokers: EmulatorBroker[] = nodes.map((n) => ({
    nodeId: n.nodeId,
    host: brokerHost(n.nodeId),
    upstream: { host: n.host, port: n.port },
  }))
  const connections = new Set<ClientConnection>()
  let closing = false
  const acceptor = connectionAcceptor({
    region,
    now,
    brokers,
    bootstrapHost,
    settings,
    limiter,
    identities,
    faults,
    stats,
    log,
    endpointsFor: clientEndpoints(brokers, brokerHost, log),
    connections,
    authorization,
  })
  const accept: typeof acceptor = (socket, ...rest) => (closing ? void socket.destroy() : acceptor(socket, ...rest))

  const listeners: Listener[] = []
  const hosts: Record<string, string> = {}
  const lookup = hostsLookup(hosts)
  const emulator: MskIamEmulator = {
    region,
    brokers,
    bootstrapBrokers: (listener = 'tls') => {
      const port = (p: { tlsPort?: number; plaintextPort?: number }): number | undefined =>
        listener === 'tls' ? p.tlsPort : p.plaintextPort
      const bootstrap = emulator.bootstrap
      if (bootstrap !== undefined && port(bootstrap) !== undefined) return [`${bootstrap.host}:${port(bootstrap)}`]
      return brokers.filter((b) => port(b) !== undefined).map((b) => `${b.host}:${port(b)}`)
    },
    brokerHost: (nodeId) => brokerHost(nodeId),
    caCert: certificate?.caCert,
    hosts,
    lookup,
    socketFactory: lookupSocketFactory(lookup),
    javaClientProperties: (mechanism = 'AWS_MSK_IAM') => ({
      'bootstrap.servers': emulator.bootstrapBrokers('tls').join(','),
      'security.protocol': 'SASL_SSL',
      ...JAVA_CLIENT_SASL[mechanism],
      ...(certificate?.caCert === undefined
        ? {}
        : { 'ssl.truststore.type': 'PEM', 'ssl.truststore.certificates': certificate.caCert }),
    }),
    addIdentity: (identity) => {
      identities.add(identity)
      authorization?.identityChanged(identity)
    },
    removeIdentity: (accessKeyId) => {
      identities.remove(accessKeyId)
      authorization?.identityRemoved(accessKeyId)
    },
    get authorization() {
      return authorization?.mode ?? 'off'
    },
    setAuthorizationMode: async (mode) => authorizationOn().setMode(mode),
    authorizer: authorization && {
      serviceUrl: authorization.serviceUrl,
      kafkaProperties: () => authorization.kafkaProperties(),
    },
    setPolicies: async (accessKeyId, policies) => authorizationOn().setPolicies(accessKeyId, policies),
    setClusterPolicy: async (policy) => authorizationOn().setClusterPolicy(policy),
    recordedPolicy: (accessKeyId) => authorizationOn().recordedPolicy(accessKeyId),
    setOptions: (partial) => {
      settings.update(partial)
      if ('connectionLimits' in partial) limiter.set(partial.connectionLimits)
    },
    faults,
    stats: () => stats.snapshot(),
    close: async () => {
      closing = true
      // Clients that have just disconnected have sent their FIN (after TLS close_notify) but it may not have
      // been read yet: destroying such a socket with unread data resets it, and kafkajs logs the
      // ECONNRESET at ERROR on a connection it already disconnected. A moment for pending reads first lets
      // those connections close as client-closed; the rest are closed after it.
      if (connections.size > 0) await new Promise((resolve) => setTimeout(resolve, EMULATOR_CLOSE_DRAIN_MS))
      const done = [...connections].map((c) => c.done)
      for (const connection of [...connections]) connection.close('emulator-closed')
      await Promise.all([...done, ...listeners.map((l) => l.close())])
      await authorization?.close()
    },
  }
  function authorizationOn(): EmulatorAuthorization {
    if (authorization) return authorization
    throw new MskIamError(
      'INVALID_OPTIONS',
      'authorization is off: start the emulator with authorization to use policies',
    )
  }

  const listen = async (kind: ListenerKind, bind: string, port: number, target: ListenerTarget): Promise<number> => {
    const listener = await startListener({
      host: bind,
      port,
      tls: kind === 'tls' ? certificate : undefined,
      onConnection: (s, sni) => accept(s, kind, target, kind === 'tls' ? sni : undefined),
    })
    listeners.push(listener)
    const nodeId = target === 'bootstrap' ? undefined : target.nodeId
    log({ event: 'listening', listener: kind, nodeId, host: bind, port: listener.port })
    return listener.port
  }
  try {
    for (const [kind, spec] of [
      ['plaintext', plaintext],
      ['tls', tls],
    ] as const) {
      if (spec === false) continue
      const bind = spec.host ?? DEFAULT_LISTENER_HOST
      const ports = listenerPorts(spec.port, brokers.length, kind)
      for (const [i, broker] of brokers.entries()) {
        const port = await listen(kind, bind, ports[i] ?? 0, broker)
        if (kind === 'tls') broker.tlsPort = port
        else broker.plaintextPort = port
      }
      if (bootstrapHost !== undefined) {
        const port = await listen(kind, bind, spec.bootstrapPort ?? 0, 'bootstrap')
        emulator.bootstrap = {
          host: bootstrapHost,
          ...emulator.bootstrap,
          [kind === 'tls' ? 'tlsPort' : 'plaintextPort']: port,
        }
      }
      const reachable = bind === '0.0.0.0' || bind === '::' ? DEFAULT_LISTENER_HOST : bind
      for (const name of advertised) hosts[name.toLowerCase()] = reachable
    }
    emulator.tlsPort = brokers[0]?.tlsPort
    emulator.plaintextPort = brokers[0]?.plaintextPort
  } catch (err) {
    await emulator.close()
    throw err
  }
  return emulator
}

function defaultClusterArn(options: MskIamEmulatorOptions, region: string): string {
  try {
    return mskClusterNames({
      profile: 'provisioned',
      region,
      clusterName: options.clusterName ?? DEFAULT_CLUSTER_NAME,
      clusterId: options.clusterId ?? DEFAULT_CLUSTER_ID,
      clusterUuid: DEFAULT_EMULATOR_CLUSTER_UUID,
      accountId: LOCAL_MSK_DEFAULTS.ACCOUNT_ID,
    }).clusterArn
  } catch {
    // Names the emulator accepts but MSK would not (its own brokerHost): give clusterArn explicitly.
    return ''
  }
}
