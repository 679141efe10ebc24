// `kafkajs-msk-iam local` in-process on a fake Kafka cluster: options reach the cluster, the CA file is
// written, the banner names brokers, identity and a working kafkajs config, and a stop closes everything.
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { runLocalCommand } from '../../../src/cli/localCommand.js'
import { LOCAL_TEST_IDENTITY } from '../../../src/testing/constants.js'
import type { LocalKafka, StartKafkaCluster } from '../../../src/testing/local/types.js'
import { captureIo } from '../../helpers/captureIo.js'
import { FakeKafkaCluster } from '../../helpers/FakeKafkaCluster.js'

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 10))
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port })
    s.once('connect', () => (s.destroy(), resolve(false)))
    s.once('error', () => resolve(true))
  })
}

describe('runLocalCommand', () => {
  let dir: string
  const clusters: { options: unknown; closed: boolean; fake: FakeKafkaCluster }[] = []
  const startCluster: StartKafkaCluster = async (options) => {
    const fake = await FakeKafkaCluster.start(Array.from({ length: options.brokers }, (_, i) => i + 1))
    const entry = { options, closed: false, fake }
    clusters.push(entry)
    const cluster: LocalKafka = {
      nodes: fake.brokers.map((b) => ({ nodeId: b.nodeId, host: '127.0.0.1', port: b.port })),
      stopBroker: async () => undefined,
      startBroker: async () => undefined,
      close: async () => {
        entry.closed = true
        await fake.close()
      },
    }
    return cluster
  }
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'local-cli-'))
  })
  afterEach(async () => {
    for (const c of clusters.splice(0)) if (!c.closed) await c.fake.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('prints usage for --help', async () => {
    const t = captureIo()
    expect(await runLocalCommand(['--help'], { ...t, startCluster })).toBe(0)
    expect(t.out()).toMatch(/--brokers N\s+Kafka brokers, 1-5 \(default 3\)/)
  })

  it.each([
    [['--brokers', 'three'], /--brokers must be a non-negative integer/],
    [['--profile', 'express'], /--profile must be provisioned or serverless/],
    [['--nope'], /unknown option --nope/],
  ])('rejects %j with exit code 2, starting nothing', async (argv, message) => {
    const t = captureIo()
    expect(await runLocalCommand(argv, { ...t, startCluster })).toBe(2)
    expect(t.err()).toMatch(message)
    expect(clusters).toEqual([])
  })

  it('reports an option the cluster refuses with exit code 1', async () => {
    const t = captureIo()
    expect(await runLocalCommand(['--brokers', '9'], { ...t, startCluster })).toBe(1)
    expect(t.err()).toMatch(/could not start: startLocalMsk: brokers must be 1 to 5/)
  })

  it('starts, writes the CA, prints a working config, and stops everything when asked', async () => {
    const caOut = path.join(dir, 'ca.pem')
    const t = captureIo()
    const controller = new AbortController()
    const run = runLocalCommand(
      ['--brokers', '2', '--port', '0', '--ca-out', caOut, '--region', 'eu-central-1', '--log'],
      { ...t, signal: controller.signal, startCluster },
    )
    await until(() => t.err().includes('Ctrl-C stops Kafka and the emulator.'))
    const banner = t.err()
    const bootstrap = /bootstrap brokers {2}(\S+)/.exec(banner)![1]!.split(',')
    expect(bootstrap).toEqual([
      expect.stringMatching(/^b-1\.local\.abc123\.c1\.kafka\.eu-central-1\.amazonaws\.com:\d+$/),
      expect.stringMatching(/^b-2\.local\.abc123\.c1\.kafka\.eu-central-1\.amazonaws\.com:\d+$/),
    ])
    expect(banner).toMatch(/cluster ARN +arn:aws:kafka:eu-central-1:123456789012:cluster\/local\/[0-9a-f-]+-1/)
    expect(banner).toContain(`secret access key ${LOCAL_TEST_IDENTITY.secretAccessKey}`)
    expect(banner).toContain(
      `sasl: awsMskIam({ region: 'eu-central-1', credentials: { accessKeyId: '${LOCAL_TEST_IDENTITY.accessKeyId}'`,
    )
    expect(new X509Certificate(await readFile(caOut, 'utf8')).ca).toBe(true)
    expect(t.out()).toMatch(/"event":"listening"/)
    const ports = bootstrap.map((b) => Number(b.slice(b.lastIndexOf(':') + 1)))
    controller.abort()
    expect(await run).toBe(0)
    expect(t.err()).toMatch(/Stopping \(aborted\)…\nStopped Kafka and the emulator\.\n$/)
    expect(clusters[0]!.closed).toBe(true)
    for (const port of ports) expect(await refused(port)).toBe(true)
  })
})

