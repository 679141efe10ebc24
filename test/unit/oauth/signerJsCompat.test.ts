// The aws-msk-iam-sasl-signer-js drop-ins, side by side with the real library (a devDependency) at a fixed
// time: same result shape, same URL apart from the unsigned User-Agent, both accepted by the emulator's
// verifier; plus caching per options, validation and awsDebugCreds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AwsCredentialIdentity } from '@smithy/types'
import * as reference from 'aws-msk-iam-sasl-signer-js'
import { MskIamError } from '../../../src/errors.js'
import * as dropIn from '../../../src/oauth/signerJsCompat.js'
import { DEFAULT_MAX_SKEW_MS, type EmulatorIdentity } from '../../../src/testing/verifier/types.js'
import { verifyOauthBearer } from '../../../src/testing/verifier/verifyOauthBearer.js'
import { caught, captureForScan, TEST_SECRETS } from '../../helpers/secretScan.js'

const NOW = Date.UTC(2026, 4, 6, 7, 8, 9, 500)
const creds = {
  accessKeyId: 'ASIASIGNERJSCOMPAT',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
}
const identity: EmulatorIdentity = {
  ...creds,
  principalArn: 'arn:aws:sts::111122223333:assumed-role/app/MSKSASLDefaultSession',
}

// Only Date is faked: both libraries read the time from it; promises and timers behave normally.
beforeEach(() => {
  jest.useFakeTimers({
    now: NOW,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  })
})
afterEach(() => {
  jest.useRealTimers()
  jest.restoreAllMocks()
})

function params(token: string): [string, string][] {
  const url = new URL(Buffer.from(token, 'base64url').toString('utf8'))
  expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`https://${url.host}/`)
  return url.search
    .slice(1)
    .split('&')
    .map((pair) => pair.split('=').map(decodeURIComponent) as [string, string])
}

const signedOnly = (list: [string, string][]) => list.filter(([name]) => name !== 'User-Agent')

function verify(token: string, region: string) {
  return verifyOauthBearer(new Uint8Array(Buffer.from(`n,,\x01auth=Bearer ${token}\x01\x01`)), {
    expectedHost: undefined,
    region,
    nowMs: Date.now(),
    maxSkewMs: DEFAULT_MAX_SKEW_MS,
    lookup: (id) => (id === identity.accessKeyId ? identity : undefined),
  })
}

