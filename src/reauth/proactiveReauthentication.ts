import type * as net from 'node:net'
import { systemClock, type Clock } from '../clock.js'
import { DEFAULT_ANSWER_TIMEOUT_MS, DEFAULT_MAX_HOLD_MS } from '../constants.js'
import { MskIamError } from '../errors.js'
import { defaultSocketFactory } from './defaultSocketFactory.js'
import { ReauthenticatingSocket } from './ReauthenticatingSocket.js'
import { ReauthenticationHooks } from './ReauthenticationHooks.js'
import type { ProactiveReauthenticationOptions, RenewableSasl, SocketFactory } from './types.js'

/**
 * A kafkajs `socketFactory` that renews each connection's SASL session proactively, off the request path,
 * at a random 85–95 % of the lifetime the broker granted, holding requests during the exchange:
 *
 * ```ts
 * const sasl = awsMskIam() // or mskIamOAuthBearer(options).kafkajs()
 * const kafka = new Kafka({ brokers, ssl: true, sasl, socketFactory: proactiveReauthentication(sasl) })
 * ```
 * Leave `socketFactory` out to keep kafkajs's own (lazy) re-authentication.
 *
 * @param sasl the object returned by `awsMskIam()` or `mskIamOAuthBearer().kafkajs()` (or a copy that keeps
 *   its `saslClient`): its credential cache signs the renewals.
 * @throws {@link MskIamError} `INVALID_OPTIONS` when `sasl` has no `saslClient`, or names another mechanism.
 */
export function proactiveReauthentication(
  sasl: RenewableSasl,
  options: ProactiveReauthenticationOptions & { clock?: Clock; random?: () => number } = {},
): SocketFactory {
  const client = saslClientOf(sasl)
  const base = options.socketFactory ?? defaultSocketFactory
  const clock = options.clock ?? systemClock
  const ctx = {
    client,
    clock,
    random: options.random ?? Math.random,
    answerTimeoutMs: positiveMs(options, 'answerTimeoutMs') ?? DEFAULT_ANSWER_TIMEOUT_MS,
    maxHoldMs: positiveMs(options, 'maxHoldMs') ?? DEFAULT_MAX_HOLD_MS,
    hooks: new ReauthenticationHooks(options, client, clock),
  }
  // kafkajs types its sockets as net.Socket but uses only the KafkaSocket subset, which the wrapper has.
  return (args) => new ReauthenticatingSocket(base(args), args.host, args.port, ctx) as unknown as net.Socket
}

function saslClientOf(sasl: RenewableSasl): RenewableSasl['saslClient'] {
  const fail = (why: string): never => {
    throw new MskIamError(
      'INVALID_OPTIONS',
      `proactiveReauthentication(sasl): ${why}. Pass the object returned by awsMskIam() or ` +
        'mskIamOAuthBearer().kafkajs(), or a copy of it that keeps its saslClient property.',
    )
  }
  const candidate = (typeof sasl === 'object' && sasl !== null ? sasl : {}) as Partial<RenewableSasl>
  const client = candidate.saslClient
  if (typeof client !== 'object' || client === null || typeof client.token !== 'function')
    return fail('sasl has no saslClient')
  const named = candidate.mechanism
  if (typeof named === 'string' && named.toUpperCase() !== client.mechanism)
    return fail(`sasl.mechanism is ${JSON.stringify(named)} but its saslClient renews ${client.mechanism} sessions`)
  return client
}

function positiveMs(
  options: ProactiveReauthenticationOptions,
  name: 'answerTimeoutMs' | 'maxHoldMs',
): number | undefined {
  const value = options[name]
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)) {
    throw new MskIamError(
      'INVALID_OPTIONS',
      `proactiveReauthentication(): ${name} must be a positive integer (ms), got ${JSON.stringify(value)}`,
    )
  }
  return value
}
