// mskIamOAuthBearer().kafkajs() under kafkajs 2.2.4's real Connection and SASL authenticator: refusals come
// out typed and retriable as with awsMskIam(), and proactiveReauthentication() renews OAUTHBEARER sessions.
import type { AwsCredentialIdentity } from '@smithy/types'
import kafkajsRequest from 'kafkajs/src/protocol/sasl/oauthBearer/request'
import { MAX_SERVER_RESPONSE_BYTES } from '../../../src/constants.js'
import { MskIamError } from '../../../src/errors.js'
import { mskIamOAuthBearer } from '../../../src/oauth/mskIamOAuthBearer.js'
import { encodeOAuthBearerMessage } from '../../../src/oauth/oauthBearerMessage.js'
import { proactiveReauthentication } from '../../../src/reauth/proactiveReauthentication.js'
import { FakeClock, flushMicrotasks } from '../../helpers/FakeClock.js'
import { fakeBroker, RecordingLogger } from '../../helpers/fakeSaslAuthenticate.js'
import { MemoryBroker, type MemorySocket } from '../../helpers/MemoryBroker.js'
import {
  connectedConnection,
  disconnectAll,
  HOST,
  identity,
  memorySockets,
  probe,
  schedulerSetup,
} from '../../helpers/schedulerHarness.js'
import { caught } from '../../helpers/secretScan.js'

afterEach(disconnectAll)

const REGION = 'us-east-1'

function oauthBroker(clock: FakeClock, deny?: (n: number) => string | undefined) {
  return new MemoryBroker({
    clock,
    identities: [identity],
    region: REGION,
    host: HOST,
    sessionLifetimeMs: 10_000,
    mechanism: 'OAUTHBEARER',
    ...(deny ? { denyAuthentication: deny } : {}),
  })
}

/** One kafkajs authentication of `sasl` against `broker`; resolves to what it threw, or undefined. */
async function kafkajsAuthentication(broker: MemoryBroker, sasl: object): Promise<unknown> {
  const connection = await connectedConnection(memorySockets(broker), sasl)
  return connection.authenticate().then(() => undefined, caught)
}

