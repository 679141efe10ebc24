import { writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { jsonLineLogger } from '../testing/jsonLineLogger.js'
import { launchLocalMsk } from '../testing/local/launchLocalMsk.js'
import type { LocalMsk, LocalMskOptions, StartKafkaCluster } from '../testing/local/types.js'
import {
  AUTHORIZATION_USAGE,
  AUTHORIZATION_VALUE_FLAGS,
  authorizationArgs,
  writeRecordedPolicy,
  type AuthorizationArgs,
} from './authorizationArgs.js'
import { DEFAULT_CA_FILE, DEFAULT_TLS_PORT } from './constants.js'
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

const USAGE = `Usage: kafkajs-msk-iam local [options]

Starts a local MSK cluster in the foreground: Apache Kafka brokers (KRaft, from Maven Central's jars;
needs Java 17+ and Maven) behind the MSK IAM emulator, with MSK's names, TLS, IAM authentication and
connection limits. Prints the bootstrap brokers, the identity it accepts and a kafkajs config; Ctrl-C,
SIGTERM or SIGHUP (or the parent process exiting, as under npx) stops everything.

  --brokers N             Kafka brokers, 1-5 (default 3)
  --profile P             provisioned (default) or serverless (one boot- name, limits for the cluster)
  --region R              (default us-east-1)
  --cluster-name NAME     (default local)
  --cluster-id ID         the short id in the names (default abc123; serverless abcd1234)
  --cluster-uuid UUID     the ARN's last part, <uuid>-<k> (serverless <uuid>-s<k>); default random, k = 1
  --account-id ID         (default 123456789012)
  --instance-type T       provisioned broker type: kafka.t3.small allows 4 new connections/s per broker,
                          others 20 (default kafka.m5.large)
  --session-lifetime L    credential-expiry (default; long-term keys 1 h), presign-window, or milliseconds
  --identities FILE       JSON array of { accessKeyId, secretAccessKey, sessionToken?, principalArn,
                          expiresAt?, policies?, tags? } (default: one local test identity)
${AUTHORIZATION_USAGE.trimEnd()}
  --kafka-heap-mb N       max heap per broker (default 256)
  --port N                broker 1's TLS port (default ${DEFAULT_TLS_PORT}; broker n: 1000 higher per step; 0 = free)
  --host H                bind address (default 127.0.0.1)
  --ca-out FILE           where to write the CA certificate (default ./${DEFAULT_CA_FILE})
  --log                   one JSON line per emulator decision on stdout
`

/** Output streams, and in tests a stop signal and a Kafka cluster launcher. */
export interface LocalCommandIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  signal?: AbortSignal
  startCluster?: StartKafkaCluster
  /** The authorizer jar's builder, in tests. */
  authorizerJar?: () => Promise<string>
}

/**
 * `kafkajs-msk-iam local …`. Returns the exit code: 0 after a clean stop, 1 if the cluster could not start
 * (Java or Maven missing included: the message says what to install), 2 for bad arguments.
 */
