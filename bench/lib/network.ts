// How kafkajs reaches the emulator: MSK-shaped broker names resolve to 127.0.0.1 (TLS still checks them:
// SNI + certificate), optionally recording when each request is written, for per-phase timings.
import net from 'node:net'
import tls from 'node:tls'
import type { ISocketFactory } from 'kafkajs'

export const loopbackLookup: net.LookupFunction = (_hostname, options, callback) => {
  const cb = callback
  if (typeof options === 'object' && options !== null && (options as { all?: boolean }).all)
    cb(null, [{ address: '127.0.0.1', family: 4 }])
  else cb(null, '127.0.0.1', 4)
}

/** kafkajs's default socket factory (TLS with SNI, keep-alive), with every name resolved to 127.0.0.1. */
export const loopbackSocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tls.connect({ ...ssl, host, port, servername: host, lookup: loopbackLookup }, onConnect)
    : net.connect({ host, port, lookup: loopbackLookup }, onConnect)
  socket.setKeepAlive(true, 60_000)
  return socket
}

/** One connection's timeline: when the socket was asked for, and each request write (api key, time). */
export interface ConnectionTrace {
  createdAt: bigint
  writes: Array<{ apiKey: number; at: bigint }>
}

export const API_KEYS = {
  produce: 0,
  metadata: 3,
  saslHandshake: 17,
  apiVersions: 18,
  saslAuthenticate: 36,
  initProducerId: 22,
} as const

/**
 * Wraps a socket factory so that each kafkajs request write is time-stamped. kafkajs writes every request
 * with one socket.write(frame) (size, api key, …), so the api key is at bytes 4–5 of each write.
 */
export function tracingSocketFactory(base: ISocketFactory, traces: ConnectionTrace[]): ISocketFactory {
  return (args) => {
    const trace: ConnectionTrace = { createdAt: process.hrtime.bigint(), writes: [] }
    traces.push(trace)
    const socket = base(args)
    const write = socket.write.bind(socket) as (data: unknown, ...rest: unknown[]) => boolean
    ;(socket as unknown as { write: typeof write }).write = (data: unknown, ...rest: unknown[]) => {
      if (Buffer.isBuffer(data) && data.length >= 6)
        trace.writes.push({ apiKey: data.readInt16BE(4), at: process.hrtime.bigint() })
      return write(data, ...rest)
    }
    return socket
  }
}

export interface Phases {
  /** Socket created → first request written (TCP + TLS handshakes; kafkajs writes ApiVersions on connect). */
  connectMs: number
  /** ApiVersions written → SaslHandshake written (one forwarded round trip). */
  apiVersionsMs: number
  /** SaslHandshake written → first non-SASL request written: handshake round trip, the plugin's
   * authenticate() (signing) and the SaslAuthenticate round trip. */
  authMs: number
}

const ms = (from: bigint, to: bigint): number => Number(to - from) / 1e6

/** Phases of the first connection of a trace list; undefined when the connection did not get that far. */
export function phasesOf(trace: ConnectionTrace): Partial<Phases> {
  const writes = trace.writes
  const first = writes[0]
  const apiVersions = writes.find((w) => w.apiKey === API_KEYS.apiVersions)
  const handshake = writes.find((w) => w.apiKey === API_KEYS.saslHandshake)
  const handshakeIndex = handshake ? writes.indexOf(handshake) : -1
  const afterAuth =
    handshakeIndex < 0
      ? undefined
      : writes
          .slice(handshakeIndex)
          .find((w) => w.apiKey !== API_KEYS.saslHandshake && w.apiKey !== API_KEYS.saslAuthenticate)
  return {
    connectMs: first ? ms(trace.createdAt, first.at) : undefined,
    apiVersionsMs: apiVersions && handshake ? ms(apiVersions.at, handshake.at) : undefined,
    authMs: handshake && afterAuth ? ms(handshake.at, afterAuth.at) : undefined,
  }
}