describe('mskIamOAuthBearer().kafkajs() as kafkajs authenticates with it', () => {
  it('sends the RFC 7628 client message with a token the broker verifies', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
    const broker = oauthBroker(clock)
    const msk = mskIamOAuthBearer({ credentials: identity, clock, region: REGION })
    expect(await kafkajsAuthentication(broker, msk.kafkajs())).toBeUndefined()
    expect(broker.handshakes).toEqual(['OAUTHBEARER'])
    expect(broker.authentications).toBe(1)
  })

  it('encodes the client message byte for byte as kafkajs’s own OAUTHBEARER authenticator does', async () => {
    const value = 'aHR0cHM6Ly9rYWZrYS51cy1lYXN0LTEuYW1hem9uYXdzLmNvbS8_QWN0aW9uPWthZmthLWNsdXN0ZXIlM0FDb25uZWN0'
    const theirs: Buffer = await (await kafkajsRequest({}, { value })).encode()
    expect(encodeOAuthBearerMessage(value)).toEqual(theirs.subarray(4)) // kafkajs adds the int32 length
  })

  it('turns "Too many connects" into a retriable TOO_MANY_CONNECTS (kafkajs retries the connection)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
    const broker = oauthBroker(clock, (n) => (n === 1 ? 'Too many connects' : undefined))
    const sasl = mskIamOAuthBearer({ credentials: identity, clock, region: REGION }).kafkajs()
    const error = await kafkajsAuthentication(broker, sasl)
    expect(error).toMatchObject({
      name: 'MskIamError',
      code: 'TOO_MANY_CONNECTS',
      retriable: true,
      type: 'ILLEGAL_SASL_STATE',
      requestId: 'rid-1',
      broker: `${HOST}:9098`,
      region: REGION,
      accessKeyId: identity.accessKeyId,
    })
    expect(await kafkajsAuthentication(broker, sasl)).toBeUndefined()
  })

  it('keeps "Access denied" fatal, with the text that names the fix', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
    const broker = oauthBroker(clock, () => 'Access denied')
    const sasl = mskIamOAuthBearer({ credentials: identity, clock, region: REGION }).kafkajs()
    const error = await kafkajsAuthentication(broker, sasl)
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', retriable: false })
    expect((error as Error).message).toContain('kafka-cluster:Connect')
  })

  it('after "Session too short", signs the next token with freshly loaded credentials', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
    const broker = oauthBroker(clock, (n) => (n === 1 ? 'Session too short' : undefined))
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => ({
      ...identity,
      expiration: new Date(clock.now() + 3_600_000),
    }))
    const msk = mskIamOAuthBearer({ credentials: provider, clock, region: REGION })
    const first = (await msk.token()).value
    expect(await kafkajsAuthentication(broker, msk.kafkajs())).toMatchObject({ code: 'SESSION_TOO_SHORT' })
    await clock.advance(1_000) // a cached token would be reused for 4 minutes; a new one has a new X-Amz-Date
    expect(await kafkajsAuthentication(broker, msk.kafkajs())).toBeUndefined()
    expect(provider).toHaveBeenCalledTimes(2)
    expect((await msk.token()).value).not.toBe(first)
  })

  it('logs the authentication like awsMskIam() does, and reads an RFC 7628 error challenge as a refusal', async () => {
    const msk = mskIamOAuthBearer({ credentials: identity, region: REGION })
    const logger = new RecordingLogger()
    const accepting = fakeBroker(() => ({ authBytes: Buffer.alloc(0) }))
    const provider = msk.kafkajs().authenticationProvider
    await provider({ host: HOST, port: 9098, logger, saslAuthenticate: accepting.saslAuthenticate }).authenticate()
    expect(logger.lines.filter((l) => /authentication/.test(l.message))).toEqual([
      expect.objectContaining({
        level: 'debug',
        message: 'OAUTHBEARER authentication succeeded',
        extra: expect.objectContaining({
          broker: `${HOST}:9098`,
          region: REGION,
          accessKeyId: identity.accessKeyId,
        }) as unknown,
      }),
    ])
    expect(accepting.tokens[0]!.toString()).toMatch(/^n,,\x01auth=Bearer [A-Za-z0-9_-]+\x01\x01$/)

    const challenging = fakeBroker(() => ({ authBytes: Buffer.from('{"status":"invalid_token"}') }))
    const error = await provider({ host: HOST, port: 9098, logger, saslAuthenticate: challenging.saslAuthenticate })
      .authenticate()
      .catch(caught)
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', retriable: false, broker: `${HOST}:9098` })
    expect((error as Error).message).toContain('{"status":"invalid_token"}')
  })
})

