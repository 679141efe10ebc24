import * as net from 'node:net'
import * as tls from 'node:tls'
import { SOCKET_KEEP_ALIVE_DELAY_MS } from '../constants.js'
import type { SocketFactory } from './types.js'

/** kafkajs's default socket factory, rebuilt here: kafkajs does not export it. */
export const defaultSocketFactory: SocketFactory = ({ host, port, ssl, onConnect }) => {
  // kafkajs passes `ssl` as configured: an options object, `true`, or nothing.
  const tlsOptions = ssl as tls.ConnectionOptions | boolean | null | undefined
  const socket = tlsOptions
    ? tls.connect(
        {
          host,
          port,
          ...(net.isIP(host) ? {} : { servername: host }),
          ...(typeof tlsOptions === 'object' ? tlsOptions : {}),
        },
        onConnect,
      )
    : net.connect({ host, port }, onConnect)
  socket.setKeepAlive(true, SOCKET_KEEP_ALIVE_DELAY_MS)
  return socket
}
