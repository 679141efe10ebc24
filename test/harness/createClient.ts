// A kafkajs client through the emulator, as the fault tests and the soak build it, with counters.
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs'
import { awsMskIam } from '../../src/awsMskIam.js'
import type { AwsMskIamOptions } from '../../src/options.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import type { ReauthenticationEvent, ReauthenticationFailure, SocketFactory } from '../../src/reauth/types.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { MskIamEmulator } from '../../src/testing/types.js'
import { mskSocketFactory } from '../helpers/emulatorHelpers.js'
import type { Sink } from './soakIdentity.js'

/** What one client's sockets and scheduler did. */
export interface ClientCounters {
  socketsOpened: number
  reauthentications: ReauthenticationEvent[]
  reauthenticationFailures: ReauthenticationFailure[]
}

export const newCounters = (): ClientCounters => ({
  socketsOpened: 0,
  reauthentications: [],
  reauthenticationFailures: [],
})

export interface ClientOptions {
  emulator: MskIamEmulator
  clientId: string
  credentials: AwsMskIamOptions['credentials']
  /** true: proactiveReauthentication() socket factory; false: kafkajs's lazy re-authentication. */
  proactive: boolean
  sink: Sink
  counters?: ClientCounters
  sasl?: Omit<AwsMskIamOptions, 'credentials'>
  config?: Partial<KafkaConfig>
}

/**
 * A kafkajs client for the emulator's TLS listener, with the plugin, short timeouts and retries sized for
 * faults that last a few seconds. Every kafkajs log entry at INFO and above, and the plugin's own debug
 * entries, go to `sink` (so the secret scan sees them).
 */
export function createClient(options: ClientOptions): Kafka {
  const { emulator, sink } = options
  const counters = options.counters ?? newCounters()
  const sasl = awsMskIam({
    credentials: options.credentials,
    maxBackoffMs: 200,
    credentialsTimeoutMs: 1_000,
    ...options.sasl,
  })
  const loopback = mskSocketFactory()
  const counted: SocketFactory = (args) => {
    counters.socketsOpened++
    return loopback(args)
  }
  const socketFactory = options.proactive
    ? proactiveReauthentication(sasl, {
        socketFactory: counted,
        answerTimeoutMs: 5_000,
        onReauthenticated: (event) => void counters.reauthentications.push(event),
        onReauthenticationFailed: (failure) => {
          counters.reauthenticationFailures.push(failure)
          sink(failure.error)
        },
      })
    : counted
  return new Kafka({
    clientId: options.clientId,
    brokers: [`${emulator.brokerHost(1)}:${emulator.tlsPort}`],
    ssl: { ca: [TEST_CA_CERT] },
    sasl,
    socketFactory,
    connectionTimeout: 3_000,
    authenticationTimeout: 5_000,
    reauthenticationThreshold: 1_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 12 },
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => {
      if (entry.level <= logLevel.INFO || entry.namespace.includes('AWS_MSK_IAM')) sink(entry.log)
    },
    ...options.config,
  })
}