// mapAuthenticationError and the SASL framing were written for AWS_MSK_IAM; an OAUTHBEARER user reading
// "AWS_MSK_IAM authentication" would look for a misconfigured mechanism that is not there.
describe('OAUTHBEARER refusals name OAUTHBEARER', () => {
  const clock = () => new FakeClock(Date.UTC(2026, 5, 1, 12))
  const expectOAuthBearerText = (error: unknown): void => {
    expect(error).toBeInstanceOf(MskIamError)
    expect((error as Error).message).not.toMatch(/AWS_MSK_IAM/)
  }

  it.each([
    'Access denied',
    'Too many connects',
    'Session too short',
    'Invalid authentication payload',
    'Something new',
  ])('"%s" through kafkajs’s Connection', async (reason) => {
    const c = clock()
    const broker = oauthBroker(c, () => reason)
    const error = await kafkajsAuthentication(
      broker,
      mskIamOAuthBearer({ credentials: identity, clock: c, region: REGION }).kafkajs(),
    )
    expect(error).toMatchObject({ requestId: 'rid-1', broker: `${HOST}:9098` }) // the broker's own refusal
    expectOAuthBearerText(error)
  })

  it('a refusal with no special meaning says OAUTHBEARER was refused', async () => {
    const c = clock()
    const broker = oauthBroker(c, () => 'Something new')
    const error = await kafkajsAuthentication(
      broker,
      mskIamOAuthBearer({ credentials: identity, clock: c, region: REGION }).kafkajs(),
    )
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', requestId: 'rid-1' })
    expect((error as Error).message).toBe(
      `Broker ${HOST}:9098 rejected OAUTHBEARER authentication: Something new (request-id rid-1).`,
    )
  })

  it('a connection lost during SaslAuthenticate', async () => {
    const c = clock()
    // The SaslAuthenticate answer is parked on a clock that never moves: the connection ends first.
    const broker = new MemoryBroker({
      clock: c,
      identities: [identity],
      region: REGION,
      host: HOST,
      sessionLifetimeMs: 10_000,
      mechanism: 'OAUTHBEARER',
      answerDelayMs: (apiKey) => (apiKey === 36 ? 60_000 : 0),
    })
    const sockets: MemorySocket[] = []
    const connection = await connectedConnection(
      memorySockets(broker, sockets),
      mskIamOAuthBearer({ credentials: identity, clock: c, region: REGION }).kafkajs(),
    )
    const failed = connection.authenticate().then(() => undefined, caught)
    for (let i = 0; i < 50 && !broker.received.some((r) => r.apiKey === 36); i++) await flushMicrotasks()
    expect(broker.received.map((r) => r.apiKey)).toContain(36)
    sockets[0]!.emit('end')
    const error = await failed
    expect(error).toMatchObject({ code: 'CONNECTION_LOST' })
    expect((error as Error).message).toMatch(/lost during OAUTHBEARER authentication/)
    expectOAuthBearerText(error)
  })

  it('an answer longer than any MSK answer', async () => {
    const provider = mskIamOAuthBearer({ credentials: identity, region: REGION }).kafkajs().authenticationProvider
    const huge = fakeBroker(() => ({ authBytes: Buffer.alloc(MAX_SERVER_RESPONSE_BYTES + 1, 0x61) }))
    const error = await provider({
      host: HOST,
      port: 9098,
      logger: new RecordingLogger(),
      saslAuthenticate: huge.saslAuthenticate,
    })
      .authenticate()
      .catch(caught)
    expect(error).toMatchObject({ code: 'INVALID_BROKER_RESPONSE' })
    expect((error as Error).message).toMatch(/answer to OAUTHBEARER authentication is malformed/)
    expectOAuthBearerText(error)
  })

  it('a refused re-authentication', async () => {
    const { clock: c, failures } = await schedulerSetup({
      mechanism: 'OAUTHBEARER',
      deny: (n) => (n === 2 ? 'Something new' : undefined),
    })
    await c.advance(9_000)
    expect(failures.map((f) => f.error.code)).toEqual(['AUTHENTICATION_FAILED'])
    expect(failures[0]!.error.message).toMatch(/rejected OAUTHBEARER authentication: Something new/)
    expectOAuthBearerText(failures[0]!.error)
  })
})

describe('proactiveReauthentication(mskIamOAuthBearer().kafkajs())', () => {
  it('renews with SaslHandshake(OAUTHBEARER) and a token, hidden from kafkajs', async () => {
    const { clock, connection, events, failures, broker } = await schedulerSetup({ mechanism: 'OAUTHBEARER' })
    expect(connection.sessionLifetime.toString()).toBe('0')
    await clock.advance(9_000)
    expect(failures).toEqual([])
    expect(events.map((e) => [e.kind, e.requestId])).toEqual([
      ['initial', undefined],
      ['scheduled', undefined],
    ])
    expect(broker.handshakes).toEqual(['OAUTHBEARER', 'OAUTHBEARER'])
    await expect(connection.send(probe(1))).resolves.toBe(1)
    expect(broker.violations).toEqual([])
  })

  it('accepts the sasl object', () => {
    const sasl = mskIamOAuthBearer({ credentials: identity, region: REGION }).kafkajs()
    expect(typeof proactiveReauthentication(sasl)).toBe('function')
  })
})
