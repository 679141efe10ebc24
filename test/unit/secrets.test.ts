// Drives every failure path of the mechanism with secret-laden inputs and checks that no error message
// and no log line carries a secret key, session token or signature. The per-file scan in
// test/secretScanSetup.ts then checks everything captured here again.
import type { AwsCredentialIdentity } from '@smithy/types'
import { awsMskIam } from '../../src/awsMskIam.js'
import { FakeClock } from '../helpers/FakeClock.js'
import { fakeBroker, okAnswer, RecordingLogger } from '../helpers/fakeSaslAuthenticate.js'
import { caught, findLeaks, TEST_SECRETS } from '../helpers/secretScan.js'

const secrets = Object.values(TEST_SECRETS)
const creds = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
}
const HOST = 'b-1.demo.abc.c1.kafka.us-east-1.amazonaws.com'

describe('the secret scanner', () => {
  it('finds secret values and signatures', () => {
    expect(findLeaks(`token=${TEST_SECRETS.sessionToken}`, secrets)).toHaveLength(1)
    expect(findLeaks('sig 3515d158e62c159a3d8d4344942cff44c865cdeac6748a4b5dc42686641bb272', secrets)).toHaveLength(1)
    expect(findLeaks('"x-amz-signature":"3515d158', secrets)).toHaveLength(1)
    expect(findLeaks('Access denied for AKIAIOSFODNN7EXAMPLE', secrets)).toEqual([])
  })
})

describe('no secret in errors or logs', () => {
  const brokerTexts = [
    '[r]: Access denied',
    '[r]: Too many connects',
    '[r]: Session too short',
    '[r]: Invalid authentication payload',
    'Cannot change principals during re-authentication from IAM.a: IAM.b',
    '[r]: Unheard-of failure',
  ]

  it.each(brokerTexts)('broker says %s', async (text) => {
    const logger = new RecordingLogger()
    const broker = fakeBroker(() => ({ errorCode: 58, errorMessage: text }))
    const error = await awsMskIam({ credentials: creds })
      .authenticationProvider({ host: HOST, port: 9098, logger, saslAuthenticate: broker.saslAuthenticate })
      .authenticate()
      .catch(caught)
    expect(error).toBeInstanceOf(Error)
    expect(findLeaks(`${(error as Error).message}\n${logger.text()}`, secrets)).toEqual([])
  })

  it('a credential source whose error message contains the secret', async () => {
    const clock = new FakeClock()
    const provider = async (): Promise<AwsCredentialIdentity> => {
      throw new Error(
        `credential_process printed: {"SecretAccessKey":"${TEST_SECRETS.otherSecretAccessKey}","SessionToken":"${TEST_SECRETS.otherSessionToken}"}`,
      )
    }
    const logger = new RecordingLogger()
    const error = await awsMskIam({ credentials: provider, clock, maxRetries: 0 })
      .authenticationProvider({
        host: HOST,
        port: 9098,
        logger,
        saslAuthenticate: fakeBroker(() => okAnswer()).saslAuthenticate,
      })
      .authenticate()
      .catch(caught)
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE' })
    expect(findLeaks(`${(error as Error).message}\n${logger.text()}`, secrets)).toEqual([])
  })

  it('expired credentials and a successful authentication', async () => {
    const clock = new FakeClock()
    const logger = new RecordingLogger()
    const expired = { ...creds, expiration: new Date(clock.now() - 1000) }
    const broker = fakeBroker(() => okAnswer())
    const mechanism = awsMskIam({ credentials: expired, clock })
    const error = await mechanism
      .authenticationProvider({ host: HOST, port: 9098, logger, saslAuthenticate: broker.saslAuthenticate })
      .authenticate()
      .catch(caught)
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED' })
    await awsMskIam({ credentials: creds })
      .authenticationProvider({ host: HOST, port: 9098, logger, saslAuthenticate: broker.saslAuthenticate })
      .authenticate()
    expect(findLeaks(`${(error as Error).message}\n${logger.text()}`, secrets)).toEqual([])
    expect(logger.lines.length).toBeGreaterThan(0)
  })
})
