// `kafkajs-msk-iam emulator` in-process: argument handling, refusing to start without a Kafka, the ready
// banner (identity, CA file, a kafkajs config, warnings), JSON log lines on stdout, clean stop.
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises'
import { X509Certificate } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { parseEmulatorArguments, runEmulatorCommand } from '../../../src/cli/emulatorCommand.js'
import { LOCAL_TEST_IDENTITY } from '../../../src/testing/constants.js'
import { startMskIamEmulator } from '../../../src/testing/startMskIamEmulator.js'
import type { MskIamEmulator } from '../../../src/testing/types.js'
import { captureIo } from '../../helpers/captureIo.js'
import { bytes, request, str } from '../../helpers/emulatorBytes.js'
import { RawClient } from '../../helpers/emulatorHelpers.js'
import { signIamPayload } from '../../helpers/emulatorTestSigner.js'
import { FakeKafkaCluster } from '../../helpers/FakeKafkaCluster.js'

const io = captureIo

// Port 1 on loopback refuses at once.
const NO_KAFKA = ['--upstream', '127.0.0.1:1']

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('runEmulatorCommand', () => {
  let kafka: FakeKafkaCluster
  let dir: string
  beforeEach(async () => {
    kafka = await FakeKafkaCluster.start([1, 2])
    dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-cli-'))
  })
  afterEach(async () => {
    await kafka.close()
    await rm(dir, { recursive: true, force: true })
  })
  const upstream = (): string[] => ['--upstream', `127.0.0.1:${kafka.brokers[0]!.port}`]

  it('prints usage for --help, with the port layout and the lazy-client warning', async () => {
    const t = io()
    expect(await runEmulatorCommand(['--help'], t)).toBe(0)
    expect(t.out()).toMatch(/--upstream A\[,B…\]/)
    expect(t.out()).toMatch(/default 9098.*9198 with --public/)
    expect(t.out()).toMatch(/Below 11000 kafkajs clients\s+without proactiveReauthentication\(\)/)
  })

  it.each([
    [['--upstream', 'nohost'], /not host:port/],
    [['--port', 'abc', ...NO_KAFKA], /--port must be a non-negative integer/],
    [['--bogus', '1'], /unknown option --bogus/],
    [['--port'], /--port needs a value/],
    [['--session-lifetime', 'forever', ...NO_KAFKA], /--session-lifetime must be/],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const t = io()
    expect(await runEmulatorCommand(argv, t)).toBe(2)
    expect(t.err()).toMatch(message)
  })

  it('refuses to start, saying why, when Kafka does not answer', async () => {
    const t = io()
    expect(await runEmulatorCommand([...NO_KAFKA, '--port', '0', '--tls-port', '0'], t)).toBe(1)
    expect(t.err()).toMatch(/Kafka does not answer \(127\.0\.0\.1:1: ECONNREFUSED\)/)
    expect(t.err()).toMatch(/the emulator did not start/)
  })

  it('runs in front of every broker until aborted: banner, CA file, JSON lines, no AWS_* keys taken', async () => {
    const caOut = path.join(dir, 'ca.pem')
    const t = io()
    const controller = new AbortController()
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY }
    process.env.AWS_ACCESS_KEY_ID = 'AKIASHELLKEYNOTUSED0'
    process.env.AWS_SECRET_ACCESS_KEY = 'shell-secret-not-used'
    try {
      const run = runEmulatorCommand(
        [
          ...upstream(),
          '--port',
          '0',
          '--tls-port',
          '0',
          '--region',
          'eu-west-1',
          '--ca-out',
          caOut,
          '--connections-per-second',
          '5',
          '--max-session-ms',
          '3000',
        ],
        { ...t, signal: controller.signal },
      )
      await until(() => t.err().includes('Ctrl-C stops the emulator.'))
      controller.abort()
      expect(await run).toBe(0)
    } finally {
      for (const [name, value] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
    const lines = t
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.map((l) => l.event)).toEqual(['upstream-probe', 'listening', 'listening', 'listening', 'listening'])
    const banner = t.err()
    expect(banner).toMatch(/b-1\.local\.abc123\.c1\.kafka\.eu-west-1\.amazonaws\.com:\d+,b-2\.local/)
    expect(banner).toContain(
      `access key id ${LOCAL_TEST_IDENTITY.accessKeyId}, secret access key ${LOCAL_TEST_IDENTITY.secretAccessKey}`,
    )
    expect(banner).not.toContain('AKIASHELLKEYNOTUSED0')
    expect(banner).not.toContain('shell-secret-not-used')
    expect(banner).toMatch(/brokers: \['localhost:\d+', 'localhost:\d+'\]/)
    expect(banner).toContain(`ssl: { ca: [readFileSync('${caOut}', 'utf8')] }`)
    expect(banner).toMatch(/warning .*--max-session-ms 3000 is below kafkajs's reauthenticationThreshold \+ 1 s/)
    expect(banner).toMatch(/warning .*plaintext test listeners .*MSK has none/)
    const ca = new X509Certificate(await readFile(caOut, 'utf8'))
    expect(ca.ca).toBe(true)
  })

  it('takes identities from a file and prints the first one', async () => {
    const file = path.join(dir, 'ids.json')
    await writeFile(
      file,
      JSON.stringify([
        { accessKeyId: 'AKIDCLI', secretAccessKey: 'cli-file-secret', principalArn: 'arn:aws:iam::1:user/cli' },
      ]),
    )
    const t = io()
    const controller = new AbortController()
    const run = runEmulatorCommand([...upstream(), '--port', '0', '--tls-port', '0', '--identities', file], {
      ...t,
      signal: controller.signal,
    })
    await until(() => t.err().includes('Ctrl-C'))
    controller.abort()
    expect(await run).toBe(0)
    expect(t.err()).toContain('access key id AKIDCLI, secret access key cli-file-secret')
    expect(t.out()).not.toContain('cli-file-secret')
  })

  it('reports a listener that cannot bind with exit code 1', async () => {
    const t = io()
    expect(
      await runEmulatorCommand([...upstream(), '--host', '203.0.113.1', '--port', '0', '--tls-port', '0'], t),
    ).toBe(1)
    expect(t.err()).toMatch(/could not start/)
  })
})

describe('runEmulatorCommand: authorization', () => {
  let kafka: FakeKafkaCluster
  let dir: string
  beforeEach(async () => {
    kafka = await FakeKafkaCluster.start([1])
    kafka.acceptsUpstreamLogin = true
    dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-cli-authz-'))
  })
  afterEach(async () => {
    await kafka.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('--policy: enforces, serves the decision service where asked and names it in the banner', async () => {
    const policy = path.join(dir, 'policy.json')
    await writeFile(
      policy,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'kafka-cluster:*', Resource: '*' }],
      }),
    )
    const t = io()
    const controller = new AbortController()
    const run = runEmulatorCommand(
      [
        '--upstream',
        `1=127.0.0.1:${kafka.brokers[0]!.port}`,
        '--port',
        '0',
        '--tls-port',
        '0',
        '--policy',
        policy,
        '--decision-service',
        '127.0.0.1:0',
        '--cluster-arn',
        'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abcd1234-0123-abcd-5678-1234abcd-1',
      ],
      { ...t, signal: controller.signal },
    )
    await until(() => t.err().includes('Ctrl-C stops the emulator.'))
    expect(t.err()).toMatch(
      /authorization +enforce; Kafka's authorizer asks http:\/\/127\.0\.0\.1:\d+ \(msk\.iam\.authorizer\.url\)/,
    )
    controller.abort()
    expect(await run).toBe(0)
  })

  it('--cluster-name without --cluster-arn: policies are judged against cluster/<cluster-name>/…, as the help says', async () => {
    const policy = path.join(dir, 'policy.json')
    const arn = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/*'
    await writeFile(
      policy,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: arn }],
      }),
    )
    const upstream = `1=127.0.0.1:${kafka.brokers[0]!.port}`
    const argv = ['--upstream', upstream, '--port', '0', '--cluster-name', 'orders', '--policy', policy]
    const { options } = await parseEmulatorArguments(argv, {})
    let emulator: MskIamEmulator | undefined
    let client: RawClient | undefined
    try {
      // The plaintext listener only: the TLS one would take the default port 9098.
      emulator = await startMskIamEmulator({ ...options, listeners: { ...options.listeners, tls: false } })
      client = await RawClient.connect(emulator.plaintextPort!)
      client.send(request(17, 1, 2, str('AWS_MSK_IAM')))
      const token = signIamPayload({
        host: emulator.brokers[0]!.host,
        region: 'us-east-1',
        accessKeyId: LOCAL_TEST_IDENTITY.accessKeyId,
        secretAccessKey: LOCAL_TEST_IDENTITY.secretAccessKey,
        now: Date.now(),
      })
      client.send(request(36, 1, 3, bytes(token)))
      await client.waitFor(2)
      expect(emulator.brokers[0]!.host).toBe('b-1.orders.abc123.c1.kafka.us-east-1.amazonaws.com')
      // SaslAuthenticate v1's error code: 0 when Connect on cluster/orders/… is allowed.
      expect(client.responses.find((r) => r.correlationId === 3)?.payload.readInt16BE(4)).toBe(0)
    } finally {
      client?.close()
      await emulator?.close()
    }
  })

  it('rejects --decision-service without authorization', async () => {
    const t = io()
    expect(await runEmulatorCommand(['--upstream', '127.0.0.1:1', '--decision-service', '0.0.0.0:9400'], t)).toBe(2)
    expect(t.err()).toMatch(/--decision-service and --cluster-arn need authorization/)
  })

  it('rejects a --decision-service that is not host:port', async () => {
    const t = io()
    expect(
      await runEmulatorCommand(
        ['--upstream', '127.0.0.1:1', '--authorization', 'record', '--decision-service', 'x'],
        t,
      ),
    ).toBe(2)
    expect(t.err()).toMatch(/--decision-service "x" is not host:port/)
  })
})
