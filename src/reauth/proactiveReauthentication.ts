import * as net from 'node:net'
import * as tls from 'node:tls'
import { systemClock, type Clock } from '../clock.js'
import { MskIamError } from '../errors.js'
import { ReauthenticatingSocket } from './ReauthenticatingSocket.js'
import { SIGNER, type ReauthSigner } from './signer.js'
import type { ProactiveReauthenticationOptions, SocketFactory } from './types.js'

const KEEP_ALIVE_DELAY_MS = 60_000
const DEFAULT_ANSWER_TIMEOUT_MS = 10_000

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
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS)
  return socket
}

/**
 * A kafkajs `socketFactory` that renews each connection's AWS_MSK_IAM session proactively, off the request
 * path, at a random 85–95 % of the lifetime the broker granted, holding requests during the exchange:
 *
 * ```ts
 * const sasl = awsMskIam()
 * const kafka = new Kafka({ brokers, ssl: true, sasl, socketFactory: proactiveReauthentication(sasl) })
 * ```
 * Leave `socketFactory` out to keep kafkajs's own (lazy) re-authentication.
 *
 * @param sasl the object returned by `awsMskIam()`; its credential cache signs the renewals.
 */
export function proactiveReauthentication(
  sasl: object,
  options: ProactiveReauthenticationOptions & { clock?: Clock; random?: () => number } = {},
): SocketFactory {
  const signer = (sasl as { [SIGNER]?: ReauthSigner })[SIGNER]
  if (!signer) {
    throw new MskIamError(
      'INVALID_OPTIONS',
      'proactiveReauthentication(sasl): pass the object returned by awsMskIam().',
    )
  }
  const base = options.socketFactory ?? defaultSocketFactory
  const ctx = {
    signer,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    answerTimeoutMs: options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS,
    onReauthenticated: options.onReauthenticated,
    onReauthenticationFailed: options.onReauthenticationFailed,
  }
  // kafkajs types its sockets as net.Socket but uses only the KafkaSocket subset, which the wrapper has.
  return (args) => new ReauthenticatingSocket(base(args), args.host, args.port, ctx) as unknown as net.Socket
}
