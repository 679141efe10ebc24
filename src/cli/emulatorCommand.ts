import { writeFile } from 'node:fs/promises'
import {
  DEFAULT_CLUSTER_ID,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_REGION,
  KAFKAJS_DEFAULT_REAUTHENTICATION_THRESHOLD_MS,
  LOCAL_TEST_IDENTITY,
} from '../testing/constants.js'
import { defaultBrokerHost } from '../testing/defaultBrokerHost.js'
import { jsonLineLogger } from '../testing/jsonLineLogger.js'
import { startMskIamEmulator } from '../testing/startMskIamEmulator.js'
import type { MskIamEmulatorOptions, UpstreamAddress } from '../testing/types.js'
import type { EmulatorIdentity } from '../testing/verifier/types.js'
import {
  AUTHORIZATION_USAGE,
  AUTHORIZATION_VALUE_FLAGS,
  authorizationArgs,
  withDefaultPolicies,
  writeRecordedPolicy,
} from './authorizationArgs.js'
import { checkKafkaAnswers } from './checkKafkaAnswers.js'
import { DEFAULT_PLAINTEXT_PORT, DEFAULT_TLS_PORT, PUBLIC_TLS_PORT } from './constants.js'
import {
  integerOption,
  parseCommandArgs,
  sessionLifetimeOption,
  UsageError,
  type ParsedArgs,
} from './parseCommandArgs.js'
import { loadIdentities } from './loadIdentities.js'
import { localClusterBanner } from './localClusterBanner.js'
import { untilStopped } from './untilStopped.js'

const LAZY_CLIENT_FLOOR_MS = KAFKAJS_DEFAULT_REAUTHENTICATION_THRESHOLD_MS + 1000

const USAGE = `Usage: kafkajs-msk-iam emulator --upstream host:port [options]

Runs the MSK IAM emulator in front of a PLAINTEXT Kafka (one or more brokers) until Ctrl-C, SIGTERM or
SIGHUP; one JSON line per decision on stdout, the ready banner on stderr.

  --upstream A[,B…]          Kafka: host:port (brokers are discovered from its Metadata), or
                             nodeId=host:port for every broker (no discovery, e.g. inside Docker)
                             (default: $KAFKA_BOOTSTRAP, else 127.0.0.1:9092)
  --tls-port N               broker 1's TLS listener, MSK's IAM port (default ${DEFAULT_TLS_PORT}; ${PUBLIC_TLS_PORT} with --public);
                             broker n listens 1000 higher per step (${DEFAULT_TLS_PORT}, ${DEFAULT_TLS_PORT + 1000}, …); 0 = free ports
  --port N                   broker 1's plaintext listener: a test convenience, not an MSK port (default
                             ${DEFAULT_PLAINTEXT_PORT}, then 1000 higher per broker; 0 = free ports)
  --no-plaintext             no plaintext listeners
  --public                   mirror MSK public access: names b-N-public.…, TLS from port ${PUBLIC_TLS_PORT}
  --host H                   bind address (default 127.0.0.1; 0.0.0.0 inside a container)
  --region R                 region of signatures and broker names (default us-east-1)
  --cluster-name NAME        broker names b-N.NAME.ID.c1.kafka.R.amazonaws.com (default local)
  --cluster-id ID            (default abc123)
  --identities FILE          JSON array of { accessKeyId, secretAccessKey, sessionToken?, principalArn,
                             expiresAt? } (default: one local test identity, ${LOCAL_TEST_IDENTITY.accessKeyId};
                             the shell's AWS_* variables are never used)
  --ca-out FILE              write the CA certificate clients must trust to FILE
  --session-lifetime L       credential-expiry (default: until the credentials expire; long-term keys 1 h),
                             presign-window (x-amz-date + x-amz-expires), or milliseconds
  --max-session-ms N         a cap on every session (default none). Below ${LAZY_CLIENT_FLOOR_MS} kafkajs clients
                             without proactiveReauthentication() re-authenticate before every request and
                             are disconnected (its reauthenticationThreshold is 10 s)
  --min-session-ms N         shorter sessions fail with "Session too short" (default 1000)
  --connections-per-second N new IAM connections per second per broker before "Too many connects"
                             (MSK: 20, 4 on kafka.t3.small; default: no limit)
  --max-connections N        open connections per broker before "Too many connects" (MSK: 3000; default none)

Authorization (Kafka must load the authorizer and have the IAM_UPSTREAM listener; --upstream names that
listener, nodeId=host:port for every broker; see the emulator reference):
${AUTHORIZATION_USAGE.trimEnd()}
  --cluster-arn ARN          the ARN policies are written for (default
                             arn:aws:kafka:<region>:123456789012:cluster/<cluster-name>/00000000-0000-0000-0000-000000000000-1)
  --decision-service H:P     where Kafka's authorizer reaches the emulator (default 127.0.0.1 and a free port;
                             0.0.0.0:9400 inside a container)
`

