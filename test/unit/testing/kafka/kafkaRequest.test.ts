// kafkaRequest against a local TCP server that plays the broker.
import net from 'node:net'
import { ByteWriter } from '../../../../src/protocol/ByteWriter.js'
import { PROBE_API } from '../../../../src/testing/kafka/constants.js'
import { kafkaRequest } from '../../../../src/testing/kafka/kafkaRequest.js'
import { metadataRequest } from '../../../../src/testing/kafka/probeMessages.js'

async function broker(
  onRequest: (socket: net.Socket, frame: Buffer) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.once('data', (frame) => onRequest(socket, frame))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

const frame = (correlationId: number, body: Buffer): Buffer => {
  const payload = new ByteWriter().int32(correlationId).raw(body).toBuffer()
  return new ByteWriter().int32(payload.length).raw(payload).toBuffer()
}

describe('kafkaRequest', () => {
  it('sends the frame and resolves to a reader past the correlation id, also for a split answer', async () => {
    let received: Buffer | undefined
    const b = await broker((socket, request) => {
      received = request
      const answer = frame(1, Buffer.from([0, 0, 0, 42]))
      socket.write(answer.subarray(0, 3))
      setImmediate(() => socket.write(answer.subarray(3)))
    })
    try {
      const reader = await kafkaRequest(
        { host: '127.0.0.1', port: b.port },
        PROBE_API.METADATA,
        metadataRequest(),
        2000,
      )
      expect(reader.int32()).toBe(42)
      expect(received?.readInt16BE(4)).toBe(3) // api key after the size prefix
    } finally {
      await b.close()
    }
  })

  it('rejects an answer to another correlation id, a closed connection, a refused port and silence', async () => {
    const wrong = await broker((socket) => socket.write(frame(9, Buffer.alloc(0))))
    const closing = await broker((socket) => socket.destroy())
    const silent = await broker(() => undefined)
    try {
      const ask = (port: number, timeoutMs = 2000) =>
        kafkaRequest({ host: '127.0.0.1', port }, PROBE_API.METADATA, metadataRequest(), timeoutMs)
      await expect(ask(wrong.port)).rejects.toThrow(/another request/)
      await expect(ask(closing.port)).rejects.toThrow(/closed the connection/)
      await expect(ask(1)).rejects.toThrow(/ECONNREFUSED/)
      await expect(ask(silent.port, 50)).rejects.toThrow(/no answer .* in 50 ms/)
    } finally {
      await Promise.all([wrong.close(), closing.close(), silent.close()])
    }
  })
})
