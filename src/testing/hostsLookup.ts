import * as dns from 'node:dns'
import * as net from 'node:net'
import * as tls from 'node:tls'
import type { SocketFactory } from '../reauth/types.js'

/**
 * A `lookup` for net.connect / tls.connect that answers the names in `hosts` with their address and
 * leaves every other name to the system resolver, so MSK-shaped names reach local listeners without DNS
 * or /etc/hosts changes. Node may ask with `{ all: true }` (autoSelectFamily): both forms are answered.
 * `hosts` is read on every call (keys in lower case), so it may be filled after this is made.
 */
export function hostsLookup(hosts: Readonly<Record<string, string>>): net.LookupFunction {
  return (hostname, options, callback) => {
    const address = Object.hasOwn(hosts, hostname.toLowerCase()) ? hosts[hostname.toLowerCase()] : undefined
    if (address === undefined) return dns.lookup(hostname, options, callback as never)
    const family = net.isIPv6(address) ? 6 : 4
    const cb = callback
    if (typeof options === 'object' && options !== null && (options as { all?: boolean }).all)
      cb(null, [{ address, family }])
    else cb(null, address, family)
  }
}

/** kafkajs keeps its sockets alive like this; a socket factory replacing its own should too. */
const KEEP_ALIVE_DELAY_MS = 60_000

/**
 * A kafkajs `socketFactory` like kafkajs's own (TLS with SNI for names, keep-alive) that resolves names
 * through `lookup`. Wrap it in `proactiveReauthentication(sasl, { socketFactory })` to combine the two.
 */
export function lookupSocketFactory(lookup: net.LookupFunction): SocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const tlsOptions = ssl as tls.ConnectionOptions | boolean | null | undefined
    const socket = tlsOptions
      ? tls.connect(
          {
            ...(net.isIP(host) ? {} : { servername: host }),
            ...(typeof tlsOptions === 'object' ? tlsOptions : {}),
            host,
            port,
            lookup,
          },
          onConnect,
        )
      : net.connect({ host, port, lookup }, onConnect)
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS)
    return socket
  }
}
