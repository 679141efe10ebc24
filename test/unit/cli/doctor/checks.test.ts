// The doctor's network checks against tiny fake brokers on loopback: what each kind of answer (or silence)
// turns into. The full scenarios against the emulator and real Kafka are in test/integration/doctor.test.ts.
import net from 'node:net'
import tls from 'node:tls'
import { checkAuthentication } from '../../../../src/cli/doctor/checks/checkAuthentication.js'
import { KafkaChannel } from '../../../../src/cli/doctor/net/KafkaChannel.js'
import { openKafkaChannel } from '../../../../src/cli/doctor/net/openKafkaChannel.js'
import { checkDns } from '../../../../src/cli/doctor/checks/checkDns.js'
import { checkMechanisms } from '../../../../src/cli/doctor/checks/checkMechanisms.js'
import { createSigningContext } from '../../../../src/signingContext.js'
import { TEST_CA_CERT, TEST_SERVER_CERT, TEST_SERVER_KEY } from '../../../../src/testing/testCertificates.js'
import { encodeSaslAuthenticateResponse } from '../../../../src/testing/wire/saslAuthenticate.js'
import { encodeSaslHandshakeResponse } from '../../../../src/testing/wire/saslHandshake.js'
import { captureForScan, TEST_SECRETS } from '../../../helpers/secretScan.js'

type Answer = (request: Buffer, socket: net.Socket) => void

const servers: net.Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
})

/** A server that calls `answer` with each request frame (size prefix stripped). */
async function fakeBroker(answer: Answer, secure = false): Promise<number> {
  const onSocket = (socket: net.Socket): void => {
    let buffered = Buffer.alloc(0)
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        const size = buffered.readInt32BE(0)
        answer(buffered.subarray(4, 4 + size), socket)
        buffered = buffered.subarray(4 + size)
      }
    })
  }
  const server = secure
    ? tls.createServer({ cert: TEST_SERVER_CERT, key: TEST_SERVER_KEY }, onSocket)
    : net.createServer(onSocket)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as net.AddressInfo).port
}

const correlationId = (request: Buffer): number => request.readInt32BE(4)

async function channelTo(port: number): Promise<KafkaChannel> {
  const socket = net.connect({ host: '127.0.0.1', port })
  await new Promise((resolve) => socket.once('connect', resolve))
  return new KafkaChannel(socket)
}

describe('checkMechanisms', () => {
  it.each([
    [
      0,
      ['AWS_MSK_IAM', 'OAUTHBEARER'],
      'pass',
      undefined,
      /AWS_MSK_IAM is enabled \(offered: AWS_MSK_IAM, OAUTHBEARER\)/,
    ],
    [
      33,
      ['SCRAM-SHA-512'],
      'fail',
      'mechanism-not-enabled',
      /not enabled on this listener \(error 33; offered: SCRAM-SHA-512\); port 9096 is MSK's SASL\/SCRAM listener/,
    ],
    [34, [], 'fail', 'mechanism-not-enabled', /does not do SASL \(error 34 ILLEGAL_SASL_STATE\)/],
  ] as const)('error %d → %s', async (errorCode, mechanisms, status, failure, summary) => {
    const port = await fakeBroker((request, socket) =>
      socket.write(encodeSaslHandshakeResponse(correlationId(request), { errorCode, mechanisms })),
    )
    const channel = await channelTo(port)
    const result = await checkMechanisms(channel, errorCode === 33 ? 9096 : 9098, true, 2000)
    channel.close()
    expect(result).toMatchObject({ check: 'sasl', status })
    expect(result.failure).toBe(failure)
    expect(result.summary).toMatch(summary)
  })

  it('a close without an answer: no SASL there (with TLS), or a TLS port reached with --no-tls', async () => {
    const port = await fakeBroker((_request, socket) => socket.destroy())
    for (const [useTls, failure] of [
      [true, 'mechanism-not-enabled'],
      [false, 'wrong-port'],
    ] as const) {
      const channel = await channelTo(port)
      expect(await checkMechanisms(channel, 9092, useTls, 2000)).toMatchObject({ status: 'fail', failure })
    }
  })

  it('a TLS record in answer: a TLS port reached without TLS', async () => {
    const port = await fakeBroker((_request, socket) =>
      socket.end(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46])),
    )
    const channel = await channelTo(port)
    expect(await checkMechanisms(channel, 9098, false, 2000)).toMatchObject({
      status: 'fail',
      failure: 'wrong-port',
      facts: { errorCode: 'TLS_REPLY' },
    })
  })

  it('silence: no answer within the time limit', async () => {
    const port = await fakeBroker(() => undefined)
    const channel = await channelTo(port)
    const result = await checkMechanisms(channel, 9098, true, 200)
    channel.close()
    expect(result).toMatchObject({ status: 'fail', failure: 'no-answer' })
    expect(result.summary).toMatch(/within 200 ms/)
  })
})

