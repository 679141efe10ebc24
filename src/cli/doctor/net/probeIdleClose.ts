import type { Socket } from 'node:net'
import { IDLE_CLOSE_WINDOW_MS } from '../../constants.js'
import { checkTcp } from '../checks/checkTcp.js'
import { checkTls } from '../checks/checkTls.js'
import type { ConnectInput } from './openKafkaChannel.js'

/**
 * Opens a fresh connection (TLS too, unless --no-tls), sends nothing and waits for the other end to close
 * it. A Kafka broker keeps an idle connection for minutes; a front whose own connection to Kafka fails
 * closes at once. Resolves to how long the connection lived, or undefined when it stayed open (or could
 * not be opened: then the earlier checks said why).
 */
export async function probeIdleClose(input: ConnectInput): Promise<number | undefined> {
  const windowMs = Math.min(IDLE_CLOSE_WINDOW_MS, input.timeoutMs)
  const tcp = await checkTcp(input.address, input.port, input.timeoutMs)
  if (!tcp.socket) return undefined
  const opened = Date.now()
  let socket: Socket = tcp.socket
  if (input.tls) {
    const tls = await checkTls({ socket: tcp.socket, host: input.host, ca: input.ca, timeoutMs: input.timeoutMs })
    if (!tls.socket) return undefined
    socket = tls.socket
  }
  if (socket.destroyed) return Date.now() - opened
  return new Promise((resolve) => {
    const done = (closedAfterMs: number | undefined): void => {
      clearTimeout(timer)
      socket.removeListener('close', onClose)
      socket.destroy()
      resolve(closedAfterMs)
    }
    const onClose = (): void => done(Date.now() - opened)
    const timer = setTimeout(() => done(undefined), windowMs)
    socket.on('error', () => undefined)
    socket.once('close', onClose)
    socket.resume()
  })
}
