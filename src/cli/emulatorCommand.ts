import { readFile } from 'node:fs/promises'
import { jsonLineLogger } from '../testing/jsonLineLogger.js'
import { startMskIamEmulator } from '../testing/startMskIamEmulator.js'
import type { MskIamEmulatorOptions } from '../testing/types.js'
import type { EmulatorIdentity } from '../testing/verifier/types.js'

/** Listener ports when none are given: MSK's private IAM (TLS) port, and the one next to it. */
const DEFAULT_TLS_PORT = 9098
const DEFAULT_PLAINTEXT_PORT = 9099
/**
 * The identity used when neither --identities nor AWS_ACCESS_KEY_ID is given: AWS's documented example
 * key pair, which no real account has.
 */
const LOCAL_DEFAULT_IDENTITY: EmulatorIdentity = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  principalArn: 'arn:aws:iam::123456789012:user/msk-iam-emulator',
}

const USAGE = `Usage: kafkajs-msk-iam emulator --upstream host:port [options]

Runs a local MSK IAM emulator in front of a PLAINTEXT Kafka broker; JSON log lines go to stdout.

  --upstream host:port   the Kafka broker (default: $KAFKA_BOOTSTRAP, else 127.0.0.1:9092)
  --port N               plaintext listener port (default ${DEFAULT_PLAINTEXT_PORT}; 0 = any free port)
  --tls-port N           TLS listener port (default ${DEFAULT_TLS_PORT}; 0 = any free port)
  --host H               bind address (default 127.0.0.1)
  --region R             region of signatures and broker names (default us-east-1)
  --identities FILE      JSON array of { accessKeyId, secretAccessKey, sessionToken?, principalArn, expiresAt? }
                         (default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, else the
                         documented example pair ${LOCAL_DEFAULT_IDENTITY.accessKeyId})
  --max-session-ms N     cap on session_lifetime_ms (default 900000)
  --min-session-ms N     shorter sessions fail with "Session too short" (default 1000)
  --rate-limit N         new authentications per second before "Too many connects" (default: none)
`

/** Stops the command in tests; the CLI stops on SIGINT/SIGTERM. */
export interface EmulatorCommandIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  signal?: AbortSignal
}

/**
 * `kafkajs-msk-iam emulator …`: starts the emulator and runs until SIGINT/SIGTERM (or `io.signal`).
 * Returns the exit code: 0 after a clean stop, 1 if the emulator could not start, 2 for bad arguments.
 */
export async function runEmulatorCommand(argv: string[], io: EmulatorCommandIo): Promise<number> {
  let options: MskIamEmulatorOptions
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(USAGE)
      return 0
    }
    options = await parseArguments(argv, process.env)
  } catch (err) {
    io.stderr.write(`emulator: ${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  let emulator
  try {
    emulator = await startMskIamEmulator({ ...options, log: jsonLineLogger(io.stdout) })
  } catch (err) {
    io.stderr.write(`emulator: could not start: ${(err as Error).message}\n`)
    return 1
  }
  const keys = (options.identities ?? []).map((i) => i.accessKeyId).join(', ')
  io.stderr.write(
    `emulator: plaintext port ${emulator.plaintextPort}, TLS port ${emulator.tlsPort}, broker 1 is ${emulator.brokerHost(1)}, access keys: ${keys}\n`,
  )
  await untilStopped(io.signal)
  await emulator.close()
  return 0
}

async function parseArguments(argv: string[], env: NodeJS.ProcessEnv): Promise<MskIamEmulatorOptions> {
  const values = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? ''
    const value = argv[i + 1]
    if (!flag.startsWith('--') || value === undefined || value.startsWith('--'))
      throw new Error(`expected "--option value" at "${flag}"`)
    values.set(flag.slice(2), value)
    i++
  }
  const known = [
    'upstream',
    'port',
    'tls-port',
    'host',
    'region',
    'identities',
    'max-session-ms',
    'min-session-ms',
    'rate-limit',
  ]
  for (const name of values.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}`)

  const upstream = parseHostPort(values.get('upstream') ?? env.KAFKA_BOOTSTRAP?.split(',')[0] ?? '127.0.0.1:9092')
  const host = values.get('host')
  const rateLimit = optionalInteger(values, 'rate-limit')
  return {
    upstream,
    region: values.get('region'),
    listeners: {
      plaintext: { host, port: optionalInteger(values, 'port') ?? DEFAULT_PLAINTEXT_PORT },
      tls: { host, port: optionalInteger(values, 'tls-port') ?? DEFAULT_TLS_PORT },
    },
    identities: await loadIdentities(values.get('identities'), env),
    maxSessionMs: optionalInteger(values, 'max-session-ms'),
    minSessionMs: optionalInteger(values, 'min-session-ms'),
    connectionLimits: rateLimit === undefined ? undefined : { perSecond: rateLimit },
  }
}

function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text.trim())
  const port = Number(match?.[2])
  if (match?.[1] === undefined || !(port > 0 && port <= 65535)) throw new Error(`--upstream "${text}" is not host:port`)
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port }
}

function optionalInteger(values: Map<string, string>, name: string): number | undefined {
  const text = values.get(name)
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a non-negative integer, got "${text}"`)
  return Number(text)
}

async function loadIdentities(file: string | undefined, env: NodeJS.ProcessEnv): Promise<EmulatorIdentity[]> {
  if (file === undefined) {
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return [LOCAL_DEFAULT_IDENTITY]
    return [
      {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN || undefined,
        principalArn: LOCAL_DEFAULT_IDENTITY.principalArn,
      },
    ]
  }
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of identities`)
  return parsed.map((entry: unknown, index) => {
    const e = entry as Record<string, unknown>
    const strings = ['accessKeyId', 'secretAccessKey', 'principalArn'].every((k) => typeof e?.[k] === 'string')
    const optional =
      (e?.sessionToken === undefined || typeof e.sessionToken === 'string') &&
      (e?.expiresAt === undefined || typeof e.expiresAt === 'number')
    if (!strings || !optional)
      throw new Error(`${file}: identity ${index} needs accessKeyId, secretAccessKey, principalArn strings`)
    return e as unknown as EmulatorIdentity
  })
}

function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      signal?.removeEventListener('abort', stop)
      resolve()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    if (signal?.aborted) stop()
    else signal?.addEventListener('abort', stop, { once: true })
  })
}
