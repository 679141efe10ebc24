import type net from 'node:net'
import { ClientConnection } from './ClientConnection.js'
import { ConnectionRateLimiter } from './ConnectionRateLimiter.js'
import {
  DEFAULT_CLUSTER_ID,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_LISTENER_HOST,
  DEFAULT_REGION,
  DEFAULT_UPSTREAM_NODE_ID,
  UPSTREAM_PROBE_TIMEOUT_MS,
} from './constants.js'
import { defaultBrokerHost } from './defaultBrokerHost.js'
import { EmulatorSettings } from './EmulatorSettings.js'
import { Faults } from './Faults.js'
import { probeUpstreamNodeId } from './probeUpstreamNodeId.js'
import { startListener, type Listener } from './startListener.js'
import { StatsCounter } from './StatsCounter.js'
import { TEST_SERVER_CERT, TEST_SERVER_KEY } from './testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator, MskIamEmulatorOptions } from './types.js'
import type { EmulatorIdentity } from './verifier/types.js'

/**
 * Starts a local stand-in for an MSK cluster's IAM listeners in front of a real (PLAINTEXT, single-broker)
 * Kafka: clients authenticate with AWS_MSK_IAM or OAUTHBEARER exactly as against MSK (signatures are
 * really verified against the identities given), then talk to Kafka through the emulator, which
 * advertises MSK-shaped broker names (`b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com`) on its own
 * ports. Clients must resolve those names to the listener's address (e.g. a kafkajs socketFactory with a
 * custom `lookup`).
 *
 * The host a signature must name is the TLS SNI server name, or, without SNI (plaintext), the advertised
 * name of the upstream broker, whose node id is asked from Kafka once at start (1 if it does not answer).
 */
export async function startMskIamEmulator(options: MskIamEmulatorOptions): Promise<MskIamEmulator> {
  const { upstream } = options
  if (
    typeof upstream?.host !== 'string' ||
    !Number.isInteger(upstream.port) ||
    upstream.port <= 0 ||
    upstream.port > 65535
  ) {
    throw new TypeError('startMskIamEmulator: upstream must be { host, port } of a Kafka broker')
  }
  const now = options.now ?? Date.now
  const region = options.region ?? DEFAULT_REGION
  const brokerHost =
    options.brokerHost ??
    defaultBrokerHost(options.clusterName ?? DEFAULT_CLUSTER_NAME, options.clusterId ?? DEFAULT_CLUSTER_ID, region)
  const settings = new EmulatorSettings(options)
  const limiter = new ConnectionRateLimiter(settings.connectionRateLimit?.perSecond)
  const identities = new Map<string, EmulatorIdentity>()
  const addIdentity = (identity: EmulatorIdentity): void => {
    if (
      typeof identity?.accessKeyId !== 'string' ||
      typeof identity.secretAccessKey !== 'string' ||
      typeof identity.principalArn !== 'string'
    ) {
      throw new TypeError('an identity needs accessKeyId, secretAccessKey and principalArn strings')
    }
    identities.set(identity.accessKeyId, { ...identity })
  }
  for (const identity of options.identities ?? []) addIdentity(identity)
  const faults = new Faults()
  const stats = new StatsCounter()
  const log = (entry: Omit<EmulatorLogEntry, 'time'>): void => {
    if (options.log === undefined) return
    try {
      options.log({ time: isoTime(now()), ...withoutUndefined(entry) })
    } catch {
      // A failing logger must not break a connection.
    }
  }
  const admit = (): boolean => !faults.take('tooManyConnectsBurst') && limiter.tryAcquire(now())

  const probed = await probeUpstreamNodeId(upstream, UPSTREAM_PROBE_TIMEOUT_MS)
  const upstreamNodeId = probed ?? DEFAULT_UPSTREAM_NODE_ID
  log({
    event: 'upstream-probe',
    host: upstream.host,
    port: upstream.port,
    detail:
      probed === undefined
        ? `no Metadata answer, assuming node id ${upstreamNodeId}`
        : `upstream node id ${upstreamNodeId}`,
  })

  const connections = new Set<ClientConnection>()
  let connectionCount = 0
  let closing = false
  const accept = (
    socket: net.Socket,
    listener: 'plaintext' | 'tls',
    port: number,
    servername: string | undefined,
  ): void => {
    if (closing) return void socket.destroy()
    stats.connectionOpened()
    const connectionId = `${listener}-${++connectionCount}`
    log({ event: 'connection', connectionId, listener, host: servername })
    const connection = new ClientConnection(socket, {
      connectionId,
      listener,
      upstream,
      expectedHost: servername ?? brokerHost(upstreamNodeId),
      mechanisms: () => settings.mechanisms,
      policy: () => ({ ...settings.sessionPolicy(), region, nowMs: now(), lookup: (id) => identities.get(id), admit }),
      faults,
      stats,
      log,
      endpointFor: (nodeId) => (nodeId < 0 ? undefined : { host: brokerHost(nodeId), port }),
      onClosed: (closed, reason, detail) => {
        connections.delete(closed)
        stats.connectionClosed(reason)
        log({ event: 'close', reason, detail, connectionId })
      },
    })
    connections.add(connection)
  }

  const listeners: Listener[] = []
  const emulator: MskIamEmulator = {
    region,
    brokerHost: (nodeId) => brokerHost(nodeId),
    addIdentity,
    removeIdentity: (accessKeyId) => void identities.delete(accessKeyId),
    setOptions: (partial) => {
      settings.update(partial)
      if ('connectionRateLimit' in partial) limiter.setLimit(partial.connectionRateLimit?.perSecond)
    },
    faults,
    stats: () => stats.snapshot(),
    close: async () => {
      closing = true
      const done = [...connections].map((c) => c.done)
      for (const connection of [...connections]) connection.close('emulator-closed')
      await Promise.all([...done, ...listeners.map((l) => l.close())])
    },
  }
  try {
    const { plaintext = {}, tls = {} } = options.listeners ?? {}
    if (plaintext !== false) {
      const host = plaintext.host ?? DEFAULT_LISTENER_HOST
      const listener = await startListener({
        host,
        port: plaintext.port ?? 0,
        onConnection: (s) => accept(s, 'plaintext', listener.port, undefined),
      })
      listeners.push(listener)
      emulator.plaintextPort = listener.port
      log({ event: 'listening', listener: 'plaintext', host, port: listener.port })
    }
    if (tls !== false) {
      const host = tls.host ?? DEFAULT_LISTENER_HOST
      const keyMaterial = { cert: tls.cert ?? TEST_SERVER_CERT, key: tls.key ?? TEST_SERVER_KEY }
      const listener = await startListener({
        host,
        port: tls.port ?? 0,
        tls: keyMaterial,
        onConnection: (s, sni) => accept(s, 'tls', listener.port, sni),
      })
      listeners.push(listener)
      emulator.tlsPort = listener.port
      log({ event: 'listening', listener: 'tls', host, port: listener.port })
    }
  } catch (err) {
    await emulator.close()
    throw err
  }
  return emulator
}

/** toISOString throws outside ±8.64e15 ms; an injected clock may return anything. */
function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms)
}

function withoutUndefined<T extends object>(entry: T): T {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as T
}
