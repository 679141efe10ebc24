import * as net from 'node:net'
import { DEFAULT_TIMEOUT_MS, DEFAULT_TLS_PORT } from '../constants.js'
import { parseCommandArgs, UsageError, type CommandArgsSpec } from '../parseCommandArgs.js'

/** A broker as given on the command line. */
export interface BrokerAddress {
  host: string
  port: number
}

export interface DoctorOptions {
  brokers: BrokerAddress[]
  region: string | undefined
  profile: string | undefined
  roleArn: string | undefined
  roleSessionName: string | undefined
  tls: boolean
  /** Path of a PEM file of extra trusted CAs (the emulator's test CA). */
  caFile: string | undefined
  /** Per network step (DNS, connect, TLS, each request). */
  timeoutMs: number
  callerIdentity: boolean
  /** After "Access denied", try signatures dated earlier and later to tell a skewed clock apart. */
  clockProbe: boolean
  json: boolean
  /** Host name → IP address, used instead of DNS (curl's --resolve). */
  resolve: Map<string, string>
  help: boolean
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/

const SPEC: CommandArgsSpec = {
  values: ['brokers', 'region', 'profile', 'role-arn', 'role-session-name', 'ca', 'timeout-ms', 'resolve'],
  switches: ['tls', 'no-tls', 'caller-identity', 'json', 'no-clock-probe', 'help'],
  repeatable: ['brokers', 'resolve'],
}

/** Parses `doctor` arguments: `--flag value` or `--flag=value`; --brokers and --resolve may repeat. */
export function parseDoctorArgs(argv: readonly string[]): DoctorOptions {
  const args = parseCommandArgs(argv, SPEC)
  const flags = args.switches
  const single = (name: string): string | undefined => args.values.get(name)
  const help = flags.has('help')
  if (flags.has('tls') && flags.has('no-tls')) throw new UsageError('give either --tls or --no-tls')
  const brokers = (args.lists.get('brokers') ?? [])
    .flatMap((list) => list.split(','))
    .filter((s) => s.trim() !== '')
    .map(parseBroker)
  if (brokers.length === 0 && !help) throw new UsageError('--brokers host:port[,host:port] is required')
  const region = single('region')
  if (region !== undefined && !REGION.test(region))
    throw new UsageError(`--region must be a region id such as us-east-1, got "${region}"`)
  const roleSessionName = single('role-session-name')
  const roleArn = single('role-arn')
  if (roleSessionName !== undefined && roleArn === undefined)
    throw new UsageError('--role-session-name needs --role-arn')
  const timeoutText = single('timeout-ms')
  const timeoutMs = timeoutText === undefined ? DEFAULT_TIMEOUT_MS : Number(timeoutText)
  if (!/^\d+$/.test(timeoutText ?? '0') || timeoutMs < 1 || timeoutMs > 600_000) {
    throw new UsageError(`--timeout-ms must be an integer from 1 to 600000, got "${timeoutText}"`)
  }
  return {
    brokers,
    region,
    profile: single('profile'),
    roleArn,
    roleSessionName,
    tls: !flags.has('no-tls'),
    caFile: single('ca'),
    timeoutMs,
    callerIdentity: flags.has('caller-identity'),
    clockProbe: !flags.has('no-clock-probe'),
    json: flags.has('json'),
    resolve: parseResolve(args.lists.get('resolve') ?? []),
    help,
  }
}

/** `host:port`, `[v6]:port`, or a bare host (port 9098). */
export function parseBroker(text: string): BrokerAddress {
  const trimmed = text.trim()
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(trimmed)
  const port = match?.[2] === undefined ? DEFAULT_TLS_PORT : Number(match[2])
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`broker "${trimmed}" is not host:port`)
  return { host: match[1], port }
}

/** `host=address` or curl's `host:port:address`, comma-separated lists allowed. */
function parseResolve(entries: readonly string[]): Map<string, string> {
  const map = new Map<string, string>()
  for (const entry of entries.flatMap((e) => e.split(','))) {
    const curl = /^([^:=\s]+):\d+:\[?([^\]\s]+)\]?$/.exec(entry)
    const plain = /^([^:=\s]+)=\[?([^\]\s]+)\]?$/.exec(entry)
    const match = plain ?? curl
    if (!match?.[1] || !match[2] || net.isIP(match[2]) === 0) {
      throw new UsageError(`--resolve "${entry}" must be host=IP (or host:port:IP)`)
    }
    map.set(match[1].toLowerCase(), match[2])
  }
  return map
}

export const DOCTOR_USAGE = `Usage: kafkajs-msk-iam doctor --brokers host:port[,host:port] [options]

Checks, for each broker: DNS, TCP connect, TLS, the SASL mechanisms it offers, one real AWS_MSK_IAM
authentication and Metadata; then DNS, TCP and TLS for every other broker the cluster advertises (kafkajs
connects to those); optionally who the credentials belong to; and the clock. Prints one line per check
and a verdict; exits 0 when everything passed, 1 when a check failed, 2 for bad arguments.

  --brokers LIST          brokers to check (the IAM bootstrap string: port 9098, or 9198 for public access)
  --region R              signing region (default: from the broker name, else AWS_REGION / the profile)
  --profile P             shared config profile for credentials (default: the AWS default chain)
  --role-arn ARN          assume this role before signing
  --role-session-name N   session name for --role-arn (default aws-msk-iam-auth)
  --tls / --no-tls        TLS to the broker (default --tls)
  --ca FILE               extra trusted CA certificates (PEM), e.g. the emulator's test CA
  --timeout-ms N          time limit of each network step (default ${DEFAULT_TIMEOUT_MS})
  --caller-identity       also call STS GetCallerIdentity (needs network access to STS)
  --no-clock-probe        after "Access denied", do not retry with shifted signing times
  --resolve HOST=IP       connect to IP instead of resolving HOST (repeatable; like curl's --resolve;
                          advertised broker names too)
  --json                  machine-readable report on stdout

Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the AWS default chain
(or --profile). No secret is printed.

Test hooks (environment): KAFKAJS_MSK_IAM_CLOCK_OFFSET_MS shifts the doctor's clock by that many ms (to
rehearse clock skew); KAFKAJS_MSK_IAM_STS_ENDPOINT replaces the STS endpoint URL.

IAM policies (which kafka-cluster: actions a workload needs), without a cluster:
  kafkajs-msk-iam doctor policy --help
`
