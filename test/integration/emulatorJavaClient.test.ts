// The Java reference client (Kafka's console tools with aws-msk-iam-auth) against the MSK IAM emulator
// over TLS: the yardstick for the emulator's protocol front (SaslAuthenticate v2, flexible ApiVersions,
// Metadata and FindCoordinator of the newest versions), for both AWS_MSK_IAM and OAUTHBEARER.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator } from '../../src/testing/types.js'
import type { EmulatorIdentity } from '../../src/testing/verifier/types.js'
import { runConsoleConsumer, runConsoleProducer, writeHostsFile } from '../helpers/javaClients.js'
import { kafkaUpstream } from '../helpers/emulatorHelpers.js'

const identity: EmulatorIdentity = {
  accessKeyId: 'AKIDJAVATEST',
  secretAccessKey: 'java-test-secret',
  principalArn: 'arn:aws:iam::111122223333:user/java-test',
}

const IAM = {
  'security.protocol': 'SASL_SSL',
  'sasl.mechanism': 'AWS_MSK_IAM',
  'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
  'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
}
const OAUTH = {
  'security.protocol': 'SASL_SSL',
  'sasl.mechanism': 'OAUTHBEARER',
  'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
  'sasl.login.callback.handler.class': 'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
  'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
}

describe('Java reference client through the MSK IAM emulator', () => {
  let emulator: MskIamEmulator
  let dir: string
  let hostsFile: string
  let caFile: string
  const log: EmulatorLogEntry[] = []
  const env = (secret = identity.secretAccessKey) => ({
    AWS_ACCESS_KEY_ID: identity.accessKeyId,
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: undefined,
  })

  beforeAll(async () => {
    emulator = await startMskIamEmulator({ upstream: kafkaUpstream(), identities: [identity], log: (e) => log.push(e) })
    dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-java-'))
    caFile = path.join(dir, 'ca.pem')
    await writeFile(caFile, TEST_CA_CERT)
    hostsFile = await writeHostsFile([emulator.brokerHost(1)], path.join(dir, 'hosts'))
  })
  afterAll(async () => {
    await emulator?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const bootstrap = (): string => `${emulator.brokerHost(1)}:${emulator.tlsPort}`

  test('AWS_MSK_IAM: the console producer writes and a console consumer group reads back', async () => {
    const topic = `emulator-java-${randomUUID()}`
    const lines = ['j1', 'j2', 'j3']
    const produced = await runConsoleProducer({
      bootstrap: bootstrap(),
      topic,
      properties: { ...IAM, acks: 'all' },
      truststorePem: caFile,
      hostsFile,
      env: env(),
      lines,
      timeoutMs: 60_000,
    })
    expect({ code: produced.code, timedOut: produced.timedOut, failedSends: produced.failedSends }).toEqual({
      code: 0,
      timedOut: false,
      failedSends: 0,
    })
    const consumed = await runConsoleConsumer({
      bootstrap: bootstrap(),
      topic,
      properties: IAM,
      truststorePem: caFile,
      hostsFile,
      env: env(),
      maxMessages: 3,
      group: `java-${randomUUID()}`,
      timeoutMs: 60_000,
    })
    expect(consumed.timedOut).toBe(false)
    expect(consumed.stdout.trim().split('\n')).toEqual(lines)
    const accepted = log.filter(
      (e) => e.event === 'authenticate' && e.outcome === 'accepted' && e.mechanism === 'AWS_MSK_IAM',
    )
    expect(accepted.length).toBeGreaterThanOrEqual(2)
    expect(accepted[0]).toMatchObject({
      principal: identity.principalArn,
      sessionLifetimeMs: expect.any(Number) as unknown,
    })
  })

  test('OAUTHBEARER: the console producer authenticates with an IAM token', async () => {
    const produced = await runConsoleProducer({
      bootstrap: bootstrap(),
      topic: `emulator-java-oauth-${randomUUID()}`,
      properties: { ...OAUTH, acks: 'all', 'max.block.ms': '10000' },
      truststorePem: caFile,
      hostsFile,
      env: env(),
      lines: ['o1'],
      timeoutMs: 60_000,
    })
    expect({ code: produced.code, timedOut: produced.timedOut, failedSends: produced.failedSends }).toEqual({
      code: 0,
      timedOut: false,
      failedSends: 0,
    })
    expect(
      log.some((e) => e.event === 'authenticate' && e.outcome === 'accepted' && e.mechanism === 'OAUTHBEARER'),
    ).toBe(true)
  })

  test('AWS_MSK_IAM: with 3 s sessions the Java consumer re-authenticates (KIP-368) and keeps reading', async () => {
    const short = await startMskIamEmulator({
      upstream: kafkaUpstream(),
      identities: [identity],
      maxSessionMs: 3_000,
      log: (e) => log.push(e),
    })
    try {
      const shortBootstrap = `${short.brokerHost(1)}:${short.tlsPort}`
      const topic = `emulator-java-reauth-${randomUUID()}`
      const lines = ['r1', 'r2', 'r3']
      const produced = await runConsoleProducer({
        bootstrap: shortBootstrap,
        topic,
        properties: { ...IAM, acks: 'all' },
        truststorePem: caFile,
        hostsFile,
        env: env(),
        lines,
        timeoutMs: 60_000,
      })
      expect(produced.failedSends).toBe(0)
      // Ask for more messages than exist: the consumer keeps fetching for 9 s, three session lifetimes.
      const consumed = await runConsoleConsumer({
        bootstrap: shortBootstrap,
        topic,
        properties: IAM,
        truststorePem: caFile,
        hostsFile,
        env: env(),
        maxMessages: 100,
        group: `java-${randomUUID()}`,
        timeoutMs: 60_000,
        extraArgs: ['--timeout-ms', '9000'],
      })
      expect(consumed.timedOut).toBe(false)
      expect(consumed.stdout.trim().split('\n')).toEqual(lines)
      expect(short.stats().reauthentications).toBeGreaterThanOrEqual(2)
      expect(
        log.some((e) => e.event === 'reauthenticate' && e.outcome === 'accepted' && e.mechanism === 'AWS_MSK_IAM'),
      ).toBe(true)
      expect(short.stats().closesByReason['session-expired'] ?? 0).toBe(0)
      expect(short.stats().authenticationsDenied).toEqual({})
    } finally {
      await short.close()
    }
  })

  test('a wrong secret is refused with Access denied', async () => {
    const before = emulator.stats().authenticationsDenied['Access denied'] ?? 0
    const produced = await runConsoleProducer({
      bootstrap: bootstrap(),
      topic: `emulator-java-denied-${randomUUID()}`,
      properties: { ...IAM, 'max.block.ms': '5000', 'reconnect.backoff.ms': '1000' },
      truststorePem: caFile,
      hostsFile,
      env: env('wrong-secret'),
      lines: ['x'],
      timeoutMs: 60_000,
    })
    expect(produced.stderr).toMatch(/\[[0-9a-f-]{36}\]: Access denied/)
    expect((emulator.stats().authenticationsDenied['Access denied'] ?? 0) - before).toBeGreaterThanOrEqual(1)
  })
})