describe('aws-msk-iam-sasl-signer-js drop-ins', () => {
  it('generateAuthTokenFromCredentialsProvider: same shape and same signed URL as the real library', async () => {
    const provider = async (): Promise<AwsCredentialIdentity> => creds
    const theirs = await reference.generateAuthTokenFromCredentialsProvider({
      region: 'eu-central-1',
      awsCredentialsProvider: provider,
    })
    const ours = await dropIn.generateAuthTokenFromCredentialsProvider({
      region: 'eu-central-1',
      awsCredentialsProvider: provider,
    })

    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort())
    expect(Object.keys(ours).sort()).toEqual(['expiryTime', 'token'])
    expect(typeof ours.token).toBe(typeof theirs.token)
    expect(ours.expiryTime).toBe(theirs.expiryTime)
    expect(ours.expiryTime).toBe(Date.UTC(2026, 4, 6, 7, 8, 9) + 900_000)

    // Same signed parameters in the same order with the same values (signature included); only the
    // unsigned User-Agent differs: it names this library and comes last (the reference sorts it in).
    const [theirParams, ourParams] = [params(theirs.token), params(ours.token)]
    expect(ourParams.slice(0, -1)).toEqual(signedOnly(theirParams))
    expect(theirParams).toContainEqual(['User-Agent', 'aws-msk-iam-sasl-signer-js/1.0.3'])
    expect(ourParams.at(-1)).toEqual(['User-Agent', 'kafkajs-msk-iam/0.1.0'])
    expect(new URL(Buffer.from(ours.token, 'base64url').toString()).host).toBe('kafka.eu-central-1.amazonaws.com')

    expect(verify(theirs.token, 'eu-central-1')).toMatchObject({ ok: true })
    expect(verify(ours.token, 'eu-central-1')).toMatchObject({ ok: true })
  })

  it('caches per provider function and region: one credential fetch for many calls', async () => {
    const provider = jest.fn(async (): Promise<AwsCredentialIdentity> => creds)
    const first = await dropIn.generateAuthTokenFromCredentialsProvider({
      region: 'us-west-2',
      awsCredentialsProvider: provider,
    })
    jest.setSystemTime(NOW + 60_000)
    const many = await Promise.all(
      Array.from({ length: 20 }, () =>
        dropIn.generateAuthTokenFromCredentialsProvider({ region: 'us-west-2', awsCredentialsProvider: provider }),
      ),
    )
    expect(provider).toHaveBeenCalledTimes(1)
    expect(new Set(many.map((r) => r.token))).toEqual(new Set([first.token]))

    const otherRegion = await dropIn.generateAuthTokenFromCredentialsProvider({
      region: 'us-east-2',
      awsCredentialsProvider: provider,
    })
    expect(otherRegion.token).not.toBe(first.token)
    expect(provider).toHaveBeenCalledTimes(2)
    expect(verify(otherRegion.token, 'us-east-2')).toMatchObject({ ok: true })

    // Past the 4-minute reuse, a new token (with the still-cached credentials).
    jest.setSystemTime(NOW + 11 * 60_000)
    const later = await dropIn.generateAuthTokenFromCredentialsProvider({
      region: 'us-west-2',
      awsCredentialsProvider: provider,
    })
    expect(later.token).not.toBe(first.token)
    expect(later.expiryTime).toBe(Date.UTC(2026, 4, 6, 7, 19, 9) + 900_000)
    expect(provider).toHaveBeenCalledTimes(2)
  })

  it('generateAuthToken: the default chain (here from the environment), cached across calls', async () => {
    const saved = {
      id: process.env['AWS_ACCESS_KEY_ID'],
      secret: process.env['AWS_SECRET_ACCESS_KEY'],
      token: process.env['AWS_SESSION_TOKEN'],
    }
    process.env['AWS_ACCESS_KEY_ID'] = creds.accessKeyId
    process.env['AWS_SECRET_ACCESS_KEY'] = creds.secretAccessKey
    process.env['AWS_SESSION_TOKEN'] = creds.sessionToken
    try {
      const theirs = await reference.generateAuthToken({ region: 'ca-central-1' })
      const ours = await dropIn.generateAuthToken({ region: 'ca-central-1' })
      expect(params(ours.token).slice(0, -1)).toEqual(signedOnly(params(theirs.token)))
      expect(ours.expiryTime).toBe(theirs.expiryTime)
      // The environment changes, the cached credentials do not (the reference would re-read them).
      process.env['AWS_ACCESS_KEY_ID'] = 'ASIASOMEONEELSE'
      expect((await dropIn.generateAuthToken({ region: 'ca-central-1' })).token).toBe(ours.token)
      expect(verify(ours.token, 'ca-central-1')).toMatchObject({ ok: true })
    } finally {
      for (const [k, v] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
        ['AWS_SESSION_TOKEN', saved.token],
      ] as const) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
  })

  it('generateAuthTokenFromProfile: credentials of the named profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-profile-'))
    const saved = { creds: process.env['AWS_SHARED_CREDENTIALS_FILE'], config: process.env['AWS_CONFIG_FILE'] }
    try {
      writeFileSync(
        join(dir, 'credentials'),
        `[kafka-app]\naws_access_key_id = ${creds.accessKeyId}\naws_secret_access_key = ${creds.secretAccessKey}\naws_session_token = ${creds.sessionToken}\n`,
      )
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials')
      process.env['AWS_CONFIG_FILE'] = join(dir, 'config-absent')
      const theirs = await reference.generateAuthTokenFromProfile({ region: 'eu-west-3', awsProfileName: 'kafka-app' })
      const ours = await dropIn.generateAuthTokenFromProfile({ region: 'eu-west-3', awsProfileName: 'kafka-app' })
      expect(params(ours.token).slice(0, -1)).toEqual(signedOnly(params(theirs.token)))
      expect(verify(ours.token, 'eu-west-3')).toMatchObject({ ok: true })
    } finally {
      rmSync(dir, { recursive: true, force: true })
      for (const [k, v] of [
        ['AWS_SHARED_CREDENTIALS_FILE', saved.creds],
        ['AWS_CONFIG_FILE', saved.config],
      ] as const) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
  })

  it('rejects missing or malformed options with INVALID_OPTIONS naming the function', async () => {
    const cases: [Promise<unknown>, RegExp][] = [
      [dropIn.generateAuthToken({ region: '' }), /^generateAuthToken\(\): region is required/],
      // Values JSON.stringify cannot quote: still INVALID_OPTIONS, never a TypeError.
      [dropIn.generateAuthToken({ region: 10n as never }), /^generateAuthToken\(\): region is required.*got 10/],
      [
        dropIn.generateAuthToken({ region: 'us-east-1', awsRoleSessionName: 10n as never }),
        /^generateAuthToken\(\): awsRoleSessionName is required \(a non-empty string\), got 10/,
      ],
      [
        dropIn.generateAuthTokenFromProfile({ region: 'us-east-1', awsProfileName: '' }),
        /^generateAuthTokenFromProfile\(\): awsProfileName is required/,
      ],
      [
        dropIn.generateAuthTokenFromRole({ region: 'us-east-1', awsRoleArn: '' }),
        /^generateAuthTokenFromRole\(\): awsRoleArn is required/,
      ],
      [
        dropIn.generateAuthTokenFromRole({ region: 'us-east-1', awsRoleArn: 'not-an-arn' }),
        /^generateAuthTokenFromRole\(\): roleArn must look like/,
      ],
      [
        dropIn.generateAuthTokenFromCredentialsProvider({
          region: 'us-east-1',
          awsCredentialsProvider: undefined as never,
        }),
        /^generateAuthTokenFromCredentialsProvider\(\): awsCredentialsProvider must be a function/,
      ],
      [
        dropIn.generateAuthTokenFromCredentialsProvider({
          region: 'moon-1',
          awsCredentialsProvider: async () => creds,
        }),
        /region must be an AWS region id/,
      ],
    ]
    for (const [promise, message] of cases) {
      const error = await promise.catch(caught)
      expect(error).toBeInstanceOf(MskIamError)
      expect(error).toMatchObject({ code: 'INVALID_OPTIONS', retriable: false })
      expect((error as Error).message).toMatch(message)
    }
  })

  it('awsDebugCreds: logs the caller identity from STS once per new token, never per cached call', async () => {
    const sts = jest
      .spyOn(globalThis, 'fetch')
      .mockImplementation(
        async () =>
          new Response(
            '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::111122223333:assumed-role/app/MSKSASLDefaultSession</Arn>' +
              '<UserId>AROAEXAMPLE:MSKSASLDefaultSession</UserId><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>',
            { status: 200, headers: { date: new Date(NOW).toUTCString() } },
          ),
      )
    const logger = { debug: jest.fn<void, [string]>(), warn: jest.fn<void, [string]>() }
    const provider = async (): Promise<AwsCredentialIdentity> => creds
    await dropIn.generateAuthTokenFromCredentialsProvider({
      region: 'us-east-1',
      awsCredentialsProvider: provider,
      logger,
      awsDebugCreds: true,
    })
    await dropIn.generateAuthTokenFromCredentialsProvider({
      region: 'us-east-1',
      awsCredentialsProvider: provider,
      logger,
      awsDebugCreds: true,
    })
    expect(sts).toHaveBeenCalledTimes(1)
    expect(String(sts.mock.calls[0]?.[0] as URL)).toBe('https://sts.us-east-1.amazonaws.com/')
    expect(logger.debug).toHaveBeenCalledTimes(1)
    expect(logger.debug.mock.calls[0]?.[0]).toBe(
      'Credentials Identity: arn:aws:sts::111122223333:assumed-role/app/MSKSASLDefaultSession (account 111122223333)',
    )
    captureForScan(logger.debug.mock.calls)

    // A failing lookup is a warning, and the token is still returned.
    sts.mockImplementation(async () => {
      throw new TypeError('fetch failed')
    })
    const other = async (): Promise<AwsCredentialIdentity> => creds
    await expect(
      dropIn.generateAuthTokenFromCredentialsProvider({
        region: 'us-east-1',
        awsCredentialsProvider: other,
        logger,
        awsDebugCreds: true,
      }),
    ).resolves.toHaveProperty('token')
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(
      /^Could not tell the credentials identity \(access key ASIASIGNERJSCOMPAT\)/,
    )
    captureForScan(logger.warn.mock.calls)
  })
})
