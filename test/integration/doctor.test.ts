// `kafkajs-msk-iam doctor` against the MSK IAM emulator (in front of the real Kafka from globalSetup), one
// failure mode at a time: in-process through runDoctorCommand with captured streams, and once as the built
// bin in a child process. Broker names are MSK-shaped and reach loopback through --resolve.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { runDoctorCommand } from '../../src/cli/doctorCommand.js'
import type { DoctorReport } from '../../src/cli/doctor/types.js'
import { startMskIamEmulator } from '../../src/testing/startMskIamEmulator.js'
import { TEST_CA_CERT } from '../../src/testing/testCertificates.js'
import type { EmulatorLogEntry, MskIamEmulator, MskIamEmulatorOptions } from '../../src/testing/types.js'
import { captureForScan, TEST_SECRETS } from '../helpers/secretScan.js'
import { kafkaUpstream } from '../helpers/emulatorHelpers.js'
import { captureIo } from '../helpers/captureIo.js'
import { MAIN, requireBuiltCli } from '../helpers/cliProcess.js'

const execFileAsync = promisify(execFile)

const alice = {
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  principalArn: 'arn:aws:iam::123456789012:user/alice',
}
const carol = {
  accessKeyId: 'ASIACAROL0000000003',
  secretAccessKey: TEST_SECRETS.otherSecretAccessKey,
  sessionToken: TEST_SECRETS.otherSessionToken,
  principalArn: 'arn:aws:sts::123456789012:assumed-role/orders/aws-msk-iam-auth',
}
const aliceEnv = { AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey }

let dir: string
let caFile: string
const emulators: MskIamEmulator[] = []
const servers: Array<net.Server | http.Server> = []
const decisions: EmulatorLogEntry[] = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'doctor-it-'))
  caFile = path.join(dir, 'ca.pem')
  await writeFile(caFile, TEST_CA_CERT)
})
afterAll(async () => rm(dir, { recursive: true, force: true }))
afterEach(async () => {
  decisions.length = 0
  for (const em of emulators.splice(0)) await em.close()
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
})

async function emulator(options: Partial<MskIamEmulatorOptions> = {}): Promise<MskIamEmulator> {
  const started = await startMskIamEmulator({
    upstream: kafkaUpstream(),
    identities: [alice, carol],
    log: (entry) => {
      decisions.push(entry)
      captureForScan(entry)
    },
    ...options,
  })
  emulators.push(started)
  return started
}

/** The doctor's arguments for broker 1 of `em` on the given listener, resolved to loopback. */
function target(em: MskIamEmulator, listener: 'tls' | 'plaintext' = 'tls', port?: number): string[] {
  const host = em.brokerHost(1)
  return [
    '--brokers',
    `${host}:${port ?? (listener === 'tls' ? em.tlsPort : em.plaintextPort)}`,
    '--resolve',
    `${host}=127.0.0.1`,
    '--ca',
    caFile,
    '--timeout-ms',
    '5000',
  ]
}

interface Run {
  code: number
  out: string
  err: string
}

async function doctor(argv: string[], env: NodeJS.ProcessEnv = aliceEnv): Promise<Run> {
  const io = captureIo()
  const code = await runDoctorCommand(argv, io, env)
  const out = io.out()
  const err = io.err()
  captureForScan(out)
  captureForScan(err)
  for (const secret of Object.values(TEST_SECRETS)) expect(out + err).not.toContain(secret)
  return { code, out, err }
}

async function doctorJson(argv: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; report: DoctorReport }> {
  const run = await doctor([...argv, '--json'], env)
  return { code: run.code, report: JSON.parse(run.out) as DoctorReport }
}

const kinds = (report: DoctorReport) => report.verdicts.map((v) => v.kind)
const checkOf = (report: DoctorReport, name: string) => report.brokers[0]!.checks.find((c) => c.check === name)!