describe('runLocalCommand: authorization flags', () => {
  let dir: string
  const fakes: FakeKafkaCluster[] = []
  const seen: Parameters<StartKafkaCluster>[0][] = []
  // A fake cluster whose brokers take the emulator's upstream login, on their IAM_UPSTREAM "listener".
  const startCluster: StartKafkaCluster = async (options) => {
    seen.push(options)
    const fake = await FakeKafkaCluster.start(Array.from({ length: options.brokers }, (_, i) => i + 1))
    fake.acceptsUpstreamLogin = true
    fakes.push(fake)
    return {
      nodes: fake.brokers.map((b) => ({
        nodeId: b.nodeId,
        host: '127.0.0.1',
        port: b.port,
        ports: { IAM_UPSTREAM: b.port },
      })),
      stopBroker: async () => undefined,
      startBroker: async () => undefined,
      close: () => fake.close(),
    }
  }
  const authorizerJar = async (): Promise<string> => '/not/built.jar'
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'local-cli-authz-'))
    seen.length = 0
  })
  afterEach(async () => {
    for (const f of fakes.splice(0)) await f.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** Starts `local` with `argv`, authenticates once as the local test identity; returns the answer's error code. */
  async function oneAuthentication(
    argv: string[],
  ): Promise<{ code: number; exit: Promise<number>; stop(): void; t: ReturnType<typeof captureIo> }> {
    const { RawClient } = await import('../../helpers/emulatorHelpers.js')
    const { bytes, request, str } = await import('../../helpers/emulatorBytes.js')
    const { signIamPayload } = await import('../../helpers/emulatorTestSigner.js')
    const t = captureIo()
    const controller = new AbortController()
    const exit = runLocalCommand(
      ['--brokers', '1', '--port', '0', '--ca-out', path.join(dir, 'ca.pem'), '--log', ...argv],
      {
        ...t,
        signal: controller.signal,
        startCluster,
        authorizerJar,
      },
    )
    await until(() => t.err().includes('Ctrl-C stops Kafka and the emulator.') || t.err().includes('could not start'))
    const bootstrap = /bootstrap brokers {2}(\S+)/.exec(t.err())![1]!
    const [host = '', port = ''] = bootstrap.split(':')
    const ca = await readFile(path.join(dir, 'ca.pem'), 'utf8')
    const client = await RawClient.connect(Number(port), { tls: { ca, servername: host } })
    client.send(request(17, 1, 1, str('AWS_MSK_IAM')))
    const token = signIamPayload({ host, region: 'us-east-1', ...LOCAL_TEST_IDENTITY, now: Date.now() })
    client.send(request(36, 1, 2, bytes(token)))
    const [, auth] = await client.waitFor(2)
    client.close()
    return { code: auth!.payload.readInt16BE(4), exit, stop: () => controller.abort(), t }
  }

  it('--policy: the local test identity gets those policies, enforced (Connect denied without it)', async () => {
    const file = path.join(dir, 'policy.json')
    await writeFile(
      file,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'kafka-cluster:DescribeTopic', Resource: '*' }],
      }),
    )
    const run = await oneAuthentication(['--policy', file])
    expect(run.code).toBe(58)
    expect(run.t.err()).toMatch(/authorization +enforce: every Kafka request is checked/)
    expect(run.t.out()).toMatch(/"event":"authenticate".*"action":"kafka-cluster:Connect"/)
    expect(seen[0]).toMatchObject({
      listeners: [{ name: 'IAM_UPSTREAM', securityProtocol: 'SASL_PLAINTEXT' }],
      classpath: ['/not/built.jar'],
      properties: expect.objectContaining({
        'authorizer.class.name': 'dev.kafkajsmskiam.authorizer.MskIamAuthorizer',
      }) as unknown,
    })
    run.stop()
    expect(await run.exit).toBe(0)
  })

  it('--record-policy FILE: everything allowed, and the least-privilege policy written on exit', async () => {
    const file = path.join(dir, 'recorded.json')
    const run = await oneAuthentication(['--record-policy', file])
    expect(run.code).toBe(0)
    run.stop()
    expect(await run.exit).toBe(0)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Cluster',
          Effect: 'Allow',
          Action: ['kafka-cluster:Connect'],
          Resource: ['arn:aws:kafka:us-east-1:123456789012:cluster/local/*'],
        },
      ],
    })
    expect(run.t.err()).toContain(
      `Wrote the least-privilege policy for what the clients did (1 statement(s)) to ${file}`,
    )
  })

  it.each([
    [['--authorization', 'maybe'], /--authorization must be enforce, record or off/],
    [['--record-policy', 'x.json', '--authorization', 'enforce'], /cannot be combined with --authorization enforce/],
    [['--policy', '/does/not/exist.json'], /--policy \/does\/not\/exist\.json: ENOENT/],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const t = captureIo()
    expect(await runLocalCommand(argv, { ...t, startCluster, authorizerJar })).toBe(2)
    expect(t.err()).toMatch(message)
    expect(seen).toEqual([])
  })

  it('rejects an invalid policy document before starting anything', async () => {
    const file = path.join(dir, 'bad.json')
    await writeFile(
      file,
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Perhaps', Action: '*', Resource: '*' }] }),
    )
    const t = captureIo()
    expect(await runLocalCommand(['--policy', file], { ...t, startCluster, authorizerJar })).toBe(2)
    expect(t.err()).toMatch(/--policy: Invalid IAM policy: .*Effect/)
  })
})
