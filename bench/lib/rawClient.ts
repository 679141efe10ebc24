// A bare Kafka connection (no kafkajs): write one request frame, await the next response frame. Used to
// time the protocol minimum of an authentication: SaslHandshake round trip + signing + SaslAuthenticate
// round trip, with nothing else in between.
import net from 'node:net'
import tls from 'node:tls'
import { FrameReader } from '../../src/protocol/FrameReader.js'
import { loopbackLookup } from './network.js'

export class RawConnection {
  private readonly frames = new FrameReader()
  private readonly ready: Buffer[] = []
  private waiter: ((frame: Buffer | Error) => void) | undefined

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.frames.push(chunk)
      for (
        let next = this.frames.next({ min: 4, max: 1 << 24 });
        next.kind === 'frame';
        next = this.frames.next({ min: 4, max: 1 << 24 })
      ) {
        this.ready.push(next.payload)
      }
      this.deliver()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const waiter = this.waiter
      this.waiter = undefined
      waiter?.(new Error('connection closed'))
    })
  }

  /** TLS to an MSK-shaped name on 127.0.0.1 (SNI = host), or plaintext when `ca` is undefined. */
  static open(host: string, port: number, ca: string | undefined): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = ca
        ? tls.connect({ host, port, servername: host, ca, lookup: loopbackLookup })
        : net.connect({ host, port, lookup: loopbackLookup })
      socket.setNoDelay(true)
      socket.once(ca ? 'secureConnect' : 'connect', () => resolve(new RawConnection(socket)))
      socket.once('error', reject)
    })
  }

  /** Writes a whole request frame and resolves with the response payload (after the size prefix). */
  request(frame: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiter = (result) => (result instanceof Error ? reject(result) : resolve(result))
      this.socket.write(frame)
      this.deliver()
    })
  }

  close(): void {
    this.socket.destroy()
  }

  private deliver(): void {
    if (!this.waiter || this.ready.length === 0) return
    const waiter = this.waiter
    this.waiter = undefined
    waiter(this.ready.shift()!)
  }
}
