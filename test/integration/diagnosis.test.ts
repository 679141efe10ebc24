// The classic mistakes, made through real sockets against the MSK IAM emulator's TLS and plaintext
// listeners and Kafka's own plaintext port, and what explainError() and the mechanism say about them
// (issue 12, "Transport mistakes must be explained by the library itself"); and a retriable refusal on
// kafkajs's connectBroker path, which kafkajs hands back only as a copy of the typed error (issue 10, item 2).
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs'
import { awsMskIam } from '../../src/awsMskIam.js'
import { explainError } from '../../src/explainError.js'
import { isMskIamError, type MskIamError } from '../../src/errors.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator } from '../../src/testing/types.js'
import { errorChain } from '../../src/errorChain.js'
import { caught, TEST_SECRETS } from '../helpers/secretScan.js'
import { kafkaUpstream, mskSocketFactory } from '../helpers/emulatorHelpers.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

const identity = {
  accessKeyId: 'AKIADIAGNOSIS0000001',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  principalArn: 'arn:aws:iam::111122223333:user/diagnosis',
}
const credentials = { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey }

let emulator: MskIamEmulator
const log: EmulatorLogEntry[] = []
beforeAll(async () => {
  emulator = await startMskIamEmulator({ upstream: kafkaUpstream(), identities: [identity], log: (e) => log.push(e) })
})
afterAll(async () => {
  await emulator?.close()
})

/** A config as an application writes it; quick retries so that each mistake surfaces in well under a second. */
function config(brokers: string[], extra: Partial<KafkaConfig> = {}): KafkaConfig {
  return {
    clientId: 'diagnosis',
    brokers,
    sasl: awsMskIam({ credentials }),
    socketFactory: mskSocketFactory(),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
    ...extra,
  }
}

/** What producer.connect() rejects with. */
async function connectError(kafkaConfig: KafkaConfig): Promise<unknown> {
  const producer = new Kafka(kafkaConfig).producer()
  try {
    return await producer.connect().then(() => undefined, caught)
  } finally {
    await producer.disconnect().catch(() => undefined)
  }
}

function expectCode(explained: unknown, code: MskIamError['code']): MskIamError {
  expect(isMskIamError(explained) && explained.code).toBe(code)
  return explained as MskIamError
}

const tlsBroker = () => `${emulator.brokerHost(1)}:${emulator.tlsPort}`
const ssl = () => ({ ca: [TEST_CA_CERT] })

describe('no ssl against a TLS listener', () => {
  it('explainError(error, config) says TLS_REQUIRED and how to turn TLS on', async () => {
    const kafkaConfig = config([tlsBroker()])
    const error = await connectError(kafkaConfig)
    expect(error).toMatchObject({ name: 'KafkaJSNumberOfRetriesExceeded', message: 'Closed connection' })
    const explained = expectCode(explainError(error, kafkaConfig), 'TLS_REQUIRED')
    expect(explained).toMatchObject({ retriable: false, broker: tlsBroker() })
    expect(explained.message).toMatch(/without TLS/)
    expect(explained.message).toMatch(/ssl: true/)
    // Without the config nothing says the client spoke plaintext, and the port is not an MSK IAM port.
    expect(explainError(error)).toBe(error)
  })
})

describe('ssl against a plaintext listener', () => {
  it.each([
    ["the emulator's plaintext listener", () => `${emulator.brokerHost(1)}:${emulator.plaintextPort}`],
    ["Kafka's own plaintext port", () => `${emulator.brokerHost(1)}:${kafkaUpstream().port}`],
  ])('%s: TLS_NOT_OFFERED, with or without the config', async (_name, broker) => {
    const kafkaConfig = config([broker()], { ssl: ssl() })
    const error = await connectError(kafkaConfig)
    expect(String(error)).toMatch(/disconnected before secure TLS connection was established/)
    for (const explained of [explainError(error, kafkaConfig), explainError(error)]) {
      expect(expectCode(explained, 'TLS_NOT_OFFERED')).toMatchObject({ retriable: false, broker: broker() })
      expect((explained as MskIamError).message).toMatch(/does not speak TLS on this port/)
    }
  })
})

