// The emulator's upstream login against a scripted broker on a loopback socket (the real Kafka answers
// are covered by test/integration/authorizer.test.ts). The script answers with the emulator's own
// server-side codecs, i.e. Kafka's framing.
import net from 'node:net'
import { MskIamError } from '../../../../src/errors.js'
import { onRequestFrames } from '../../../helpers/onRequestFrames.js'
import { authenticateUpstream } from '../../../../src/testing/authorization/authenticateUpstream.js'
import { parseRequestHeader } from '../../../../src/protocol/parseRequestHeader.js'
import {
  decodeSaslAuthenticateRequest,
  encodeSaslAuthenticateResponse,
} from '../../../../src/testing/wire/saslAuthenticate.js'
import { decodeSaslHandshakeRequest, encodeSaslHandshakeResponse } from '../../../../src/testing/wire/saslHandshake.js'

interface Seen {
  apiKey: number
  apiVersion: number
  correlationId: number
  text: string
}

/** A broker that answers each request with `script(request, index)`; undefined = no answer. */
async function scriptedBroker(
  script: (req: Seen, index: number) => Buffer | 'close' | undefined,
): Promise<{ port: number; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    onRequestFrames(socket, (payload) => {
      const header = parseRequestHeader(payload)
      const body = payload.subarray(header.bodyOffset)
      const text =
        header.apiKey === 17
          ? decodeSaslHandshakeRequest(body).mechanism
          : decodeSaslAuthenticateRequest(body, header.apiVersion).authBytes.toString('utf8')
      const req = { apiKey: header.apiKey, apiVersion: header.apiVersion, correlationId: header.correlationId, text }
      seen.push(req)
      const answer = script(req, seen.length - 1)
      if (answer === 'close') socket.destroy()
      else if (answer) socket.write(answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

const handshakeOk = (req: Seen) =>
  encodeSaslHandshakeResponse(req.correlationId, { errorCode: 0, mechanisms: ['OAUTHBEARER'] })
const authenticated = (
  req: Seen,
  lifetime = 0,
  authBytes = Buffer.alloc(0),
  errorCode = 0,
  errorMessage: string | null = null,
) =>
  encodeSaslAuthenticateResponse(req.correlationId, req.apiVersion, {
    errorCode,
    errorMessage,
    authBytes,
    sessionLifetimeMs: lifetime,
  })

let broker: Awaited<ReturnType<typeof scriptedBroker>> | undefined
let socket: net.Socket | undefined

afterEach(async () => {
  socket?.destroy()
  await broker?.close()
  broker = socket = undefined
})

async function login(
  script: Parameters<typeof scriptedBroker>[0],
  options: Parameters<typeof authenticateUpstream>[2] = {},
): Promise<unknown> {
  broker = await scriptedBroker(script)
  socket = net.connect({ host: '127.0.0.1', port: broker.port })
  return authenticateUpstream(socket, 'msk-iam:e:c1', options).catch((e: unknown) => e)
}

function expectError(error: unknown, code: string, message: RegExp): void {
  expect(error).toBeInstanceOf(MskIamError)
  expect((error as MskIamError).code).toBe(code)
  expect((error as MskIamError).message).toMatch(message)
}

describe('authenticateUpstream', () => {
  it.each([1, 2] as const)(
    'sends SaslHandshake v1 then SaslAuthenticate v%i with the token, and resolves',
    async (version) => {
      const result = await login((req, i) => (i === 0 ? handshakeOk(req) : authenticated(req, 5000)), {
        version,
        nowMs: 0,
      })
      expect(result).toEqual({ sessionLifetimeMs: 5000 })
      expect(broker!.seen.map((s) => [s.apiKey, s.apiVersion, s.correlationId])).toEqual([
        [17, 1, 1],
        [36, version, 2],
      ])
      expect(broker!.seen[0]!.text).toBe('OAUTHBEARER')
      expect(broker!.seen[1]!.text).toMatch(/^n,,\x01auth=Bearer eyJhbGciOiJub25lIn0\.[A-Za-z0-9_-]+\.\x01\x01$/)
      // Its listeners are gone: the socket is the caller's again.
      expect(socket!.listenerCount('data')).toBe(0)
    },
  )

  it('says which mechanisms the listener offers when OAUTHBEARER is not one', async () => {
    const error = await login((req) =>
      encodeSaslHandshakeResponse(req.correlationId, { errorCode: 33, mechanisms: ['PLAIN'] }),
    )
    expectError(error, 'MECHANISM_NOT_ENABLED', /refused OAUTHBEARER \(error 33\); this listener offers PLAIN/)
  })

  it('acknowledges Kafka’s error challenge and reports it with the final error', async () => {
    const challenge = Buffer.from('{"status":"invalid_token"}')
    const error = await login((req, i) =>
      i === 0
        ? handshakeOk(req)
        : i === 1
          ? authenticated(req, 0, challenge)
          : authenticated(
              req,
              0,
              Buffer.alloc(0),
              58,
              'Authentication failed during authentication due to invalid credentials',
            ),
    )
    expect(broker!.seen[2]).toMatchObject({ apiKey: 36, correlationId: 3, text: '\x01' })
    expectError(error, 'AUTHENTICATION_FAILED', /error 58: Authentication failed .*; \{"status":"invalid_token"\}/)
  })

  it('refuses an answer with the wrong correlation id', async () => {
    const error = await login((req) =>
      encodeSaslHandshakeResponse(req.correlationId + 1, { errorCode: 0, mechanisms: [] }),
    )
    expectError(error, 'INVALID_BROKER_RESPONSE', /unexpected correlation id 2/)
  })

  it('refuses a garbled answer', async () => {
    const error = await login(() => Buffer.from([0, 0, 0, 5, 0, 0, 0, 1, 0]))
    expectError(error, 'INVALID_BROKER_RESPONSE', /need 2 bytes/)
  })

  it('reports a connection closed mid-way', async () => {
    const error = await login((req, i) => (i === 0 ? handshakeOk(req) : 'close'))
    expectError(error, 'CONNECTION_LOST', /closed the connection during authenticate/)
  })

  it('gives up after the timeout when Kafka never answers', async () => {
    const error = await login(() => undefined, { timeoutMs: 50 })
    expectError(error, 'CONNECTION_LOST', /no answer within 50 ms \(handshake\)/)
  })
})
