// explainError() behind kafkajs's own wrappers, with kafkajs 2.2.4's real classes on their real paths:
// BrokerPool.connectBroker rewraps a retriable error as `new KafkaJSProtocolError(e, { retriable: true })`
// (message, type and code copied, no cause), its retrier then wraps that in KafkaJSNumberOfRetriesExceeded,
// and a caller's retrier (producer.send) in KafkaJSNonRetriableError. The errors thrown are made by the
// mechanism itself, from a fake broker that answers with kafkajs's real SaslAuthenticate decoder.
import fc from 'fast-check'
import BrokerPool from 'kafkajs/src/cluster/brokerPool'
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs/src/errors'
import { createLogger, LEVELS } from 'kafkajs/src/loggers'
import createRetry from 'kafkajs/src/retry'
import { awsMskIam } from '../../src/awsMskIam.js'
import { mapAuthenticationError } from '../../src/brokerErrors.js'
import { explainError } from '../../src/explainError.js'
import { isMskIamError, MskIamError } from '../../src/errors.js'
import { fakeBroker, RecordingLogger, type BrokerAnswer } from '../helpers/fakeSaslAuthenticate.js'
import { propertyRuns } from '../helpers/propertySeed.js'
import { caught, TEST_SECRETS } from '../helpers/secretScan.js'

const HOST = 'b-1.orders.abc123.c1.kafka.us-east-1.amazonaws.com'
const PORT = 9098
const credentials = {
  accessKeyId: 'AKIAREWRAPEXAMPLE001',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
}
const quietLogger = () => createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined })
const retry = { retries: 1, initialRetryTime: 1, maxRetryTime: 2 }

/** What one AWS_MSK_IAM authentication through awsMskIam() throws when the broker answers `answer`. */
async function thrownBy(
  answer: BrokerAnswer | (() => never),
  options: Parameters<typeof awsMskIam>[0] = { credentials },
): Promise<MskIamError> {
  const broker = fakeBroker(() => (typeof answer === 'function' ? answer() : answer))
  const error = await awsMskIam(options)
    .authenticationProvider({
      host: HOST,
      port: PORT,
      logger: new RecordingLogger(),
      saslAuthenticate: broker.saslAuthenticate,
    })
    .authenticate()
    .then(() => undefined, caught)
  if (!isMskIamError(error)) throw new Error(`expected an MskIamError, got ${String(error)}`)
  return error
}

/** kafkajs's BrokerPool.connectBroker for a broker whose connect() keeps failing with `error`; what it rejects with. */
async function throughConnectBroker(error: unknown): Promise<unknown> {
  const connectionPool = { host: HOST, port: PORT, rack: undefined }
  const broker = {
    connectionPool,
    isConnected: () => false,
    connect: async () => {
      throw error
    },
    disconnect: async () => undefined,
  }
  const pool = new BrokerPool({
    connectionPoolBuilder: { build: async () => connectionPool },
    logger: quietLogger(),
    retry,
  })
  return pool.connectBroker(broker).then(() => undefined, caught)
}

/** A caller's retrier around connectBroker, as producer.send() has. */
async function throughSend(error: unknown): Promise<unknown> {
  return createRetry(retry)(() => throughConnectBroker(error).then((e: unknown) => Promise.reject(e))).then(
    () => undefined,
    caught,
  )
}

const retriable: Array<[string, () => Promise<MskIamError>]> = [
  ['TOO_MANY_CONNECTS', () => thrownBy({ errorCode: 58, errorMessage: '[r-too-many]: Too many connects' })],
  ['SESSION_TOO_SHORT', () => thrownBy({ errorCode: 58, errorMessage: '[r-short]: Session too short' })],
  [
    'PRINCIPAL_CHANGED',
    () =>
      thrownBy({
        errorCode: 58,
        errorMessage:
          'Cannot change principals during re-authentication from IAM.arn:aws:iam::1:a: IAM.arn:aws:iam::1:b',
      }),
  ],
  [
    'CONNECTION_LOST',
    () =>
      thrownBy(() => {
        throw new KafkaJSConnectionError('Connection closed by the server', { broker: `${HOST}:${PORT}` })
      }),
  ],
  ['INVALID_BROKER_RESPONSE', () => thrownBy({ authBytes: Buffer.from('{"version":"1999"}') })],
  [
    'CREDENTIALS_UNAVAILABLE',
    () =>
      thrownBy(() => undefined as never, {
        maxRetries: 0,
        credentials: async () => {
          throw Object.assign(new Error('connect ECONNRESET 169.254.169.254:80'), { code: 'ECONNRESET' })
        },
      }),
  ],
]

