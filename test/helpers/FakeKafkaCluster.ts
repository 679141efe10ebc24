// A scripted fake Kafka cluster on loopback for the emulator's tests: N plaintext "brokers", each
// answering the emulator's start-up probe with Metadata listing all of them at their real ports, and a
// Metadata v1 request from a client the same way; everything else goes to `onRequest`.
import net from 'node:net'
import { ByteReader } from '../../src/protocol/ByteReader.js'
import { onRequestFrames } from './onRequestFrames.js'
import { encodeSaslAuthenticateResponse } from '../../src/testing/wire/saslAuthenticate.js'
import { encodeSaslHandshakeResponse } from '../../src/testing/wire/saslHandshake.js'
import { cat, frame, i32, response, str } from './emulatorBytes.js'

export interface FakeRequest {
  nodeId: number
  apiKey: number
  apiVersion: number
  correlationId: number
}

export interface FakeBroker {
  nodeId: number
  port: number
}

export class FakeKafkaCluster {
  readonly brokers: FakeBroker[] = []
  readonly received: FakeRequest[] = []
  /** Client connections each broker accepted (the probe's excluded). */
  readonly connections = new Map<number, number>()
  onRequest: (req: FakeRequest, socket: net.Socket) => void = () => undefined
  /**
   * Accept the emulator's upstream OAUTHBEARER login (SaslHandshake, then SaslAuthenticate) as a broker's
   * IAM_UPSTREAM listener would, counting logins; off: SASL requests go to `onRequest` like any other.
   */
  acceptsUpstreamLogin = false
  upstreamLogins = 0
  private readonly servers: net.Server[] = []
  private readonly sockets: net.Socket[] = []

  static async start(nodeIds: number[]): Promise<FakeKafkaCluster> {
    const cluster = new FakeKafkaCluster()
    for (const nodeId of nodeIds) {
      const server = net.createServer((socket) => cluster.accept(nodeId, socket))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      cluster.servers.push(server)
      cluster.brokers.push({ nodeId, port: (server.address() as net.AddressInfo).port })
    }
    return cluster
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))))
  }

  /** Metadata v1 body listing the brokers as Kafka advertises them (127.0.0.1 and their own ports). */
  metadataV1Body(): Buffer {
    const parts = [i32(this.brokers.length)]
    for (const b of this.brokers) parts.push(i32(b.nodeId), str('127.0.0.1'), i32(b.port), str(null))
    return cat(...parts, i32(this.brokers[0]?.nodeId ?? -1), i32(0))
  }

  private accept(nodeId: number, socket: net.Socket): void {
    this.sockets.push(socket)
    socket.on('error', () => undefined)
    let counted = false
    onRequestFrames(socket, (payload) => {
      const r = new ByteReader(payload)
      const req = { nodeId, apiKey: r.int16(), apiVersion: r.int16(), correlationId: r.int32() }
      const probe = r.nullableString() === 'msk-iam-emulator-probe'
      if (this.acceptsUpstreamLogin && req.apiKey === 17) {
        this.received.push(req)
        socket.write(encodeSaslHandshakeResponse(req.correlationId, { errorCode: 0, mechanisms: ['OAUTHBEARER'] }))
        return
      }
      if (this.acceptsUpstreamLogin && req.apiKey === 36) {
        this.upstreamLogins++
        this.received.push(req)
        const answer = { errorCode: 0, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: 3.6e6 }
        socket.write(encodeSaslAuthenticateResponse(req.correlationId, req.apiVersion, answer))
        return
      }
      if (probe || (req.apiKey === 3 && req.apiVersion === 1)) {
        // Metadata v4 (the probe) has a throttle_time_ms before the brokers; v1 does not.
        const body = probe ? cat(i32(0), this.metadataV1Body(), i32(0)) : this.metadataV1Body()
        socket.write(frame(response(req.correlationId, body)))
        if (probe) return
      }
      if (!counted) {
        counted = true
        this.connections.set(nodeId, (this.connections.get(nodeId) ?? 0) + 1)
      }
      this.received.push(req)
      this.onRequest(req, socket)
    })
  }
}
