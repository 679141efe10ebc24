// Type test: the public API used the way an application uses it, compiled under `strict` (never run).
// test/integration/packaging.test.ts compiles it against the built package (dist/types through the exports
// map, moduleResolution NodeNext, as ESM and as CommonJS); the repository typecheck compiles it against
// src/. Each `@ts-expect-error` marks a misuse that must stay a compile error.
import { Kafka, logLevel, type KafkaConfig, type Mechanism } from 'kafkajs'
import {
  awsMskIam,
  explainError,
  isMskIamError,
  MskIamError,
  proactiveReauthentication,
  regionFromHost,
  type AwsMskIamMechanism,
  type AwsMskIamOptions,
  type Clock,
  type CredentialsFunction,
  type MskIamErrorCode,
  type ReauthenticationEvent,
  type ReauthenticationFailure,
} from './kafkajs-msk-iam.js'
import {
  startMskIamEmulator,
  TEST_CA_CERT,
  type EmulatorIdentity,
  type MskIamEmulator,
} from './kafkajs-msk-iam-testing.js'

const options: AwsMskIamOptions = {
  region: 'eu-west-1',
  roleArn: 'arn:aws:iam::123456789012:role/orders',
  roleSessionName: 'orders-service',
  maxRetries: 5,
}
const sasl: AwsMskIamMechanism = awsMskIam(options)
const mechanismName: 'AWS_MSK_IAM' = sasl.mechanism

// kafkajs accepts the mechanism as its `sasl` option, and the proactive re-authentication as its socketFactory.
const events: ReauthenticationEvent[] = []
const config: KafkaConfig = {
  clientId: 'orders',
  brokers: ['b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'],
  ssl: true,
  sasl,
  socketFactory: proactiveReauthentication(sasl, {
    onReauthenticated: (event) => events.push(event),
    onReauthenticationFailed: (failure: ReauthenticationFailure) =>
      console.warn(failure.broker, failure.error.code, failure.action),
  }),
  logLevel: logLevel.WARN,
}
export const kafka = new Kafka(config)
export const inline = new Kafka({
  brokers: ['b-1:9098'],
  ssl: true,
  sasl: awsMskIam(),
  socketFactory: proactiveReauthentication(sasl),
})
const asKafkajsMechanism: Mechanism = awsMskIam({ profile: 'dev' })
// A copy of the mechanism object keeps what proactiveReauthentication() needs.
proactiveReauthentication({ ...sasl })

// Credentials: a static identity, an SDK-style provider, or a plain synchronous function.
awsMskIam({ credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' } })
awsMskIam({
  credentials: async () => ({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', expiration: new Date() }),
})
const plainCredentials: CredentialsFunction = () => ({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' })
awsMskIam({
  credentials: plainCredentials,
  roleArn: 'arn:aws-cn:iam::123456789012:role/kafka',
  stsRegion: 'cn-north-1',
})

// A clock for tests.
const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}
awsMskIam({ clock })

// Errors: narrow with isMskIamError or instanceof; the code is a closed union.
export function describe(error: unknown): string {
  const explained = explainError(error, { host: 'b-1', port: 9098 })
  if (isMskIamError(explained)) {
    const code: MskIamErrorCode = explained.code
    const retriable: boolean = explained.retriable
    const requestId: string | undefined = explained.requestId
    return `${code} ${retriable} ${requestId ?? ''}`
  }
  if (error instanceof MskIamError) return error.code satisfies MskIamErrorCode
  return String(error)
}

// explainError takes kafkajs's config as its context, and keeps the type it was given: an Error stays an
// Error (a crash handler needs no narrowing), unknown stays unknown (narrow it).
export function onCrash(error: Error): string {
  const explained: Error = explainError(error, config)
  return explained.message
}
export function fromCatch(error: unknown): MskIamErrorCode | undefined {
  const explained = explainError(error, { host: 'b-1', port: 9098, ssl: true })
  // @ts-expect-error unknown must be narrowed before use
  void explained.message
  return isMskIamError(explained) ? explained.code : undefined
}
const region: string | undefined = regionFromHost('b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com')

// The emulator, from the testing entry point.
export async function startLocal(identity: EmulatorIdentity): Promise<MskIamEmulator> {
  const emulator = await startMskIamEmulator({
    upstream: { host: '127.0.0.1', port: 9092 },
    identities: [identity],
    listeners: { plaintext: false },
  })
  emulator.faults.set({ tooManyConnectsBurst: 1 })
  emulator.setOptions({ maxSessionMs: 3_000 })
  const ca: string = TEST_CA_CERT
  void ca
  return emulator
}

// Misuses that must not compile.
// @ts-expect-error region is a string
awsMskIam({ region: 42 })
// @ts-expect-error unknown option (a typo of roleArn)
awsMskIam({ rolearn: 'arn:aws:iam::123456789012:role/orders' })
// @ts-expect-error credentials need a secretAccessKey
awsMskIam({ credentials: { accessKeyId: 'AKIAEXAMPLE' } })
// @ts-expect-error not an error code
const badCode: MskIamErrorCode = 'ACCESS_DENIED_TYPO'
// @ts-expect-error a sasl object without saslClient cannot be renewed
proactiveReauthentication({ mechanism: 'AWS_MSK_IAM' })
// @ts-expect-error onReauthenticated receives an event, not a string
proactiveReauthentication(sasl, { onReauthenticated: (event: string) => event })

export const used = [mechanismName, asKafkajsMechanism, region, badCode, events]