describe("explainError behind kafkajs's connectBroker rewrap (issue 10, item 2)", () => {
  it.each(retriable)('%s: the typed error is rebuilt from what kafkajs keeps', async (code, make) => {
    const thrown = await make()
    expect(thrown).toMatchObject({ code, retriable: true, type: 'ILLEGAL_SASL_STATE' })
    for (const rejection of [await throughConnectBroker(thrown), await throughSend(thrown)]) {
      expect(rejection).not.toBe(thrown)
      expect(isMskIamError(rejection)).toBe(false)
      const explained = explainError(rejection)
      expect(isMskIamError(explained)).toBe(true)
      expect(explained).toMatchObject({
        code,
        retriable: true,
        message: thrown.message,
        broker: `${HOST}:${PORT}`,
        requestId: thrown.requestId,
      })
    }
  })

  it('keeps the request-id, so that the broker log line can be found', async () => {
    const thrown = await thrownBy({ errorCode: 58, errorMessage: '[4f1d-77]: Too many connects' })
    expect(explainError(await throughSend(thrown))).toMatchObject({ requestId: '4f1d-77' })
  })

  it("leaves kafkajs's own protocol errors, whose codes are numbers, to the other rules", async () => {
    const other = await throughConnectBroker(
      Object.assign(new Error('The coordinator is loading'), { type: 'COORDINATOR_LOAD_IN_PROGRESS', code: 14 }),
    )
    expect(isMskIamError(explainError(other))).toBe(false)
  })
})

describe('what survives the copy is enough to rebuild the typed error (property)', () => {
  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/)
  const host = fc.array(label, { minLength: 1, maxLength: 6 }).map((labels) => labels.join('.'))
  const requestId = fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/)
  const reason = fc.constantFrom(
    'Too many connects',
    'Session too short',
    'Cannot change principals during re-authentication from IAM.a: IAM.b',
  )

  it('code, message, broker and request-id come back from a KafkaJSProtocolError copy', () => {
    fc.assert(
      fc.property(host, fc.integer({ min: 1, max: 65535 }), requestId, reason, (h, port, id, text) => {
        const broker = `${h}:${port}`
        const thrown = mapAuthenticationError(
          new KafkaJSProtocolError({ message: `[${id}]: ${text}`, type: 'SASL_AUTHENTICATION_FAILED', code: 58 }),
          { broker, port, region: 'us-east-1', accessKeyId: 'AKIAEXAMPLE', now: 0 },
        )
        const explained = explainError(new KafkaJSProtocolError(thrown, { retriable: true }))
        expect(explained).toMatchObject({ code: thrown.code, message: thrown.message, broker })
        if (!text.startsWith('Cannot change')) expect(explained).toMatchObject({ requestId: id })
      }),
      propertyRuns(500),
    )
  })
})

describe('explainError returns the error that was thrown, broker name included', () => {
  it('a credential failure copied with the broker name is found behind kafkajs wrappers as that copy', async () => {
    const thrown = await thrownBy(() => undefined as never, {
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        })
      },
    })
    expect(thrown).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', retriable: false, broker: `${HOST}:${PORT}` })
    // kafkajs/src/retry/index.js: reject(new KafkaJSNonRetriableError(e, { cause: e.cause || e }))
    const wrapped = new KafkaJSNonRetriableError(thrown, { cause: thrown.cause || thrown })
    expect(explainError(wrapped)).toBe(thrown)
  })
})