describe('kafkajs-msk-iam doctor against the emulator', () => {
  it('success: every check passes, exit 0', async () => {
    const em = await emulator()
    const run = await doctor(target(em))
    expect(run.code).toBe(0)
    for (const label of ['DNS', 'TCP connect', 'TLS', 'SASL mechanisms', 'authentication'])
      expect(run.out).toMatch(new RegExp(`^  ✓ ${label} `, 'm'))
    expect(run.out).toMatch(
      /✓ authentication +accepted: key AKIAALICE00000000001, region us-east-1 \(from the broker name\), request-id [0-9a-f-]{36}, session 60 min/,
    )
    expect(run.out).toMatch(/^✓ clock /m)
    expect(run.out).toMatch(/Verdict: OK/)
    expect(decisions.find((d) => d.event === 'authenticate')).toMatchObject({
      outcome: 'accepted',
      principal: alice.principalArn,
    })
  })

  it('session credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN', async () => {
    const em = await emulator()
    const env = {
      AWS_ACCESS_KEY_ID: carol.accessKeyId,
      AWS_SECRET_ACCESS_KEY: carol.secretAccessKey,
      AWS_SESSION_TOKEN: carol.sessionToken,
    }
    const { code, report } = await doctorJson(target(em), env)
    expect(code).toBe(0)
    expect(report.credentials.summary).toBe(
      `access key ${carol.accessKeyId} from environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, temporary (with a session part)`,
    )
    expect(decisions.find((d) => d.event === 'authenticate')).toMatchObject({
      outcome: 'accepted',
      principal: carol.principalArn,
    })
  })

  it('wrong secret: Access denied naming the region and the key id; the clock is ruled out', async () => {
    const em = await emulator()
    const run = await doctor(target(em), { ...aliceEnv, AWS_SECRET_ACCESS_KEY: TEST_SECRETS.otherSecretAccessKey })
    expect(run.code).toBe(1)
    expect(run.out).toMatch(
      /✗ authentication +refused: "Access denied" \(request-id [0-9a-f-]{36}\) for key AKIAALICE00000000001, region us-east-1/,
    )
    const verdict = run.out.slice(run.out.indexOf('Verdict:')).replace(/\s+/g, ' ')
    expect(verdict).toMatch(
      /Access denied at b-1\.local\.abc123\.c1\.kafka\.us-east-1\.amazonaws\.com:\d+ \(request-id [0-9a-f-]{36}\) for access key AKIAALICE00000000001 signing for region us-east-1/,
    )
    expect(verdict).toMatch(/secret key does not belong to that access key id/)
    expect(verdict).toMatch(/Not the clock: signatures dated up to 3 h earlier and later were denied too/)
    const requestId = /request-id ([0-9a-f-]{36})/.exec(run.out)![1]
    expect(decisions.find((d) => d.outcome === 'denied')).toMatchObject({ requestId, reason: 'Access denied' })
    expect(decisions.find((d) => d.outcome === 'denied')?.detail).toMatch(/signature/)
  })

  it('wrong region: Access denied, and the verdict says the broker name has another region', async () => {
    const em = await emulator()
    const { code, report } = await doctorJson([...target(em), '--region', 'us-west-2', '--no-clock-probe'])
    expect(code).toBe(1)
    expect(kinds(report)).toEqual(['access-denied'])
    expect(report.verdicts[0]!.text).toMatch(
      /\(1\) the signing region us-west-2 \(from --region\) is not the cluster's: the broker name says us-east-1/,
    )
    expect(checkOf(report, 'authentication').facts).toMatchObject({
      region: 'us-west-2',
      regionSource: 'from --region',
      hostRegion: 'us-east-1',
    })
    expect(decisions.find((d) => d.outcome === 'denied')?.detail).toMatch(/region/)
  })

  it('mechanism not enabled (the broker offers only OAUTHBEARER)', async () => {
    const em = await emulator({ mechanisms: ['OAUTHBEARER'] })
    const run = await doctor(target(em))
    expect(run.code).toBe(1)
    expect(run.out).toMatch(
      /✗ SASL mechanisms +AWS_MSK_IAM is not enabled on this listener \(error 33; offered: OAUTHBEARER\)/,
    )
    expect(run.out).toMatch(/· authentication +skipped/)
    expect(run.out.replace(/\s+/g, ' ')).toMatch(/Use 9098\/9198, not 9092\/9094\/9096/)
  })

  it('TLS to the plaintext listener: the wrong-port verdict', async () => {
    const em = await emulator()
    const { code, report } = await doctorJson(target(em, 'plaintext'))
    expect(code).toBe(1)
    expect(checkOf(report, 'tcp').status).toBe('pass')
    expect(checkOf(report, 'tls')).toMatchObject({ status: 'fail', failure: 'wrong-port' })
    expect(kinds(report)).toEqual(['wrong-port'])
    expect(report.verdicts[0]!.text).toMatch(/Is this the plaintext port 9092\?/)
  })

  it('nothing listening: unreachable', async () => {
    const em = await emulator()
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const { code, report } = await doctorJson(target(em, 'tls', port))
    expect(code).toBe(1)
    expect(checkOf(report, 'tcp')).toMatchObject({
      status: 'fail',
      failure: 'unreachable',
      facts: { errorCode: 'ECONNREFUSED' },
    })
    expect(report.brokers[0]!.checks.slice(2).map((c) => c.status)).toEqual(['skip', 'skip', 'skip', 'skip'])
    expect(kinds(report)).toEqual(['unreachable'])
    expect(report.verdicts[0]!.text).toMatch(/nothing listens on port/)
  })

  it('rate limit: Too many connects', async () => {
    const em = await emulator()
    em.faults.set({ tooManyConnectsBurst: 1 })
    const { code, report } = await doctorJson(target(em))
    expect(code).toBe(1)
    expect(kinds(report)).toEqual(['too-many-connects'])
    const requestId = checkOf(report, 'authentication').facts!.requestId
    expect(decisions.find((d) => d.outcome === 'denied')).toMatchObject({ reason: 'Too many connects', requestId })
    expect(report.verdicts[0]!.text).toMatch(new RegExp(`"Too many connects" \\(request-id ${requestId}\\)`))
  })

  it('credentials about to expire: Session too short', async () => {
    const em = await emulator({ identities: [{ ...alice, expiresAt: Date.now() + 30_000 }], minSessionMs: 60_000 })
    const { code, report } = await doctorJson(target(em))
    expect(code).toBe(1)
    expect(kinds(report)).toEqual(['session-too-short'])
    expect(report.verdicts[0]!.text).toMatch(/"Session too short".*AKIAALICE00000000001 expire within moments/)
  })

  it('clock skew (KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS): the probe measures it and the verdict says so', async () => {
    const em = await emulator()
    const run = await doctor(target(em), { ...aliceEnv, KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS: String(10 * 60_000) })
    expect(run.code).toBe(1)
    expect(run.out).toMatch(/^\(test hook: clock shifted by 600000 ms\)/)
    expect(run.out).toMatch(
      /✗ clock +this clock \(.*\) is about 10 min fast: b-1\..* accepted a signature dated 10 min earlier/,
    )
    const verdict = run.out.slice(run.out.indexOf('Verdict:')).replace(/\s+/g, ' ')
    expect(verdict).toMatch(
      /The "Access denied" at b-1\.local\.abc123\.c1\.kafka\.us-east-1\.amazonaws\.com:\d+ comes from the clock\. This machine's clock is about 10 min fast/,
    )
    expect(verdict).not.toMatch(/Likely causes/)
    expect(decisions.filter((d) => d.outcome === 'denied')[0]?.detail).toMatch(/skew/)
    expect(decisions.filter((d) => d.event === 'authenticate' && d.outcome === 'accepted')).toHaveLength(1)
  })

  it('--caller-identity: a signed GetCallerIdentity, and the clock from the Date header', async () => {
    const em = await emulator()
    const requests: http.IncomingMessage[] = []
    let body = ''
    const sts = http.createServer((req, res) => {
      requests.push(req)
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        res.setHeader('Date', new Date(Date.now() - 7 * 60_000).toUTCString()) // STS 7 min behind us
        res.setHeader('Content-Type', 'text/xml')
        res.end(
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${alice.principalArn}</Arn><UserId>AIDAALICE</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        )
      })
    })
    servers.push(sts)
    await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(sts.address() as net.AddressInfo).port}/`
    const { code, report } = await doctorJson([...target(em), '--caller-identity'], {
      ...aliceEnv,
      KAFKAJS_MSK_IAM_STS_ENDPOINT: endpoint,
    })
    expect(report.callerIdentity).toMatchObject({
      status: 'pass',
      summary: `${alice.principalArn} (account 123456789012)`,
    })
    expect(requests[0]!.method).toBe('POST')
    expect(requests[0]!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001\/\d{8}\/us-east-1\/sts\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=/,
    )
    expect(body).toBe('Action=GetCallerIdentity&Version=2011-06-15')
    // The broker took our signature, but STS's clock says we are 7 minutes ahead: that is worth failing on.
    expect(report.clock).toMatchObject({
      status: 'fail',
      failure: 'clock-skew',
      facts: { skewSource: "STS's Date header" },
    })
    expect(Math.abs(report.clock.facts!.skewMs! - 7 * 60_000)).toBeLessThan(5000)
    expect(code).toBe(1)
    expect(kinds(report)).toEqual(['clock-skew'])
  })

  it('--caller-identity without a reachable STS fails that check only', async () => {
    const em = await emulator()
    const { code, report } = await doctorJson([...target(em), '--caller-identity'], {
      ...aliceEnv,
      KAFKAJS_MSK_IAM_STS_ENDPOINT: 'http://127.0.0.1:1/',
    })
    expect(code).toBe(1)
    expect(report.callerIdentity).toMatchObject({ status: 'fail', failure: 'caller-identity-failed' })
    expect(checkOf(report, 'authentication').status).toBe('pass')
    expect(report.clock.status).toBe('pass')
    expect(kinds(report)).toEqual(['caller-identity-failed'])
    expect(report.callerIdentity.summary).toMatch(/could not reach STS at http:\/\/127\.0\.0\.1:1/)
  })
})

describe('the brokers the cluster advertises (issue 12)', () => {
  // MSK Serverless-like: one bootstrap name (here through --resolve, as a load balancer or a CNAME would be),
  // brokers with their own names. kafkajs connects to the names Metadata returns, not to the bootstrap.
  const BOOTSTRAP = 'boot-orders.c1.kafka-serverless.us-east-1.amazonaws.com'
  const brokerName = (nodeId: number): string => `b-${nodeId}.orders.invalid`
  /** The doctor's arguments for the bootstrap listener, trusting the CA the emulator issued for these names. */
  async function bootstrapTarget(em: MskIamEmulator): Promise<string[]> {
    const issuedCa = path.join(dir, 'issued-ca.pem')
    await writeFile(issuedCa, em.caCert!)
    return [
      '--brokers',
      `${BOOTSTRAP}:${em.bootstrap!.tlsPort!}`,
      '--resolve',
      `${BOOTSTRAP}=127.0.0.1`,
      '--ca',
      issuedCa,
      '--timeout-ms',
      '5000',
    ]
  }

  it('a bootstrap that works while the brokers own names do not resolve: each advertised broker is checked', async () => {
    const em = await emulator({ bootstrapHost: BOOTSTRAP, brokerHost: brokerName })
    const { code, report } = await doctorJson(await bootstrapTarget(em))
    expect(code).toBe(1)
    const advertised = `${brokerName(1)}:${em.brokers[0]!.tlsPort!}`
    expect(report.brokers.map((b) => [b.broker, b.advertisedBy])).toEqual([
      [`${BOOTSTRAP}:${em.bootstrap!.tlsPort!}`, undefined],
      [advertised, `${BOOTSTRAP}:${em.bootstrap!.tlsPort!}`],
    ])
    expect(checkOf(report, 'authentication').status).toBe('pass')
    expect(checkOf(report, 'metadata')).toMatchObject({ status: 'pass', summary: `names 1 broker: ${advertised}` })
    expect(report.brokers[1]!.checks.map((c) => [c.check, c.status])).toEqual([
      ['dns', 'fail'],
      ['tcp', 'skip'],
      ['tls', 'skip'],
    ])
    expect(kinds(report)).toEqual(['advertised-unreachable'])
    expect(report.verdicts[0]!.text).toBe(
      `The cluster's Metadata (from ${BOOTSTRAP}:${em.bootstrap!.tlsPort!}) names ${advertised}, and kafkajs connects to ` +
        'the brokers it names, not to the bootstrap address: from here that name does not resolve (ENOTFOUND). The ' +
        'bootstrap address works, so something in front of the cluster (a load balancer, a CNAME, a tunnel or a hosts ' +
        'entry) reaches it but not every broker by its own name. Run the client where each broker name resolves and ' +
        "routes (inside the cluster's VPC, or with DNS forwarding and routes to every broker), or give each broker name " +
        'an address here (/etc/hosts; --resolve for the doctor): a load balancer cannot stand in for each broker.',
    )
  })

  it('advertised brokers that resolve and answer pass, and the verdict says they were checked', async () => {
    const em = await emulator({ bootstrapHost: BOOTSTRAP, brokerHost: brokerName })
    const { code, report } = await doctorJson([
      ...(await bootstrapTarget(em)),
      '--resolve',
      `${brokerName(1)}=127.0.0.1`,
    ])
    expect(code).toBe(0)
    expect(report.brokers[1]!.checks.map((c) => [c.check, c.status])).toEqual([
      ['dns', 'pass'],
      ['tcp', 'pass'],
      ['tls', 'pass'],
    ])
    expect(report.verdicts[0]!.text).toMatch(
      /the 1 broker the cluster's Metadata names besides it is reachable too \(DNS, TCP, TLS\)\./,
    )
  })

  it('brokers given on the command line are not checked twice', async () => {
    const em = await emulator()
    const { report } = await doctorJson(target(em))
    expect(report.brokers).toHaveLength(1)
    expect(checkOf(report, 'metadata')).toMatchObject({ status: 'pass' })
  })
})