/** Stops the command in tests; the CLI stops on SIGINT/SIGTERM/SIGHUP or when its parent exits. */
export interface EmulatorCommandIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  signal?: AbortSignal
}

export interface Parsed {
  options: MskIamEmulatorOptions
  caOut: string | undefined
  recordTo: string | undefined
  warnings: string[]
}

/**
 * `kafkajs-msk-iam emulator …`: checks that Kafka answers, starts the emulator and runs until stopped.
 * Returns the exit code: 0 after a clean stop, 1 if it could not start (Kafka unreachable included), 2
 * for bad arguments.
 */
export async function runEmulatorCommand(argv: string[], io: EmulatorCommandIo): Promise<number> {
  let parsed: Parsed
  try {
    const args = parseCommandArgs(argv, { values: VALUE_FLAGS, switches: SWITCHES })
    if (args.switches.has('help')) {
      io.stdout.write(USAGE)
      return 0
    }
    parsed = await parseArguments(args, process.env)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.stderr.write(`emulator: ${err.message}\n\n${USAGE}`)
    return 2
  }
  const { options, caOut, warnings, recordTo } = parsed
  const upstream = options.upstream as UpstreamAddress[]
  const unreachable = await checkKafkaAnswers(upstream, { sasl: options.authorization !== undefined })
  if (unreachable !== undefined) {
    io.stderr.write(
      `emulator: Kafka does not answer (${unreachable}).\n` +
        `Start Kafka first (its PLAINTEXT listener), or point --upstream at it; the emulator did not start.\n`,
    )
    return 1
  }
  let emulator
  try {
    emulator = await startMskIamEmulator({ ...options, log: jsonLineLogger(io.stdout) })
    if (caOut !== undefined && emulator.caCert !== undefined) await writeFile(caOut, emulator.caCert)
  } catch (err) {
    await emulator?.close()
    io.stderr.write(`emulator: could not start: ${(err as Error).message}\n`)
    return 1
  }
  const localhost = emulator.brokers.map((b) => `localhost:${b.tlsPort ?? b.plaintextPort}`)
  io.stderr.write(
    localClusterBanner({
      title: `MSK IAM emulator ready (pid ${process.pid}) in front of Kafka broker${emulator.brokers.length > 1 ? 's' : ''} ${emulator.brokers.map((b) => `${b.nodeId} at ${b.upstream.host}:${b.upstream.port}`).join(', ')}`,
      bootstrapBrokers: emulator.bootstrapBrokers(emulator.tlsPort === undefined ? 'plaintext' : 'tls'),
      localhostBrokers: localhost,
      names: Object.keys(emulator.hosts),
      region: emulator.region,
      identity: (options.identities ?? [])[0] as EmulatorIdentity,
      caFile: caOut,
      warnings: [
        ...warnings,
        ...(emulator.plaintextPort === undefined
          ? []
          : [
              `plaintext test listeners (no TLS, still IAM) on ${emulator.brokers.map((b) => b.plaintextPort).join(', ')}: MSK has none`,
            ]),
      ],
      authorization:
        emulator.authorizer === undefined
          ? undefined
          : `${emulator.authorization}; Kafka's authorizer asks ${emulator.authorizer.serviceUrl} (msk.iam.authorizer.url)`,
      stopHint: 'Ctrl-C stops the emulator.',
    }),
  )
  await untilStopped(io.signal)
  try {
    if (recordTo !== undefined) await writeRecordedPolicy(recordTo, emulator.recordedPolicy(), io.stderr)
  } finally {
    await emulator.close()
  }
  return 0
}

const VALUE_FLAGS = [
  'upstream',
  'port',
  'tls-port',
  'host',
  'region',
  'cluster-name',
  'cluster-id',
  'identities',
  'ca-out',
  'session-lifetime',
  'max-session-ms',
  'min-session-ms',
  'connections-per-second',
  'max-connections',
  'cluster-arn',
  'decision-service',
  ...AUTHORIZATION_VALUE_FLAGS,
]
const SWITCHES = ['help', 'public', 'no-plaintext']

