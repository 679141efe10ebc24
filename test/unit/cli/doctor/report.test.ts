// The doctor's judgement, without a network: verdict texts per failure, how findings combine, the clock
// evidence, the clock probe's search, and the redacted rendering.
import { skewFromDate } from '../../../../src/sts/skewFromDate.js'
import { clockCheck } from '../../../../src/cli/doctor/checks/clockCheck.js'
import { probeClockSkew } from '../../../../src/cli/doctor/checks/probeClockSkew.js'
import { PROBE_SHIFTS_MINUTES } from '../../../../src/cli/constants.js'
import { renderJson, renderText, verdictsAndStatus } from '../../../../src/cli/doctor/report/renderReport.js'
import type { CheckResult, DoctorReport, FailureKind, FindingFacts } from '../../../../src/cli/doctor/types.js'
import { collectVerdicts } from '../../../../src/cli/doctor/report/collectVerdicts.js'
import { verdictText } from '../../../../src/cli/doctor/report/verdictText.js'
import { describeSkew, formatDuration } from '../../../../src/cli/doctor/formatDuration.js'
import { captureForScan, TEST_SECRETS } from '../../../helpers/secretScan.js'

const B1 = 'b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'
const B2 = 'b-2.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'

describe('verdictText', () => {
  it.each<[FailureKind, FindingFacts, RegExp[]]>([
    ['wrong-port', { port: 9092, errorCode: 'ECONNRESET' }, [/plaintext port 9092\?/, /9098/, /9198/]],
    ['wrong-port', { errorCode: 'TLS_REPLY' }, [/answered with TLS/, /Drop --no-tls/]],
    ['wrong-port', { errorCode: 'TLS_EXPECTED' }, [/require TLS/, /drop --no-tls/]],
    [
      'unreachable',
      { port: 9098, errorCode: 'ETIMEDOUT', timeoutMs: 5000 },
      [/unreachable \(no answer within 5000 ms\)/, /security group/, /NACL/, /VPC/],
    ],
    ['unreachable', { port: 9098, errorCode: 'ECONNREFUSED' }, [/Connection refused/, /nothing listens on port 9098/]],
    [
      'tls-certificate',
      { errorCode: 'CERT_HAS_EXPIRED', localTime: '2030-01-01T00:00:00.000Z' },
      [/CERT_HAS_EXPIRED/, /--ca/, /2030-01-01/],
    ],
    ['dns-failed', { errorCode: 'ENOTFOUND' }, [/does not resolve \(ENOTFOUND\)/, /get-bootstrap-brokers/]],
    [
      'mechanism-not-enabled',
      { mechanisms: ['SCRAM-SHA-512'] },
      [/offers SCRAM-SHA-512/, /use 9098\/9198, not 9092\/9094\/9096/i],
    ],
    ['mechanism-not-enabled', { mechanisms: [] }, [/no SASL on that listener/]],
    [
      'too-many-connects',
      { requestId: 'r-7' },
      [/Too many connects/, /request-id r-7/, /20 per second/, /module scope in Lambda/],
    ],
    ['session-too-short', { accessKeyId: 'ASIAEXAMPLE' }, [/Session too short/, /ASIAEXAMPLE/, /15 minutes/]],
    [
      'clock-skew',
      { skewMs: 600_000, skewSource: "STS's Date header" },
      [/about 10 min fast/, /STS's Date header/, /NTP/],
    ],
    ['clock-skew', { skewMs: -7_200_000 }, [/about 2 h slow/]],
    ['region-unresolved', {}, [/--region/, /awsMskIam\(\{ region \}\)/]],
    [
      'credentials-unavailable',
      { credentialSource: 'profile "dev"', message: 'profile not found' },
      [/profile "dev": profile not found/, /aws sso login/],
    ],
    ['invalid-payload', { requestId: 'r-9' }, [/Invalid authentication payload/, /r-9/]],
    ['caller-identity-failed', { errorCode: 'InvalidClientTokenId' }, [/InvalidClientTokenId/]],
    ['no-answer', { timeoutMs: 100 }, [/did not answer Kafka requests within 100 ms/]],
    [
      'advertised-unreachable',
      { advertisedBy: 'boot.example:9098', failedAs: 'unreachable', errorCode: 'ETIMEDOUT' },
      [/Metadata \(from boot\.example:9098\) names b-1\.demo/, /it is unreachable \(ETIMEDOUT\)/, /load balancer/],
    ],
    [
      'advertised-unreachable',
      { advertisedBy: 'boot.example:9098', failedAs: 'tls-certificate', errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      [/TLS fails on the certificate \(ERR_TLS_CERT_ALTNAME_INVALID\)/],
    ],
    [
      'upstream-down',
      { closedAfterMs: 3, issuer: 'Amazon' },
      [
        /accepts connections, but nothing behind it answers Kafka: it closes every connection by itself within 3 ms/,
        /Kafka proxy/,
      ],
    ],
    [
      'upstream-down',
      { errorCode: 'METADATA_TIMEOUT', timeoutMs: 1500, issuer: 'kafkajs-msk-iam test CA (not for production)' },
      [
        /is the kafkajs-msk-iam emulator .* the Kafka behind it does not answer: .*no answer within 1500 ms/,
        /--upstream/,
      ],
    ],
  ])('%s %j', (kind, facts, patterns) => {
    const text = verdictText(kind, facts, B1)
    for (const pattern of patterns) expect(text).toMatch(pattern)
  })

  it('Access denied names the key, the region and its likely causes', () => {
    const text = verdictText(
      'access-denied',
      {
        accessKeyId: 'AKIAEXAMPLE',
        region: 'eu-west-1',
        regionSource: 'from the broker name',
        hostRegion: 'eu-west-1',
        requestId: 'r-1',
        localTime: '2030-01-01T00:00:00.000Z',
      },
      B1,
    )
    expect(text).toMatch(
      /^Access denied at b-1\.demo.*\(request-id r-1\) for access key AKIAEXAMPLE signing for region eu-west-1\./,
    )
    expect(text).toMatch(/kafka-cluster:Connect/)
    expect(text).toMatch(/arn:aws:kafka:eu-west-1:<account>:cluster/)
    expect(text).toMatch(/secret key does not belong/)
    expect(text).toMatch(/clock is more than 5 minutes off \(this machine reads 2030-01-01/)
    expect(text).not.toMatch(/is not the cluster's region/) // the region came from the broker name itself
  })

  it('Access denied puts a region that contradicts the broker name first, and rules the clock out after a probe', () => {
    const text = verdictText(
      'access-denied',
      {
        accessKeyId: 'AKIAEXAMPLE',
        region: 'us-west-2',
        regionSource: 'from --region',
        hostRegion: 'eu-west-1',
        probedShiftMs: 3 * 3_600_000,
      },
      B1,
    )
    expect(text).toMatch(
      /Likely causes: \(1\) the signing region us-west-2 \(from --region\) is not the cluster's: the broker name says eu-west-1/,
    )
    expect(text).toMatch(/Not the clock: signatures dated up to 3 h earlier and later were denied too\./)
    expect(text).not.toMatch(/more than 5 minutes off/)
  })

  it('Access denied behind a custom name lists the region as a cause', () => {
    const text = verdictText(
      'access-denied',
      { accessKeyId: 'AKIAEXAMPLE', region: 'us-east-1', regionSource: 'from AWS_REGION or the profile' },
      'msk.example.internal:9098',
    )
    expect(text).toMatch(/us-east-1 \(from AWS_REGION or the profile\) is not the cluster's region/)
  })
})

const pass = (check: CheckResult['check'], summary = 'fine'): CheckResult => ({ check, status: 'pass', summary })
const fail = (check: CheckResult['check'], failure: FailureKind, facts: FindingFacts = {}): CheckResult => ({
  check,
  status: 'fail',
  summary: failure,
  failure,
  facts,
})
const skip = (check: CheckResult['check']): CheckResult => ({ check, status: 'skip', summary: 'skipped' })

function partial(
  brokers: Array<[string, CheckResult[]]>,
  clock: CheckResult = skip('clock'),
): Omit<DoctorReport, 'verdicts' | 'ok'> {
  return {
    credentials: pass('credentials'),
    brokers: brokers.map(([broker, checks]) => ({ broker, checks })),
    callerIdentity: skip('caller-identity'),
    clock,
  }
}

describe('collectVerdicts', () => {
  it('says OK with the key and region when nothing failed', () => {
    const auth: CheckResult = {
      check: 'authentication',
      status: 'pass',
      summary: 'ok',
      facts: { accessKeyId: 'AKIAEXAMPLE', region: 'eu-west-1' },
    }
    const { ok, verdicts } = verdictsAndStatus(
      partial([
        [B1, [pass('dns'), auth]],
        [B2, [pass('dns'), auth]],
      ]),
    )
    expect(ok).toBe(true)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toMatchObject({ kind: 'ok', brokers: [B1, B2] })
    expect(verdicts[0]!.text).toMatch(/all 2 brokers are reachable.*AKIAEXAMPLE.*eu-west-1/s)
  })

  it('groups one kind of failure across brokers, and keeps refused apart from blocked', () => {
    const verdicts = collectVerdicts(
      partial([
        [B1, [pass('dns'), fail('tcp', 'unreachable', { errorCode: 'ETIMEDOUT', port: 9098 })]],
        [B2, [pass('dns'), fail('tcp', 'unreachable', { errorCode: 'ETIMEDOUT', port: 9098 })]],
        ['b-3.x:9092', [pass('dns'), fail('tcp', 'unreachable', { errorCode: 'ECONNREFUSED', port: 9092 })]],
      ]),
    )
    expect(verdicts.map((v) => [v.kind, v.brokers])).toEqual([
      ['unreachable', [B1, B2]],
      ['unreachable', ['b-3.x:9092']],
    ])
    expect(verdicts[0]!.text).toMatch(
      new RegExp(`^${B1.replace(/\./g, '\\.')}, ${B2.replace(/\./g, '\\.')} is unreachable`),
    )
  })

  it('names every advertised broker that fails, in one verdict per kind of failure, apart from the given ones', () => {
    const named = (broker: string, checks: CheckResult[]) => ({ broker, advertisedBy: B1, checks })
    const report = partial([[B1, [pass('dns'), pass('metadata')]]])
    report.brokers.push(
      named(B2, [fail('dns', 'dns-failed', { errorCode: 'ENOTFOUND' }), skip('tcp'), skip('tls')]),
      named('b-3.demo:9098', [fail('dns', 'dns-failed', { errorCode: 'ENOTFOUND' }), skip('tcp'), skip('tls')]),
      named('b-4.demo:9098', [pass('dns'), fail('tcp', 'unreachable', { errorCode: 'ECONNREFUSED' }), skip('tls')]),
    )
    const { ok, verdicts } = verdictsAndStatus(report)
    expect(ok).toBe(false)
    expect(verdicts.map((v) => [v.kind, v.brokers])).toEqual([
      ['advertised-unreachable', [B2, 'b-3.demo:9098']],
      ['advertised-unreachable', ['b-4.demo:9098']],
    ])
    expect(verdicts[0]!.text).toMatch(
      /names b-2\.demo.*, b-3\.demo:9098, .*from here those names do not resolve \(ENOTFOUND\)/,
    )
    expect(verdicts[1]!.text).toMatch(/from here it is unreachable \(ECONNREFUSED\)/)
  })

  it('says OK for the advertised brokers too, counting only the given ones as given', () => {
    const report = partial([[B1, [pass('dns'), pass('metadata')]]])
    report.brokers.push({ broker: B2, advertisedBy: B1, checks: [pass('dns'), pass('tcp'), pass('tls')] })
    const [verdict] = collectVerdicts(report)
    expect(verdict!.text).toMatch(
      /^All checks passed: the broker is reachable, .*; the 1 broker the cluster's Metadata names besides it is reachable too \(DNS, TCP, TLS\)\./,
    )
  })

  it('lets a measured clock skew explain "Access denied" instead of listing both', () => {
    const clock = fail('clock', 'clock-skew', { skewMs: 600_000, skewSource: 'a broker' })
    const verdicts = collectVerdicts(
      partial([[B1, [fail('authentication', 'access-denied', { accessKeyId: 'AKIAEXAMPLE' })]]], clock),
    )
    expect(verdicts.map((v) => v.kind)).toEqual(['clock-skew'])
    expect(verdicts[0]!.text).toMatch(/The "Access denied" at b-1\.demo.* comes from the clock/)
  })

  it('passes the clock probe result into the "Access denied" verdict', () => {
    const clock: CheckResult = {
      check: 'clock',
      status: 'pass',
      summary: 'not the cause',
      facts: { probedShiftMs: 3_600_000 },
    }
    const [verdict] = collectVerdicts(
      partial(
        [[B1, [fail('authentication', 'access-denied', { accessKeyId: 'AKIAEXAMPLE', region: 'eu-west-1' })]]],
        clock,
      ),
    )
    expect(verdict!.text).toMatch(/Not the clock: signatures dated up to 60 min/)
  })

  it('fails the run on any failed check, but not on warnings or skips', () => {
    expect(verdictsAndStatus(partial([[B1, [{ check: 'dns', status: 'warn', summary: 'IP' }, skip('tls')]]])).ok).toBe(
      true,
    )
    expect(
      verdictsAndStatus({ ...partial([]), callerIdentity: fail('caller-identity', 'caller-identity-failed') }).ok,
    ).toBe(false)
  })
})

describe('clockCheck', () => {
  const localTime = '2030-01-01T00:00:00.000Z'
  it('reports a skew found by the probe as a failure', () => {
    const result = clockCheck({
      localTime,
      probe: { broker: B1, result: { skewMs: 1_200_000, probedShiftMs: 1_200_000, attempts: 3, inconclusive: false } },
    })
    expect(result).toMatchObject({ status: 'fail', failure: 'clock-skew', facts: { skewMs: 1_200_000 } })
    expect(result.summary).toMatch(/about 20 min fast: b-1.* accepted a signature dated 20 min earlier/)
  })
  it.each([
    [400_000, 'fail'],
    [-90_000, 'warn'],
    [2_000, 'pass'],
  ] as const)("judges STS's Date header: skew %d ms → %s", (stsSkewMs, status) => {
    expect(clockCheck({ localTime, stsSkewMs }).status).toBe(status)
  })
  it('passes when a broker accepted a signature, rules the clock out after a fruitless probe, else skips', () => {
    expect(clockCheck({ localTime, acceptedBy: B1 }).status).toBe('pass')
    const ruledOut = clockCheck({
      localTime,
      probe: { broker: B1, result: { probedShiftMs: 10_800_000, attempts: 16, inconclusive: false } },
    })
    expect(ruledOut).toMatchObject({ status: 'pass', facts: { probedShiftMs: 10_800_000 } })
    expect(
      clockCheck({ localTime, probe: { broker: B1, result: { probedShiftMs: 0, attempts: 2, inconclusive: true } } })
        .status,
    ).toBe('skip')
    expect(clockCheck({ localTime }).summary).toMatch(/--caller-identity/)
  })
})

describe('probeClockSkew', () => {
  const brokerAt = (skewMs: number) => async (shiftMs: number) =>
    Math.abs(skewMs + shiftMs) <= 5 * 60_000 ? 'accepted' : 'denied'

  it.each([600_000, -600_000, 25 * 60_000, -47 * 60_000, 2 * 3_600_000 + 120_000])(
    'finds a clock off by %d ms within 5 minutes',
    async (skewMs) => {
      const result = await probeClockSkew(brokerAt(skewMs), { pauseMs: 0 })
      expect(result.skewMs).toBeDefined()
      expect(Math.abs(result.skewMs! - skewMs)).toBeLessThanOrEqual(5 * 60_000)
      expect(result.inconclusive).toBe(false)
    },
  )

  it('tries every shift both ways when nothing is accepted', async () => {
    const shifts: number[] = []
    const result = await probeClockSkew(async (shift) => (shifts.push(shift), 'denied'), { pauseMs: 0 })
    expect(result).toEqual({
      probedShiftMs: 180 * 60_000,
      attempts: PROBE_SHIFTS_MINUTES.length * 2,
      inconclusive: false,
    })
    expect(shifts.slice(0, 4)).toEqual([-600_000, 600_000, -1_200_000, 1_200_000])
  })

  it('gives up as inconclusive after two connection errors in a row', async () => {
    const result = await probeClockSkew(async () => 'error', { pauseMs: 0 })
    expect(result).toEqual({ probedShiftMs: 0, attempts: 2, inconclusive: true })
  })
})

describe('rendering', () => {
  const report: DoctorReport = {
    ok: false,
    credentials: pass('credentials', 'access key AKIAEXAMPLE'),
    brokers: [
      {
        broker: B1,
        checks: [
          pass('dns', '10.0.0.1'),
          fail('authentication', 'authentication-failed', { message: `echo ${TEST_SECRETS.secretAccessKey}` }),
        ],
      },
    ],
    callerIdentity: skip('caller-identity'),
    clock: skip('clock'),
    verdicts: [
      {
        kind: 'authentication-failed',
        brokers: [B1],
        text: `leaked ${TEST_SECRETS.sessionToken} and ${TEST_SECRETS.otherSecretAccessKey}`,
      },
    ],
  }

  it('prints one marked line per check, then the verdict, without secrets', () => {
    const text = renderText(report, [TEST_SECRETS.sessionToken])
    captureForScan(text)
    expect(text).toMatch(/^✓ credentials {6}access key AKIAEXAMPLE$/m)
    expect(text).toMatch(/^ {2}✓ DNS {14}10\.0\.0\.1$/m)
    expect(text).toMatch(/^ {2}✗ authentication {3}authentication-failed$/m)
    expect(text).toMatch(/^· caller identity/m)
    expect(text).toMatch(/Verdict: FAILED/)
    expect(text).not.toContain(TEST_SECRETS.sessionToken)
    expect(text).not.toContain(TEST_SECRETS.otherSecretAccessKey)
  })

  it('prints JSON that parses, without secrets', () => {
    const json = renderJson(report, [TEST_SECRETS.sessionToken])
    captureForScan(json)
    const parsed = JSON.parse(json) as DoctorReport
    expect(parsed.ok).toBe(false)
    expect(parsed.brokers[0]!.checks[1]!.facts!.message).toBe('echo [redacted]')
    expect(json).not.toContain(TEST_SECRETS.secretAccessKey)
  })
})

describe('small helpers', () => {
  it('formats durations and skews for people', () => {
    expect([850, 12_000, 900_000, 7_500_000, 7_200_000].map(formatDuration)).toEqual([
      '850 ms',
      '12 s',
      '15 min',
      '2 h 5 min',
      '2 h',
    ])
    expect(describeSkew(-180_000)).toBe('about 3 min slow')
  })

  it("measures skew against an HTTP Date header's second", () => {
    const date = 'Tue, 01 Jan 2030 00:00:00 GMT'
    const server = Date.parse(date)
    expect(skewFromDate(date, server + 600_000, server + 600_200)).toBe(600_000 + 100 - 500)
    expect(skewFromDate(null, 0, 0)).toBeUndefined()
    expect(skewFromDate('garbage', 0, 0)).toBeUndefined()
  })
})
