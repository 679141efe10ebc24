// Where a mechanism instance logs: the logger option, else each kafkajs authentication's logger for its own
// lines and the first one for background credential events; warnings to stderr before any kafkajs logger.
import type { AwsCredentialIdentity } from '@smithy/types'
import { awsMskIam } from '../../src/awsMskIam.js'
import { MechanismLogger } from '../../src/MechanismLogger.js'
import { mskIamOAuthBearer } from '../../src/oauth/mskIamOAuthBearer.js'
import { warningsLogger } from '../../src/warningsLogger.js'
import { FakeClock } from '../helpers/FakeClock.js'
import { fakeBroker, okAnswer, RecordingLogger } from '../helpers/fakeSaslAuthenticate.js'
import { TEST_SECRETS } from '../helpers/secretScan.js'

const HOST = 'b-2.orders.abc123.c3.kafka.eu-west-1.amazonaws.com'
const MIN = 60_000
const creds = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
}

/** 30-minute credentials once, then a source that times out: refreshes from minute 10 on fail, with warnings. */
function failingAfterFirst(clock: FakeClock) {
  let calls = 0
  return async (): Promise<AwsCredentialIdentity> => {
    if (calls++ === 0) return { ...creds, expiration: new Date(clock.now() + 30 * MIN) }
    throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })
  }
}

const warnings = (logger: RecordingLogger) => logger.lines.filter((l) => l.level === 'warn')

async function authenticate(sasl: ReturnType<typeof awsMskIam>, logger: RecordingLogger): Promise<void> {
  const broker = fakeBroker(() => okAnswer())
  await sasl
    .authenticationProvider({ host: HOST, port: 9098, logger, saslAuthenticate: broker.saslAuthenticate })
    .authenticate()
}

describe('awsMskIam() logging', () => {
  it('reports background credential events on the first kafkajs logger, not on the latest', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 4, 5))
    const sasl = awsMskIam({ credentials: failingAfterFirst(clock), clock, maxRetries: 0 })
    const first = new RecordingLogger()
    const later = new RecordingLogger()
    await authenticate(sasl, first)
    await clock.advance(MIN)
    await authenticate(sasl, later)
    await clock.advance(11 * MIN)
    await sasl.saslClient.token(HOST) // a renewal's signing: no kafkajs logger involved; falls back to the cache
    expect(warnings(first).length).toBeGreaterThan(0)
    expect(warnings(later)).toEqual([])
    expect(later.lines.map((l) => l.message)).toEqual(['AWS_MSK_IAM authentication succeeded'])
  })

  it('sends everything to the logger option when given', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 4, 5))
    const configured = new RecordingLogger()
    const sasl = awsMskIam({ credentials: failingAfterFirst(clock), clock, maxRetries: 0, logger: configured })
    const kafkajsLogger = new RecordingLogger()
    await authenticate(sasl, kafkajsLogger)
    await clock.advance(12 * MIN)
    await sasl.saslClient.token(HOST)
    expect(kafkajsLogger.lines).toEqual([])
    expect(configured.lines.map((l) => l.message)).toContain('AWS_MSK_IAM authentication succeeded')
    expect(warnings(configured).length).toBeGreaterThan(0)
  })

  it('refuses a logger without the four levels', () => {
    expect(() => awsMskIam({ logger: { warn: () => undefined } as never })).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTIONS',
        message: expect.stringMatching(/logger/) as unknown,
      }) as Error,
    )
  })
})

describe('mskIamOAuthBearer() logging', () => {
  it('shows refresh warnings to token() users through the logger option', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 4, 5))
    const configured = new RecordingLogger()
    const msk = mskIamOAuthBearer({
      credentials: failingAfterFirst(clock),
      clock,
      maxRetries: 0,
      region: 'eu-west-1',
      logger: configured,
    })
    await msk.token()
    await clock.advance(12 * MIN)
    await msk.token()
    expect(warnings(configured).length).toBeGreaterThan(0)
  })
})

describe('MechanismLogger', () => {
  it('uses the fallback until a kafkajs authentication brings a logger, then keeps that first one', () => {
    const fallback = new RecordingLogger()
    const log = new MechanismLogger(undefined, fallback)
    log.credentialEvents('warn', 'before', {})
    const first = new RecordingLogger()
    const second = new RecordingLogger()
    expect(log.forAuthentication(first)).toBe(first)
    expect(log.forAuthentication(second)).toBe(second)
    log.credentialEvents('warn', 'after', {})
    expect(fallback.lines.map((l) => l.message)).toEqual(['before'])
    expect(first.lines.map((l) => l.message)).toEqual(['after'])
    expect(second.lines).toEqual([])
  })
})

describe('warningsLogger', () => {
  it('writes warnings and errors as single lines, drops debug and info', () => {
    const lines: string[] = []
    const logger = warningsLogger((line) => lines.push(line))
    logger.debug('d', { a: 1 })
    logger.info('i')
    logger.warn('Credential refresh failed', { accessKeyId: 'AKIAEXAMPLE' })
    logger.error('e')
    expect(lines).toEqual([
      'kafkajs-msk-iam WARN Credential refresh failed {"accessKeyId":"AKIAEXAMPLE"}\n',
      'kafkajs-msk-iam ERROR e\n',
    ])
  })
})