/** What `emulator <argv>` would start with (checks docker-compose.yml's command line); throws UsageError. */
export function parseEmulatorArguments(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Parsed> {
  return parseArguments(parseCommandArgs(argv, { values: VALUE_FLAGS, switches: SWITCHES }), env)
}

async function parseArguments(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<Parsed> {
  const upstream = (args.values.get('upstream') ?? env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092')
    .split(',')
    .map((entry) => parseUpstream(entry))
  const host = args.values.get('host')
  const region = args.values.get('region')
  const publicAccess = args.switches.has('public')
  const perSecond = integerOption(args, 'connections-per-second')
  const maxConnections = integerOption(args, 'max-connections')
  const maxSessionMs = integerOption(args, 'max-session-ms')
  const warnings: string[] = []
  if (maxSessionMs !== undefined && maxSessionMs < LAZY_CLIENT_FLOOR_MS) {
    warnings.push(
      `--max-session-ms ${maxSessionMs} is below kafkajs's reauthenticationThreshold + 1 s (${LAZY_CLIENT_FLOOR_MS}): kafkajs clients without proactiveReauthentication() will be disconnected`,
    )
  }
  const clusterName = args.values.get('cluster-name')
  const clusterId = args.values.get('cluster-id')
  const names = defaultBrokerHost(
    clusterName ?? DEFAULT_CLUSTER_NAME,
    clusterId ?? DEFAULT_CLUSTER_ID,
    region ?? DEFAULT_REGION,
  )
  const authz = await authorizationArgs(args)
  const identities = withDefaultPolicies(await loadIdentities(args.values.get('identities')), authz.policies)
  const mode =
    authz.mode ?? (authz.clusterPolicy !== undefined || identities.some((i) => i.policies) ? 'enforce' : 'off')
  const decisionService = args.values.get('decision-service')
  const service = decisionService === undefined ? undefined : parseHostPort(decisionService, '--decision-service')
  if (mode === 'off' && (service !== undefined || args.values.has('cluster-arn')))
    throw new UsageError('--decision-service and --cluster-arn need authorization (--policy, --authorization)')
  return {
    options: {
      upstream,
      region,
      // The cluster's name and id also make the default cluster ARN that policies are judged against.
      clusterName,
      clusterId,
      brokerHost: publicAccess ? (nodeId) => names(nodeId).replace(/^b-(\d+)\./, 'b-$1-public.') : undefined,
      listeners: {
        plaintext: args.switches.has('no-plaintext')
          ? false
          : { host, port: integerOption(args, 'port') ?? DEFAULT_PLAINTEXT_PORT },
        tls: { host, port: integerOption(args, 'tls-port') ?? (publicAccess ? PUBLIC_TLS_PORT : DEFAULT_TLS_PORT) },
      },
      identities,
      sessionLifetime: sessionLifetimeOption(args),
      maxSessionMs,
      minSessionMs: integerOption(args, 'min-session-ms'),
      connectionLimits:
        perSecond === undefined && maxConnections === undefined ? undefined : { perSecond, maxConnections },
      authorization:
        mode === 'off'
          ? undefined
          : {
              mode,
              clusterArn: args.values.get('cluster-arn'),
              clusterPolicy: authz.clusterPolicy,
              policyPropagationMs: authz.policyPropagationMs,
              decisionService: service && { host: service.host, port: service.port },
            },
    },
    caOut: args.values.get('ca-out'),
    recordTo: authz.recordTo,
    warnings,
  }
}

function parseHostPort(text: string, flag: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text.trim())
  const port = Number(match?.[2])
  if (match?.[1] === undefined || !(port >= 0 && port <= 65535))
    throw new UsageError(`${flag} "${text}" is not host:port`)
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port }
}

/** `host:port` or `nodeId=host:port`. */
function parseUpstream(text: string): UpstreamAddress {
  const match = /^(?:(\d+)=)?(.+):(\d{1,5})$/.exec(text.trim())
  const port = Number(match?.[3])
  if (match?.[2] === undefined || !(port > 0 && port <= 65535))
    throw new UsageError(`--upstream "${text}" is not host:port or nodeId=host:port`)
  const host = match[2].replace(/^\[(.*)\]$/, '$1')
  return match[1] === undefined ? { host, port } : { host, port, nodeId: Number(match[1]) }
}
