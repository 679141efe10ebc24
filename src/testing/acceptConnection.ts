import type { Socket } from 'node:net'
import type { EmulatorAuthorization } from './authorization/EmulatorAuthorization.js'
import { ClientConnection } from './ClientConnection.js'
import type { ConnectionLimiter } from './ConnectionLimiter.js'
import { LOOPBACK_ALIAS } from './constants.js'
import type { EmulatorLog } from './emulatorLog.js'
import type { EmulatorSettings } from './EmulatorSettings.js'
import type { Faults } from './Faults.js'
import type { IdentityStore } from './IdentityStore.js'
import type { StatsCounter } from './StatsCounter.js'
import type { EmulatorBroker } from './types.js'
import type { EndpointFor } from './wire/spliceEndpoint.js'

/** What every client connection of one emulator shares. */
export interface AcceptorContext {
  region: string
  now: () => number
  brokers: readonly EmulatorBroker[]
  bootstrapHost: string | undefined
  settings: EmulatorSettings
  limiter: ConnectionLimiter
  identities: IdentityStore
  faults: Faults
  stats: StatsCounter
  log: EmulatorLog
  endpointsFor: (listener: 'plaintext' | 'tls', alias: string | undefined) => EndpointFor
  /** Open connections, for close(). */
  connections: Set<ClientConnection>
  /** With authorization on: upstream login, Connect, and who is on each connection. */
  authorization: EmulatorAuthorization | undefined
}

/** The broker a listener serves, or its bootstrap listener. */
export type ListenerTarget = EmulatorBroker | 'bootstrap'

/**
 * Turns each accepted socket into a ClientConnection for its broker: a broker listener's connections go
 * to that broker, a bootstrap listener's to the brokers in turn (as a load balancer in front of them
 * would). The signed host must be the SNI name, else the listener's own name; connection limits count
 * against the broker the connection goes to.
 */
export function connectionAcceptor(
  ctx: AcceptorContext,
): (socket: Socket, listener: 'plaintext' | 'tls', target: ListenerTarget, servername: string | undefined) => void {
  let count = 0
  let nextBootstrapTarget = 0
  return (socket, listener, target, servername) => {
    const broker = target === 'bootstrap' ? ctx.brokers[nextBootstrapTarget++ % ctx.brokers.length] : target
    if (broker === undefined) return void socket.destroy()
    const { nodeId } = broker
    ctx.stats.connectionOpened()
    ctx.limiter.opened(nodeId)
    const connectionId = `${listener}-${++count}`
    ctx.log({ event: 'connection', connectionId, listener, nodeId, host: servername })
    const alias = servername?.toLowerCase() === LOOPBACK_ALIAS ? LOOPBACK_ALIAS : undefined
    const ownName = target === 'bootstrap' ? (ctx.bootstrapHost ?? broker.host) : broker.host
    const authorization = ctx.authorization
    const connection = new ClientConnection(socket, {
      connectionId,
      listener,
      upstream: broker.upstream,
      expectedHost: servername ?? ownName,
      mechanisms: () => ctx.settings.mechanisms,
      policy: () => {
        const nowMs = ctx.now()
        return {
          ...ctx.settings.sessionPolicy(),
          region: ctx.region,
          nowMs,
          lookup: (id) => ctx.identities.lookup(id),
          admit: () =>
            ctx.faults.take('tooManyConnectsBurst') ? 'tooManyConnectsBurst fault' : ctx.limiter.admit(nodeId, nowMs),
          ...(authorization && { authorizeConnect: (identity) => authorization.authorizeConnect(identity) }),
        }
      },
      faults: ctx.faults,
      stats: ctx.stats,
      log: ctx.log,
      endpointFor: ctx.endpointsFor(listener, alias),
      ...(authorization && {
        upstreamLogin: (upstream) => authorization.upstreamLogin(connectionId, upstream),
        onAuthenticated: (identity) => authorization.bind(connectionId, identity),
      }),
      onClosed: (closed, reason, detail) => {
        authorization?.release(connectionId)
        ctx.connections.delete(closed)
        ctx.limiter.closed(nodeId)
        ctx.stats.connectionClosed(reason)
        ctx.log({ event: 'close', reason, detail, connectionId })
      },
    })
    ctx.connections.add(connection)
  }
}
