// The proactive scheduler under kafkajs 2.2.4's real Connection class (its framing, request queue and SASL
// flow), against the in-memory broker of MemoryBroker.ts, on a fake clock.
import { createLogger, LEVELS } from 'kafkajs/src/loggers'
import Connection from 'kafkajs/src/network/connection'
import Encoder from 'kafkajs/src/protocol/encoder'
import { awsMskIam } from '../../src/awsMskIam.js'
import { mskIamOAuthBearer } from '../../src/oauth/mskIamOAuthBearer.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import type {
  ProactiveReauthenticationOptions,
  ReauthenticationEvent,
  ReauthenticationFailure,
  RenewableSasl,
} from '../../src/reauth/types.js'
import { FakeClock } from './FakeClock.js'
import { MemoryBroker, type MemoryBrokerOptions, type MemorySocket } from './MemoryBroker.js'
import { TEST_SECRETS } from './secretScan.js'

export const HOST = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'
export const identity = {
  accessKeyId: 'AKIASCHEDULER',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
  principalArn: 'arn:aws:iam::123456789012:user/app',
}
const versions = {
  17: { minVersion: 0, maxVersion: 1 },
  36: { minVersion: 0, maxVersion: 1 },
  3: { minVersion: 0, maxVersion: 0 },
}
const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined })

/** API key of the probes: Metadata, answered at once unless the broker is told otherwise. */
export const PROBE_API_KEY = 3
/** API key of {@link longPoll} requests: Fetch. */
export const FETCH_API_KEY = 1

// A request kafkajs sends like any other; the in-memory broker answers it with an empty body.
export const probe = (n: number, apiKey = PROBE_API_KEY) => ({
  request: { apiKey, apiVersion: 0, apiName: `Probe${n}`, encode: async () => new Encoder().writeInt32(n) },
  response: { decode: async (data: Buffer) => data, parse: async () => n },
})

/** A request with the Fetch api key, which a broker built with `answerDelayMs` parks like a long poll. */
export const longPoll = (n: number) => probe(n, FETCH_API_KEY)

/** A base socket factory whose sockets are connections to `broker`, optionally collected in `sockets`. */
export function memorySockets(broker: MemoryBroker, sockets: MemorySocket[] = []) {
  return ({ onConnect }: { onConnect: () => void }) => {
    const socket = broker.connect()
    sockets.push(socket)
    queueMicrotask(onConnect)
    return socket
  }
}

const open = new Set<{ disconnect(): Promise<unknown>; rejectRequests(error: Error): void }>()

/**
 * Disconnects every connection the harness made that a test left open: kafkajs's request-timeout interval
 * runs on real time and would keep jest from exiting. Requests still pending are failed first (kafkajs's
 * disconnect() waits for them). For `afterEach`.
 */
export async function disconnectAll(): Promise<void> {
  for (const connection of [...open]) {
    connection.rejectRequests(new Error('test finished'))
    await connection.disconnect()
  }
  open.clear()
}

/** A kafkajs Connection through `socketFactory`, connected (ApiVersions assumed) but not authenticated. */
export async function connectedConnection(socketFactory: unknown, sasl: object, clientId = 't') {
  const connection = new Connection({
    host: HOST,
    port: 9098,
    logger,
    socketFactory,
    sasl,
    clientId,
    connectionTimeout: 1000,
    requestTimeout: 10_000,
  })
  open.add(connection)
  await connection.connect()
  connection.setVersions(versions)
  connection.setSupportAuthenticationProtocol(true)
  return connection
}

/** A kafkajs Connection through `socketFactory`, connected and authenticated as kafkajs's Broker does it. */
export async function authenticatedConnection(socketFactory: unknown, sasl: object, clientId = 't') {
  const connection = await connectedConnection(socketFactory, sasl, clientId)
  await connection.authenticate()
  return connection
}

export interface SchedulerSetup {
  /** AWS_MSK_IAM through awsMskIam() (default), or OAUTHBEARER through mskIamOAuthBearer().kafkajs(). */
  mechanism?: 'AWS_MSK_IAM' | 'OAUTHBEARER'
  sessionLifetimeMs?: number
  deny?: (n: number) => string | undefined
  answerDelayMs?: MemoryBrokerOptions['answerDelayMs']
  /** Scheduler options on top of the harness's (fake clock, renewal at 90 %, hooks that record). */
  options?: Partial<ProactiveReauthenticationOptions>
  /** Changes the sasl object handed to proactiveReauthentication() (kafkajs keeps the original). */
  wrapSasl?: (sasl: RenewableSasl) => RenewableSasl
}

/** One authenticated connection through the scheduler, with everything a test looks at. */
export async function schedulerSetup(setup: SchedulerSetup = {}) {
  const clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
  const broker = new MemoryBroker({
    clock,
    identities: [identity],
    region: 'us-east-1',
    host: HOST,
    sessionLifetimeMs: setup.sessionLifetimeMs ?? 10_000,
    ...(setup.deny ? { denyAuthentication: setup.deny } : {}),
    ...(setup.answerDelayMs ? { answerDelayMs: setup.answerDelayMs } : {}),
    ...(setup.mechanism ? { mechanism: setup.mechanism } : {}),
  })
  const sasl: RenewableSasl =
    setup.mechanism === 'OAUTHBEARER'
      ? mskIamOAuthBearer({ credentials: identity, clock, region: 'us-east-1' }).kafkajs()
      : awsMskIam({ credentials: identity, clock })
  const events: ReauthenticationEvent[] = []
  const failures: ReauthenticationFailure[] = []
  const sockets: MemorySocket[] = []
  const socketFactory = proactiveReauthentication(setup.wrapSasl ? setup.wrapSasl(sasl) : sasl, {
    clock,
    random: () => 0.5, // renew at 90 %
    socketFactory: memorySockets(broker, sockets),
    onReauthenticated: (e) => events.push(e),
    onReauthenticationFailed: (f) => failures.push(f),
    ...setup.options,
  })
  const connection = await authenticatedConnection(socketFactory, sasl, 'scheduler-test')
  return { clock, broker, connection, events, failures, sockets, sasl }
}