export async function runLocalCommand(argv: string[], io: LocalCommandIo): Promise<number> {
  let args: ParsedArgs
  let options: LocalMskOptions
  let authz: AuthorizationArgs
  try {
    args = parseCommandArgs(argv, { values: VALUE_FLAGS, switches: ['help', 'log'] })
    if (args.switches.has('help')) {
      io.stdout.write(USAGE)
      return 0
    }
    authz = await authorizationArgs(args)
    options = { ...(await localOptions(args)), ...authorizationOptions(authz) }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.stderr.write(`local: ${err.message}\n\n${USAGE}`)
    return 2
  }
  const caFile = path.resolve(args.values.get('ca-out') ?? DEFAULT_CA_FILE)
  const startCluster = io.startCluster ?? (await import('../testing/kafka/startKafkaCluster.js')).startKafkaCluster
  io.stderr.write(`Starting ${options.brokers ?? 3} Kafka broker(s) and the MSK IAM emulator…\n`)
  // Stop requests that arrive while starting are honoured once the start is done.
  const stopped = untilStopped(io.signal)
  let msk: LocalMsk
  try {
    msk = await launchLocalMsk(options, {
      startCluster,
      tls: { port: integerOption(args, 'port') ?? DEFAULT_TLS_PORT, host: args.values.get('host') },
      log: args.switches.has('log') ? jsonLineLogger(io.stdout) : undefined,
      defaultPolicies: authz.policies,
      authorizerJar: io.authorizerJar,
    })
  } catch (err) {
    io.stderr.write(`local: could not start: ${(err as Error).message}\n`)
    return 1
  }
  try {
    await writeFile(caFile, msk.caCert)
    io.stderr.write(
      localClusterBanner({
        title: `Local MSK ready (pid ${process.pid}): ${msk.emulator.brokers.length} broker(s), ${options.profile ?? 'provisioned'}`,
        clusterArn: msk.clusterArn,
        bootstrapBrokers: msk.bootstrapBrokers,
        localhostBrokers: msk.bootstrapBrokers.map((b) => `localhost:${b.slice(b.lastIndexOf(':') + 1)}`),
        names: Object.keys(msk.emulator.hosts),
        region: msk.emulator.region,
        identity: { ...msk.identity, expiresAt: msk.identity.expiration?.getTime() },
        caFile,
        authorization: authorizationLine(msk.authorization, authz),
        warnings: [],
        stopHint: 'Ctrl-C stops Kafka and the emulator.',
      }),
    )
    const reason = await stopped
    io.stderr.write(`Stopping (${reason})…\n`)
    if (authz.recordTo !== undefined) await writeRecordedPolicy(authz.recordTo, msk.recordedPolicy(), io.stderr)
  } finally {
    // The brokers are unref'ed child processes: without a handle of its own, Node could exit while it
    // waits for them to stop, and they would be killed instead of shut down.
    const keepAlive = setInterval(() => undefined, 1000)
    await msk.close().finally(() => clearInterval(keepAlive))
  }
  io.stderr.write('Stopped Kafka and the emulator.\n')
  return 0
}

const VALUE_FLAGS = [
  'brokers',
  'profile',
  'region',
  'cluster-name',
  'cluster-id',
  'cluster-uuid',
  'account-id',
  'instance-type',
  'session-lifetime',
  'identities',
  'kafka-heap-mb',
  'port',
  'host',
  'ca-out',
  ...AUTHORIZATION_VALUE_FLAGS,
]

async function localOptions(args: ParsedArgs): Promise<LocalMskOptions> {
  const profile = args.values.get('profile')
  if (profile !== undefined && profile !== 'provisioned' && profile !== 'serverless')
    throw new UsageError(`--profile must be provisioned or serverless, got "${profile}"`)
  const identities = args.values.has('identities') ? await loadIdentities(args.values.get('identities')) : undefined
  return {
    brokers: integerOption(args, 'brokers'),
    profile,
    region: args.values.get('region'),
    clusterName: args.values.get('cluster-name'),
    clusterId: args.values.get('cluster-id'),
    clusterUuid: args.values.get('cluster-uuid'),
    accountId: args.values.get('account-id'),
    instanceType: args.values.get('instance-type'),
    sessionLifetime: sessionLifetimeOption(args),
    identities,
    kafkaHeapMb: integerOption(args, 'kafka-heap-mb'),
  }
}

function authorizationOptions(authz: AuthorizationArgs): Partial<LocalMskOptions> {
  return {
    ...(authz.mode === undefined ? {} : { authorization: authz.mode }),
    ...(authz.clusterPolicy === undefined ? {} : { clusterPolicy: authz.clusterPolicy }),
    ...(authz.policyPropagationMs === undefined ? {} : { policyPropagationMs: authz.policyPropagationMs }),
  }
}

function authorizationLine(mode: string, authz: AuthorizationArgs): string {
  if (mode === 'off') return 'off: a valid signature is enough (--policy FILE to enforce IAM policies)'
  if (mode === 'record')
    return `record: everything allowed; the least-privilege policy goes to ${authz.recordTo ?? '(nowhere)'} on exit`
  return 'enforce: every Kafka request is checked against the IAM policies; denials are explained in the log (--log)'
}
