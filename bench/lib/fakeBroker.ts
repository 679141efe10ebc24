// A minimal in-process broker that speaks only SaslHandshake v1 and SaslAuthenticate v1 (always
// accepting, with a fixed session lifetime). Enough for the re-authentication wrapper to see a real
// authentication on a real TCP connection and arm its renewal timer; nothing is verified.
import net from 'node:net'
import { ByteWriter } from '../../src/protocol/ByteWriter.js'
import { FrameReader } from '../../src/protocol/FrameReader.js'

export interface FakeBroker {
  port: number
  /** Connections currently open on the server side. */
  open(): number
  close(): Promise<void>
}

const ANSWER = Buffer.from(
  JSON.stringify({ version: '2020_10_22', 'request-id': '0b6a3e51-1f0c-4a8e-b9b2-6c1d2e3f4a5b' }),
)

function response(correlationId: number, body: Buffer): Buffer {
  const payload = new ByteWriter().int32(correlationId).raw(body).toBuffer()
  return new ByteWriter().int32(payload.length).raw(payload).toBuffer()
}

export async function startFakeBroker(sessionLifetimeMs: number): Promise<FakeBroker> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.setNoDelay(true)
    const frames = new FrameReader()
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      frames.push(chunk)
      for (
        let next = frames.next({ min: 8, max: 1 << 20 });
        next.kind === 'frame';
        next = frames.next({ min: 8, max: 1 << 20 })
      ) {
        const apiKey = next.payload.readInt16BE(0)
        const correlationId = next.payload.readInt32BE(4)
        if (apiKey === 17) {
          socket.write(
            response(correlationId, new ByteWriter().int16(0).int32(1).nullableString('AWS_MSK_IAM').toBuffer()),
          )
        } else if (apiKey === 36) {
          socket.write(
            response(
              correlationId,
              new ByteWriter().int16(0).nullableString(null).bytes(ANSWER).int64(BigInt(sessionLifetimeMs)).toBuffer(),
            ),
          )
        } else {
          socket.destroy()
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Request frames as kafkajs writes them (header v1, client id 'kafkajs'). */
export function saslRequestFrames(token: Buffer): { handshake: Buffer; authenticate: Buffer } {
  const frame = (apiKey: number, correlationId: number, body: Buffer): Buffer => {
    const payload = new ByteWriter()
      .int16(apiKey)
      .int16(1)
      .int32(correlationId)
      .nullableString('kafkajs')
      .raw(body)
      .toBuffer()
    return new ByteWriter().int32(payload.length).raw(payload).toBuffer()
  }
  return {
    handshake: frame(17, 1, new ByteWriter().nullableString('AWS_MSK_IAM').toBuffer()),
    authenticate: frame(36, 2, new ByteWriter().bytes(token).toBuffer()),
  }
}