describe("no TLS against Kafka's own plaintext port (not 9092)", () => {
  it('names a listener without SASL, not lazy re-authentication', async () => {
    const kafkaConfig = config([`${emulator.brokerHost(1)}:${kafkaUpstream().port}`])
    const error = await connectError(kafkaConfig)
    expect(error).toMatchObject({ type: 'ILLEGAL_SASL_STATE' })
    const explained = expectCode(explainError(error, kafkaConfig), 'MECHANISM_NOT_ENABLED')
    expect(explained.retriable).toBe(false)
    expect(explained.message).toMatch(/does no SASL authentication at all, and this client connects without TLS/)
    expect(explained.message).not.toMatch(/proactiveReauthentication/)
    // Without the config both readings stay open, and the message gives both fixes.
    expect((explainError(error) as Error).message).toMatch(/If it happened at connect\(\), the listener does no SASL/)
  })
})

describe('signing for an IP address', () => {
  it.each([
    ['plaintext listener', () => emulator.plaintextPort!, {}],
    [
      'TLS listener (certificate checked for the broker name)',
      () => emulator.tlsPort!,
      { ssl: { ...ssl(), servername: 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com' } },
    ],
  ])('%s: ACCESS_DENIED leads with the IP literal it signed for', async (_name, port, extra) => {
    const kafkaConfig = config([`127.0.0.1:${port()}`], extra)
    // The region cannot come from an address: an application signing for one has set it.
    const sasl = awsMskIam({ credentials, region: 'us-east-1' })
    const error = await connectError({ ...kafkaConfig, sasl, socketFactory: undefined })
    const denied = expectCode(error, 'ACCESS_DENIED')
    expect(denied.message).toMatch(/signed for the IP address 127\.0\.0\.1/)
    expect(denied.message).toMatch(/brokers' names/)
    expect(log.some((e) => e.requestId === denied.requestId && /127\.0\.0\.1/.test(e.detail ?? ''))).toBe(true)
  })

  it('a wrong secret is among the causes of a denial for a broker name', async () => {
    const wrong = { ...credentials, secretAccessKey: TEST_SECRETS.otherSecretAccessKey }
    const error = await connectError({
      ...config([tlsBroker()], { ssl: ssl() }),
      sasl: awsMskIam({ credentials: wrong }),
    })
    const denied = expectCode(error, 'ACCESS_DENIED')
    expect(denied.message).toMatch(/secret access key does not belong to that access key id/)
    expect(denied.message).not.toMatch(/IP address/)
  })
})

describe('Too many connects on the connectBroker path (bootstrap through an alias)', () => {
  it('producer.send() fails with a kafkajs copy of TOO_MANY_CONNECTS, and explainError rebuilds it', async () => {
    // Bootstrap through a name the emulator does not advertise (the certificate covers it), as every
    // real multi-broker cluster does: the advertised broker is then a new connection from send().
    const alias = 'bootstrap.local.abc123.c1.kafka.us-east-1.amazonaws.com'
    const kafkaConfig = config([`${alias}:${emulator.tlsPort}`], { ssl: ssl() })
    const kafka = new Kafka(kafkaConfig)
    const admin = kafka.admin()
    const producer = kafka.producer()
    const topic = `diagnosis-${Date.now()}`
    try {
      await admin.connect()
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
      await producer.connect()
      emulator.faults.set({ tooManyConnectsBurst: 50 })
      const error = await producer.send({ topic, messages: [{ value: 'x' }] }).then(() => undefined, caught)
      emulator.faults.clear()
      // Nothing in kafkajs's chain is the typed error any more: only connectBroker's KafkaJSProtocolError copy.
      const links = errorChain(error)
      expect(links.some(isMskIamError)).toBe(false)
      expect(links).toContainEqual(
        expect.objectContaining({
          name: 'KafkaJSProtocolError',
          code: 'TOO_MANY_CONNECTS',
          type: 'ILLEGAL_SASL_STATE',
        }),
      )
      const explained = expectCode(explainError(error), 'TOO_MANY_CONNECTS')
      expect(explained).toMatchObject({ retriable: true, broker: `${emulator.brokerHost(1)}:${emulator.tlsPort}` })
      expect(log.some((e) => e.reason === 'Too many connects' && e.requestId === explained.requestId)).toBe(true)
    } finally {
      emulator.faults.clear()
      await producer.disconnect().catch(() => undefined)
      await admin.disconnect().catch(() => undefined)
    }
  })
})
