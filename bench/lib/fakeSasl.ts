// One kafkajs authentication without a network: the plugin's authenticate() runs exactly as kafkajs runs
// it, against a saslAuthenticate that encodes the request (the plugin's whole client-side cost) and hands
// back a canned successful broker answer, framed as kafkajs frames it (int32 length + bytes).
import { Kafka, logLevel } from 'kafkajs'
import type { KafkaLogger, SaslAuthenticateArgs } from '../../src/kafkajsTypes.js'
import { authenticatorOf, type KafkaSasl } from './plugins.js'

const ANSWER = Buffer.from(
  JSON.stringify({ version: '2020_10_22', 'request-id': '5f1e7a0c-6d2b-4c7e-9a51-0b8e4d3c2a19' }),
)
const FRAMED_ANSWER = Buffer.concat([Buffer.from([0, 0, 0, ANSWER.length]), ANSWER])
/** A successful OAUTHBEARER answer carries no bytes (RFC 7628: anything else is an error challenge). */
const FRAMED_OAUTHBEARER_ANSWER = Buffer.from([0, 0, 0, 0])

/** A kafkajs logger at kafkajs's default level (INFO), writing nowhere: what a plugin's log calls cost. */
export function kafkajsLogger(namespace: string): KafkaLogger {
  const kafka = new Kafka({ brokers: ['127.0.0.1:1'], logLevel: logLevel.INFO, logCreator: () => () => undefined })
  return kafka.logger().namespace(namespace)
}

export interface FakeAuth {
  /** Runs one full kafkajs-style authentication of this plugin for `host`. */
  authenticate(host: string): Promise<void>
  /** Bytes the plugin sent so far (keeps the work observable). */
  bytes(): number
}

export function fakeAuthenticator(sasl: KafkaSasl, port = 9098): FakeAuth {
  let bytes = 0
  const logger = kafkajsLogger(`SaslAuthenticator-${sasl.mechanism.toUpperCase()}`)
  const answer = sasl.mechanism.toUpperCase() === 'OAUTHBEARER' ? FRAMED_OAUTHBEARER_ANSWER : FRAMED_ANSWER
  const saslAuthenticate = (async ({ request, response }: Parameters<SaslAuthenticateArgs['saslAuthenticate']>[0]) => {
    const encoded = await request.encode()
    bytes += encoded.length
    if (!response) return undefined
    return response.parse(await response.decode(answer))
  }) as SaslAuthenticateArgs['saslAuthenticate']
  return {
    // kafkajs calls sasl.authenticationProvider(args).authenticate() once per (re-)authentication.
    authenticate: (host) => authenticatorOf(sasl)({ host, port, logger, saslAuthenticate }).authenticate(),
    bytes: () => bytes,
  }
}
