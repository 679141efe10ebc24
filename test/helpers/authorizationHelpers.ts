// Pieces of the authorization scenarios on a local MSK: identities with policies, policies written for the
// local cluster, kafkajs clients that fail fast, the Kafka error types inside a kafkajs error, the
// decision log's authorization entries.
import { randomBytes } from 'node:crypto'
import { Kafka, logLevel, type Admin, type Consumer, type KafkaConfig, type Producer } from 'kafkajs'
import { awsMskIam } from '../../src/awsMskIam.js'
import type { PolicyDocument, PolicyStatement } from '../../src/iam/policy/PolicyDocument.js'
import type { LocalMsk } from '../../src/testing/local/types.js'
import type { AuthorizedIdentity, EmulatorLogEntry } from '../../src/testing/types.js'
import { captureForScan, registerSecret } from './secretScan.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'

/** A fresh identity (random keys, the secret registered for the scan) for `principalArn`. */
export function newIdentity(
  principalArn: string,
  policies?: readonly PolicyDocument[],
  extra: Partial<AuthorizedIdentity> = {},
): AuthorizedIdentity {
  const secretAccessKey = randomBytes(30).toString('base64')
  registerSecret(secretAccessKey)
  return {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey,
    principalArn,
    ...(policies === undefined ? {} : { policies }),
    ...extra,
  }
}

/** The role ARN `arn:aws:iam::<account>:role/<name>`. */
export const role = (name: string, account = ACCOUNT): string => `arn:aws:iam::${account}:role/${name}`

/** The cluster's name and UUID, from its ARN. */
export function clusterOf(msk: LocalMsk): { name: string; uuid: string; prefix: string } {
  const [head = '', name = '', uuid = ''] = msk.clusterArn.split('/')
  return { name, uuid, prefix: head.slice(0, head.lastIndexOf(':')) }
}

/**
 * A copied policy made to point at this cluster, as a user does when pasting it: the cluster name and,
 * where the policy names one, the UUID replaced by the local cluster's (account and region are the
 * local MSK's defaults already). Nothing else changes.
 */
export function forCluster(
  policy: PolicyDocument,
  msk: LocalMsk,
  from: { name: string; uuid?: string },
): PolicyDocument {
  const { name, uuid } = clusterOf(msk)
  let text = JSON.stringify(policy).replaceAll(`/${from.name}/`, `/${name}/`)
  if (from.uuid !== undefined) text = text.replaceAll(`/${from.uuid}`, `/${uuid}`)
  return JSON.parse(text) as PolicyDocument
}

/** A document of the given statements. */
export const policy = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement })

/** The statements of a document without one action (a statement left with none is dropped). */
export function withoutAction(document: PolicyDocument, action: string): PolicyDocument {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement]
  return {
    ...document,
    Statement: statements.flatMap((s) => {
      const actions = [s.Action ?? []].flat()
      if (!actions.includes(action)) return [s]
      const rest = actions.filter((a) => a !== action)
      return rest.length === 0 ? [] : [{ ...s, Action: rest }]
    }),
  }
}

/** kafkajs on the local MSK as `identity`, failing fast (no retries), kafkajs's own log captured for the scan. */
export function kafkaAs(msk: LocalMsk, identity: AuthorizedIdentity, config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'authz-test',
    brokers: msk.bootstrapBrokers,
    ssl: { ca: [msk.caCert] },
    sasl: awsMskIam({
      credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
    }),
    socketFactory: msk.socketFactory,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
    logCreator: () => (entry) => captureForScan(entry.log.message),
    ...config,
  })
}

/** Kafka error types anywhere in a kafkajs error (retry wrappers, per-partition aggregates). */
export function errorTypes(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) return []
  seen.add(error)
  const e = error as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown; groups?: unknown }
  return [
    ...(typeof e.type === 'string' ? [e.type] : []),
    ...errorTypes(e.cause, seen),
    ...errorTypes(e.originalError, seen),
    ...(Array.isArray(e.errors) ? e.errors.flatMap((x) => errorTypes(x, seen)) : []),
    // KafkaJSDeleteGroupsError
    ...(Array.isArray(e.groups) ? e.groups.flatMap((g: { error?: unknown }) => errorTypes(g.error, seen)) : []),
  ]
}

/** The rejection of `promise` (captured for the scan); throws when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    captureForScan(err)
    return err
  }
  throw new Error('expected a failure')
}

export async function withAdmin<T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    return await use(admin)
  } finally {
    await admin.disconnect()
  }
}

export async function withProducer<T>(
  kafka: Kafka,
  options: Parameters<Kafka['producer']>[0],
  use: (producer: Producer) => Promise<T>,
): Promise<T> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, ...options })
  try {
    await producer.connect()
    return await use(producer)
  } finally {
    await producer.disconnect()
  }
}

/**
 * A group consumer that reads `count` messages of `topic` from the beginning and commits them; rejects
 * with the error it crashed on (kafkajs's CRASH event), or after `timeoutMs`.
 */
export async function consumeInGroup(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
  timeoutMs = 30_000,
): Promise<string[]> {
  const consumer: Consumer = kafka.consumer({
    groupId,
    retry: { retries: 0, restartOnFailure: async () => false },
  })
  const values: string[] = []
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumed ${values.length} of ${count} in ${timeoutMs} ms`)),
        timeoutMs,
      )
      consumer.on(consumer.events.CRASH, (event) => {
        clearTimeout(timer)
        reject(event.payload.error)
      })
      consumer
        .connect()
        .then(() => consumer.subscribe({ topic, fromBeginning: true }))
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachMessage: async ({ message, partition }) => {
              values.push(message.value?.toString() ?? '')
              await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }])
              if (values.length >= count) {
                clearTimeout(timer)
                resolve(values)
              }
            },
          }),
        )
        .catch((err: unknown) => {
          clearTimeout(timer)
          reject(err)
        })
    })
  } finally {
    await consumer.disconnect()
  }
}

/** The decision log's entries, and a view of those logged from a point on. */
export class DecisionLog {
  readonly entries: EmulatorLogEntry[] = []
  readonly sink = (entry: EmulatorLogEntry): void => {
    captureForScan(entry)
    this.entries.push(entry)
  }

  mark(): () => EmulatorLogEntry[] {
    const start = this.entries.length
    return () => this.entries.slice(start)
  }

  /** The authorization denials among `entries` (Kafka checks and Connect). */
  static denials(entries: readonly EmulatorLogEntry[]): EmulatorLogEntry[] {
    return entries.filter((e) => e.outcome === 'denied' && (e.event === 'authorize' || e.action !== undefined))
  }
}

/** What the Java console clients need to reach the local MSK as `identity` (aws-msk-iam-auth, default chain). */
export async function javaClientSetup(
  msk: LocalMsk,
  identity: AuthorizedIdentity,
  dir: string,
): Promise<{
  bootstrap: string
  properties: Record<string, string>
  hostsFile: string
  env: Record<string, string | undefined>
}> {
  const { writeHostsFile } = await import('./javaClients.js')
  const hostsFile = await writeHostsFile(Object.keys(msk.emulator.hosts), `${dir}/hosts`)
  const { 'bootstrap.servers': bootstrap, ...properties } = msk.emulator.javaClientProperties()
  return {
    bootstrap: bootstrap!,
    properties,
    hostsFile,
    env: {
      AWS_ACCESS_KEY_ID: identity.accessKeyId,
      AWS_SECRET_ACCESS_KEY: identity.secretAccessKey,
      AWS_SESSION_TOKEN: undefined,
      AWS_REGION: REGION,
      AWS_PROFILE: undefined,
    },
  }
}
