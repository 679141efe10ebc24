// proactiveReauthentication() with kafkajs 2.2.4, through the MSK IAM emulator (TLS, short sessions), in
// front of the real test broker.
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, Partitioners } from 'kafkajs'
import { awsMskIam } from '../../src/awsMskIam.js'
import { proactiveReauthentication } from '../../src/reauth/proactiveReauthentication.js'
import type { ReauthenticationEvent, ReauthenticationFailure } from '../../src/reauth/types.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator } from '../../src/testing/types.js'
import { captureForScan, TEST_SECRETS } from '../helpers/secretScan.js'
import { kafkaUpstream, mskSocketFactory } from '../helpers/emulatorHelpers.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

const identity = {
  accessKeyId: 'AKIAPROACTIVE0000001',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  principalArn: 'arn:aws:iam::123456789012:user/proactive',
}
const credentials = { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey }

let emulator: MskIamEmulator
const log: EmulatorLogEntry[] = []
const cleanups: Array<() => Promise<unknown>> = []

beforeAll(async () => {
  emulator = await startMskIamEmulator({
    upstream: kafkaUpstream(),
    identities: [identity],
    listeners: { plaintext: false },
    log: (entry) => {
      log.push(entry)
      captureForScan(entry)
    },
  })
})
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
afterAll(async () => {
  await emulator?.close()
})

/** Resolves once `predicate` holds, checked on every scheduler event; rejects after `timeoutMs`. */
function until(predicate: () => boolean, what: string, timeoutMs: number): { check: () => void; done: Promise<void> } {
  let resolve!: () => void
  let reject!: (error: Error) => void
  const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
  const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)
  const check = () => {
    if (predicate()) {
      clearTimeout(timer)
      resolve()
    }
  }
  return { check, done }
}

describe('proactiveReauthentication through the emulator', () => {
  it('renews behind an idle consumer’s long-poll Fetch that outlasts the 10 s answer timeout', async () => {
    // 5 s sessions renew at 85 % (4.25 s); an idle Fetch on the consumer's fetch connection is parked for
    // 15 s from just after that connection authenticated, so its renewal waits ~11 s behind it.
    emulator.setOptions({ maxSessionMs: 5_000 })
    cleanups.push(async () => emulator.setOptions({ maxSessionMs: 15 * 60_000 }))
    const events: ReauthenticationEvent[] = []
    const failures: ReauthenticationFailure[] = []
    const waitedLong = (e: ReauthenticationEvent) => e.kind === 'scheduled' && e.durationMs > 10_000
    const longRenewal = until(() => events.some(waitedLong) || failures.length > 0, 'a long renewal', 45_000)
    const sasl = awsMskIam({ credentials })
    const kafka = new Kafka({
      clientId: 'proactive-long-poll',
      brokers: [`${emulator.brokerHost(1)}:${emulator.tlsPort}`],
      ssl: { ca: [TEST_CA_CERT] },
      sasl,
      socketFactory: proactiveReauthentication(sasl, {
        socketFactory: mskSocketFactory(),
        random: () => 0,
        onReauthenticated: (event) => (events.push(event), longRenewal.check()),
        onReauthenticationFailed: (failure) => (
          failures.push(failure),
          captureForScan(failure.error),
          longRenewal.check()
        ),
      }),
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100 },
    })
    const topic = `proactive-long-poll-${randomUUID()}`
    const admin = kafka.admin()
    await admin.connect()
    cleanups.push(() => admin.disconnect())
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    const consumer = kafka.consumer({ groupId: `proactive-long-poll-${randomUUID()}`, maxWaitTimeInMs: 15_000 })
    await consumer.connect()
    cleanups.push(() => consumer.disconnect())
    const received: string[] = []
    let gotMessage!: () => void
    const message = new Promise<void>((resolve) => (gotMessage = resolve))
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ message: m }) => {
        received.push(m.value?.toString() ?? '')
        gotMessage()
      },
    })

    await longRenewal.done
    expect(failures.map((f) => f.error.message)).toEqual([])
    // The connection that waited is alive: a message produced now reaches the consumer.
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    cleanups.push(() => producer.disconnect())
    await producer.send({ topic, messages: [{ value: 'after the long renewal' }] })
    await message
    expect(received).toEqual(['after the long renewal'])
    expect(failures).toEqual([])
    expect(emulator.stats().closesByReason['session-expired'] ?? 0).toBe(0)
  }, 90_000)
})
