import type * as net from 'node:net'
import { systemClock, type Clock } from '../clock.js'
import { DEFAULT_ANSWER_TIMEOUT_MS } from '../constants.js'
import { MskIamError } from '../errors.js'
import type { SaslClient } from '../saslClient.js'
import { defaultSocketFactory } from './defaultSocketFactory.js'
import { ReauthenticatingSocket } from './ReauthenticatingSocket.js'
import { ReauthenticationHooks } from './ReauthenticationHooks.js'
import { SIGNER } from './signer.js'
import type { ProactiveReauthenticationOptions, SocketFactory } from './types.js'

export { defaultSocketFactory }

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
  const client = (sasl as { [SIGNER]?: SaslClient })[SIGNER]
  if (!client) {
    throw new MskIamError(
      'INVALID_OPTIONS',
      'proactiveReauthentication(sasl): pass the object returned by awsMskIam().',
    )
  }
  const base = options.socketFactory ?? defaultSocketFactory
  const clock = options.clock ?? systemClock
  const ctx = {
    client,
    clock,
    random: options.random ?? Math.random,
    answerTimeoutMs: options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS,
    hooks: new ReauthenticationHooks(options, client, clock),
  }
  // kafkajs types its sockets as net.Socket but uses only the KafkaSocket subset, which the wrapper has.
  return (args) => new ReauthenticatingSocket(base(args), args.host, args.port, ctx) as unknown as net.Socket
}