describe('a SASL front whose Kafka is down (issue 12)', () => {
  async function closedPort(): Promise<number> {
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    return port
  }

  it('the emulator in front of a stopped Kafka: it answers SASL itself, then closes; the verdict names it', async () => {
    const em = await emulator({ upstream: { host: '127.0.0.1', port: await closedPort(), nodeId: 1 } })
    const { code, report } = await doctorJson(target(em))
    expect(code).toBe(1)
    expect(kinds(report)).toEqual(['upstream-down'])
    const text = report.verdicts[0]!.text
    expect(text).toMatch(
      /^b-1\.local\.abc123\.c1\.kafka\.us-east-1\.amazonaws\.com:\d+ is the kafkajs-msk-iam emulator \(its certificate is from the local test CA\), and its own connection to Kafka fails: it closes every connection by itself within /,
    )
    expect(text).toMatch(/Start Kafka first/)
    expect(text).toMatch(/--upstream/)
    expect(decisions.some((d) => d.event === 'close' && d.reason === 'upstream-error')).toBe(true)
  })

  it('the emulator on its plaintext listener, Kafka stopped: a SASL front whose Kafka is down', async () => {
    const em = await emulator({ upstream: { host: '127.0.0.1', port: await closedPort(), nodeId: 1 } })
    const { code, report } = await doctorJson([...target(em, 'plaintext'), '--no-tls'])
    expect(code).toBe(1)
    expect(kinds(report)).toEqual(['upstream-down'])
    expect(report.verdicts[0]!.text).toMatch(
      /accepts connections, but nothing behind it answers Kafka: it closes every connection by itself within .*the kafkajs-msk-iam emulator/,
    )
  })

  it('a Kafka behind the emulator that accepts but never answers: authenticated, then Metadata times out', async () => {
    // Reads (and drops) what the emulator relays: a socket that is not read never sees the emulator close it.
    const silent = net.createServer((socket) => socket.on('error', () => undefined).on('data', () => undefined))
    servers.push(silent)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as net.AddressInfo).port
    const em = await emulator({ upstream: { host: '127.0.0.1', port, nodeId: 1 } })
    const argv = target(em).map((a) => (a === '5000' ? '1500' : a))
    const { code, report } = await doctorJson(argv)
    expect(code).toBe(1)
    expect(checkOf(report, 'authentication').status).toBe('pass')
    expect(checkOf(report, 'metadata')).toMatchObject({ status: 'fail', failure: 'upstream-down' })
    expect(kinds(report)).toEqual(['upstream-down'])
    expect(report.verdicts[0]!.text).toMatch(/authentication succeeded, but Metadata got no answer within 1500 ms/)
  })
})

describe('the built bin', () => {
  beforeAll(requireBuiltCli)

  it('node dist/cjs/cli/main.js doctor … exits 0 against the emulator and 1 with a wrong secret', async () => {
    const em = await emulator()
    const run = (env: NodeJS.ProcessEnv) =>
      execFileAsync(process.execPath, [MAIN, 'doctor', ...target(em)], {
        cwd: dir,
        env: { PATH: process.env.PATH, ...env },
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          stdout: error.stdout,
          stderr: error.stderr,
        }),
      )
    const ok = await run(aliceEnv)
    captureForScan(ok.stdout + ok.stderr)
    expect(ok).toMatchObject({ code: 0, stderr: '' })
    expect(ok.stdout).toMatch(/Verdict: OK/)
    const denied = await run({ ...aliceEnv, AWS_SECRET_ACCESS_KEY: TEST_SECRETS.otherSecretAccessKey })
    captureForScan(denied.stdout + denied.stderr)
    expect(denied.code).toBe(1)
    expect(denied.stdout).toMatch(/Access denied at b-1\.local/)
  })
})