describe('checkAuthentication', () => {
  const host = 'b-1.demo.abc123.c1.kafka.eu-west-1.amazonaws.com'
  const deps = () =>
    createSigningContext({ credentials: { accessKeyId: 'AKIADOCTOR', secretAccessKey: TEST_SECRETS.secretAccessKey } })

  async function authenticateAgainst(
    errorCode: number,
    errorMessage: string | null,
    authBytes = Buffer.alloc(0),
    sessionLifetimeMs = 0,
  ) {
    let seen: Buffer | undefined
    const port = await fakeBroker((request, socket) => {
      seen = request
      socket.write(
        encodeSaslAuthenticateResponse(correlationId(request), 1, {
          errorCode,
          errorMessage,
          authBytes,
          sessionLifetimeMs,
        }),
      )
    })
    const channel = await channelTo(port)
    const result = await checkAuthentication({
      channel,
      deps: deps(),
      host,
      port: 9098,
      explicitRegion: undefined,
      timeoutMs: 2000,
    })
    channel.close()
    captureForScan(result)
    return { ...result, seen: seen! }
  }

  it('accepted: names key, region and its source, request-id and session', async () => {
    const answer = Buffer.from('{"version":"2020_10_22","request-id":"req-ok"}')
    const { result, outcome, seen } = await authenticateAgainst(0, null, answer, 900_000)
    expect(outcome).toBe('accepted')
    expect(result.status).toBe('pass')
    expect(result.summary).toBe(
      'accepted: key AKIADOCTOR, region eu-west-1 (from the broker name), request-id req-ok, session 15 min',
    )
    // SaslAuthenticate v1 carrying the signed JSON payload for this host
    expect(seen.readInt16BE(0)).toBe(36)
    expect(seen.readInt16BE(2)).toBe(1)
    expect(seen.toString('latin1')).toContain(`"host":"${host}"`)
  })

  it('a short session is a warning', async () => {
    const answer = Buffer.from('{"version":"2020_10_22","request-id":"req-short"}')
    const { result } = await authenticateAgainst(0, null, answer, 60_000)
    expect(result.status).toBe('warn')
    expect(result.summary).toMatch(/session 60 s \(short/)
  })

  it.each([
    ['[r-1]: Access denied', 'access-denied'],
    ['[r-2]: Too many connects', 'too-many-connects'],
    ['[r-3]: Session too short', 'session-too-short'],
    ['[r-4]: Invalid authentication payload', 'invalid-payload'],
    ['[r-5]: Something else', 'authentication-failed'],
  ])('refused with %s → %s', async (message, failure) => {
    const { result, outcome } = await authenticateAgainst(58, message)
    expect(outcome).toBe('denied')
    expect(result).toMatchObject({
      status: 'fail',
      failure,
      facts: { accessKeyId: 'AKIADOCTOR', region: 'eu-west-1', hostRegion: 'eu-west-1' },
    })
    expect(result.facts!.requestId).toMatch(/^r-\d$/)
    expect(result.summary).toMatch(/^refused: ".*" \(request-id r-\d\) for key AKIADOCTOR, region eu-west-1/)
  })

  it('cannot sign without a region for a custom name', async () => {
    const port = await fakeBroker(() => undefined)
    const channel = await channelTo(port)
    const previous = {
      region: process.env.AWS_REGION,
      fallback: process.env.AWS_DEFAULT_REGION,
      config: process.env.AWS_CONFIG_FILE,
    }
    delete process.env.AWS_REGION
    delete process.env.AWS_DEFAULT_REGION
    process.env.AWS_CONFIG_FILE = '/nonexistent/config'
    try {
      const { result, outcome } = await checkAuthentication({
        channel,
        deps: deps(),
        host: 'msk.example.internal',
        port: 9098,
        explicitRegion: undefined,
        timeoutMs: 500,
      })
      expect(outcome).toBe('error')
      expect(result).toMatchObject({ status: 'fail', failure: 'region-unresolved' })
    } finally {
      for (const [name, value] of [
        ['AWS_REGION', previous.region],
        ['AWS_DEFAULT_REGION', previous.fallback],
        ['AWS_CONFIG_FILE', previous.config],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
      channel.close()
    }
  })
})

describe('openKafkaChannel', () => {
  const host = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'

  it('connects over TLS with the given CA and names the certificate', async () => {
    const port = await fakeBroker(() => undefined, true)
    const opened = await openKafkaChannel({
      address: '127.0.0.1',
      host,
      port,
      tls: true,
      ca: TEST_CA_CERT,
      timeoutMs: 2000,
    })
    opened.channel?.close()
    expect(opened.results.map((r) => r.status)).toEqual(['pass', 'pass'])
    expect(opened.results[1]!.summary).toMatch(
      /^TLSv1\.[23], certificate b-1\.local\.abc123.* from kafkajs-msk-iam test CA/,
    )
  })

  it('names an untrusted certificate as a certificate problem', async () => {
    const port = await fakeBroker(() => undefined, true)
    const opened = await openKafkaChannel({
      address: '127.0.0.1',
      host,
      port,
      tls: true,
      ca: undefined,
      timeoutMs: 2000,
    })
    expect(opened.channel).toBeUndefined()
    expect(opened.results[1]).toMatchObject({ status: 'fail', failure: 'tls-certificate' })
    expect(opened.results[1]!.summary).toMatch(/--ca/)
  })

  it('TLS to a plaintext port: wrong port', async () => {
    const port = await fakeBroker((_request, socket) => socket.destroy())
    const opened = await openKafkaChannel({
      address: '127.0.0.1',
      host,
      port,
      tls: true,
      ca: TEST_CA_CERT,
      timeoutMs: 2000,
    })
    expect(opened.results[1]).toMatchObject({ check: 'tls', status: 'fail', failure: 'wrong-port' })
  })

  it('a closed port: unreachable (refused), TLS skipped', async () => {
    const port = await fakeBroker(() => undefined)
    await new Promise((resolve) => servers.pop()!.close(resolve))
    const opened = await openKafkaChannel({
      address: '127.0.0.1',
      host,
      port,
      tls: true,
      ca: undefined,
      timeoutMs: 2000,
    })
    expect(opened.results).toMatchObject([
      { check: 'tcp', status: 'fail', failure: 'unreachable', facts: { errorCode: 'ECONNREFUSED' } },
      { check: 'tls', status: 'skip' },
    ])
  })
})

describe('checkDns', () => {
  const broker = { host: 'msk.example.internal', port: 9098 }
  it('takes --resolve overrides and notes that a custom name needs a region', async () => {
    const outcome = await checkDns({
      broker,
      overrides: new Map([['msk.example.internal', '127.0.0.1']]),
      explicitRegion: undefined,
      timeoutMs: 1000,
    })
    expect(outcome.address).toBe('127.0.0.1')
    expect(outcome.result.summary).toMatch(/from --resolve.*carries no region/)
    const withRegion = await checkDns({
      broker,
      overrides: new Map([['msk.example.internal', '127.0.0.1']]),
      explicitRegion: 'eu-west-1',
      timeoutMs: 1000,
    })
    expect(withRegion.result.summary).not.toMatch(/region/)
  })

  it('resolves localhost and warns about IP addresses', async () => {
    const local = await checkDns({
      broker: { host: 'localhost', port: 9098 },
      overrides: new Map(),
      explicitRegion: 'eu-west-1',
      timeoutMs: 5000,
    })
    expect(local.result.status).toBe('pass')
    const ip = await checkDns({
      broker: { host: '10.0.0.7', port: 9098 },
      overrides: new Map(),
      explicitRegion: 'eu-west-1',
      timeoutMs: 1000,
    })
    expect(ip).toMatchObject({ address: '10.0.0.7', result: { status: 'warn' } })
  })

  it('says where an address is reachable from without claiming a VPC for loopback (issue 12)', async () => {
    const lookup = (host: string, address: string) =>
      checkDns({
        broker: { host, port: 9098 },
        overrides: new Map([[host, address]]),
        explicitRegion: 'eu-west-1',
        timeoutMs: 1000,
      })
    expect((await lookup('b-1.example', '127.0.0.1')).result.summary).toBe(
      '127.0.0.1 (from --resolve, not looked up; loopback: this machine itself, not the cluster)',
    )
    expect((await lookup('b-1.example', '::1')).result.summary).toBe(
      '::1 (from --resolve, not looked up; loopback: this machine itself, not the cluster)',
    )
    expect((await lookup('b-1.example', '10.0.3.7')).result.summary).toBe(
      "10.0.3.7 (from --resolve, not looked up; a private address: reachable only over a network that routes to it, such as the cluster's VPC, a peered VPC or a VPN)",
    )
    expect((await lookup('b-1.example', '52.1.2.3')).result.summary).toBe('52.1.2.3 (from --resolve, not looked up)')
    const local = await checkDns({
      broker: { host: 'localhost', port: 9098 },
      overrides: new Map(),
      explicitRegion: 'eu-west-1',
      timeoutMs: 5000,
    })
    expect(local.result.summary).toMatch(/ \(loopback: this machine itself, not the cluster\)$/)
    expect(local.result.summary).not.toMatch(/VPC/)
  })

  it('fails on a name that does not exist', async () => {
    const outcome = await checkDns({
      broker: { host: 'no-such-broker.invalid', port: 9098 },
      overrides: new Map(),
      explicitRegion: undefined,
      timeoutMs: 5000,
    })
    expect(outcome.address).toBeUndefined()
    expect(outcome.result).toMatchObject({ status: 'fail', failure: 'dns-failed' })
  })
})
