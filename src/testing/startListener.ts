import * as net from 'node:net'
import * as tls from 'node:tls'

/** A bound listener; `close` stops accepting, destroys sockets still in the TLS handshake, and resolves when the server is closed. */
export interface Listener {
  port: number
  close(): Promise<void>
}

export interface ListenerSpec {
  host: string
  port: number
  /** TLS key material; plaintext when absent. */
  tls?: { cert: string; key: string }
  /**
   * Called with each accepted connection (for TLS once the handshake is done) and the SNI server name the
   * client sent, if any.
   */
  onConnection(socket: net.Socket, servername: string | undefined): void
}

/** Binds a plaintext or TLS listener and resolves with its port. */
export function startListener(spec: ListenerSpec): Promise<Listener> {
  const server = spec.tls
    ? tls.createServer({ cert: spec.tls.cert, key: spec.tls.key }, (socket) => {
        spec.onConnection(socket, typeof socket.servername === 'string' ? socket.servername : undefined)
      })
    : net.createServer((socket) => spec.onConnection(socket, undefined))
  // Raw sockets, so close() can also end connections that never finished their TLS handshake.
  const raw = new Set<net.Socket>()
  server.on('connection', (socket: net.Socket) => {
    raw.add(socket)
    socket.once('close', () => raw.delete(socket))
  })
  // A client that fails the TLS handshake (untrusted CA, wrong protocol) only loses its own socket.
  server.on('tlsClientError', (_err: Error, socket: net.Socket) => socket.destroy())
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(spec.port, spec.host, () => {
      server.off('error', reject)
      server.on('error', () => undefined)
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : spec.port
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            for (const socket of raw) socket.destroy()
          }),
      })
    })
  })
}
