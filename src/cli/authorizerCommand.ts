import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { ensureAuthorizerJar } from '../testing/authorization/ensureAuthorizerJar.js'
import { authorizerServerProperties, UPSTREAM_LISTENER } from '../testing/authorization/authorizerServerProperties.js'
import { KAFKA_VERSION } from '../testing/kafka/constants.js'
import { javaPropertiesText } from '../testing/kafka/javaPropertiesText.js'
import { parseCommandArgs, UsageError } from './parseCommandArgs.js'

const JAR = 'msk-iam-authorizer.jar'
const PROPERTIES = 'server.properties'

const USAGE = `Usage: kafkajs-msk-iam authorizer --out DIR --service-url URL [--kafka-version V]

For a Kafka you run yourself (Docker, Testcontainers) behind \`kafkajs-msk-iam emulator --policy …\`:
builds the MSK IAM authorizer jar with Maven (cached per user), copies it to DIR/${JAR}, and writes
DIR/${PROPERTIES} with the broker settings that load it and ask the emulator's decision service, the same
settings as KAFKA_* environment variables (the apache/kafka image's form) on stdout.

  --out DIR            where the jar and the properties go
  --service-url URL    the emulator's decision service as the broker reaches it, e.g. http://emulator:9400
                       (the emulator's --decision-service 0.0.0.0:9400)
  --kafka-version V    the broker's Kafka version, to compile against (default ${KAFKA_VERSION})

The broker also needs the ${UPSTREAM_LISTENER.name} listener (${UPSTREAM_LISTENER.securityProtocol}, reachable by the emulator only) beside
its own, and the jar on its classpath (CLASSPATH=/path/${JAR} in the apache/kafka image).
`

export interface AuthorizerCommandIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** The jar builder, in tests. */
  buildJar?: (kafkaVersion: string) => Promise<string>
}

/** `kafkajs-msk-iam authorizer …`: 0 done, 1 the jar could not be built, 2 bad arguments. */
export async function runAuthorizerCommand(argv: string[], io: AuthorizerCommandIo): Promise<number> {
  let out: string
  let serviceUrl: string
  let kafkaVersion: string
  try {
    const args = parseCommandArgs(argv, { values: ['out', 'service-url', 'kafka-version'], switches: ['help'] })
    if (args.switches.has('help')) {
      io.stdout.write(USAGE)
      return 0
    }
    out = required(args.values.get('out'), '--out DIR')
    serviceUrl = required(args.values.get('service-url'), '--service-url URL')
    if (!/^http:\/\/[^/\s]+(:\d{1,5})?\/?$/.test(serviceUrl))
      throw new UsageError(`--service-url must be http://host:port, got "${serviceUrl}"`)
    kafkaVersion = args.values.get('kafka-version') ?? KAFKA_VERSION
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.stderr.write(`authorizer: ${err.message}\n\n${USAGE}`)
    return 2
  }
  let jar: string
  try {
    jar = await (io.buildJar ?? ((version) => ensureAuthorizerJar({ kafkaVersion: version })))(kafkaVersion)
  } catch (err) {
    io.stderr.write(`authorizer: could not build the jar (needs Java 17+ and Maven): ${(err as Error).message}\n`)
    return 1
  }
  const properties = authorizerServerProperties({ serviceUrl: serviceUrl.replace(/\/$/, '') })
  await mkdir(out, { recursive: true })
  await copyFile(jar, path.join(out, JAR))
  await writeFile(path.join(out, PROPERTIES), javaPropertiesText(properties))
  io.stderr.write(`Wrote ${path.join(out, JAR)} and ${path.join(out, PROPERTIES)}\n`)
  io.stdout.write(
    Object.entries(properties)
      .map(([key, value]) => `${dockerEnvName(key)}=${value}\n`)
      .join(''),
  )
  return 0
}

/** The apache/kafka image's environment form of a property: `.` → `_`, `_` → `__`, `-` → `___`, KAFKA_ prefix. */
export function dockerEnvName(property: string): string {
  return `KAFKA_${property.replace(/_/g, '__').replace(/-/g, '___').replace(/\./g, '_').toUpperCase()}`
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`${what} is required`)
  return value
}
