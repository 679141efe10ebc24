import { ANY_STEP, AUTHORIZATION_ERROR_TYPES, KAFKAJS_STEPS, type IamResourceType } from './authorizationSteps.js'
import { KAFKA_HARDCODE_TOPIC, MSK_ACTION_PREFIX } from './constants.js'
import { MskIamError } from './errors.js'
import { partitionOf } from './partition.js'
import { regionFromHost } from './region.js'
import { propertyOf, stringPropertyOf } from './thrownValue.js'

/** What the application knows about the resources of the failed step. */
export interface AuthorizationContext {
  topic?: string
  groupId?: string
  transactionalId?: string
}

// kafkajs makes the error of a denied request in that request's response parser,
// kafkajs/src/protocol/requests/<request>/v<N>/response.js: the first such frame names the step.
const RESPONSE_FRAME = /[\\/]requests[\\/]([A-Za-z]+)[\\/]v\d+[\\/]response\.js/
// b-1.<cluster>.<id>.c<k>.kafka.<region>.amazonaws.com, b-1-public.… (public access)
// A provisioned broker's name starts `b-<n>[-public].<cluster-name>.<id>.c<k>.kafka.`; regionFromHost checks the rest.
const BROKER_HOST_PREFIX = /^b-\d+(?:-public)?\.([a-z0-9-]+)\.[a-z0-9]+\.c\d+\.kafka\./i
const MAX_DEPTH = 4

/**
 * kafkajs's TOPIC_/GROUP_/CLUSTER_/TRANSACTIONAL_ID_AUTHORIZATION_FAILED, anywhere in `links` (and in
 * their aggregated `errors`), as an AUTHORIZATION_FAILED MskIamError naming the IAM actions the failed
 * step needs and the resource ARN's shape: region and cluster name from the broker's host, the account
 * and the cluster UUID as placeholders. Undefined when the chain holds no such error.
 */
export function explainAuthorization(
  links: readonly unknown[],
  context: AuthorizationContext,
  host: string | undefined,
  broker: string | undefined,
): MskIamError | undefined {
  const denied = findDenied(links, 0, new Set())
  if (!denied) return undefined
  const resourceType = AUTHORIZATION_ERROR_TYPES[denied.type] as IamResourceType
  const stepKey = RESPONSE_FRAME.exec(stringPropertyOf(denied.error, 'stack') ?? '')?.[1]
  const step = stepKey === undefined ? undefined : KAFKAJS_STEPS[stepKey]
  const known = step?.needs[resourceType]
  const actions = (known ?? ANY_STEP[resourceType]).map((a) => `${MSK_ACTION_PREFIX}${a}`)
  const shape = arnShape(host, resourceType, nameOf(resourceType, context))
  const at = step ? ` at ${step.api}` : ''
  const needs = known ? actions.join(' and ') : `one of ${actions.join(', ')} (the failed request is not known)`
  const lines = [
    `MSK denied the request${at} (${denied.type}): the principal's IAM policies (or the cluster policy) must allow ${needs} on ${shape}, and nothing may deny it.`,
  ]
  if (resourceType === 'cluster' && (step === undefined || stepKey === 'initProducerId'))
    lines.push(
      `An idempotent producer (kafkajs idempotent: true, every Java producer by default) needs kafka-cluster:WriteDataIdempotently on the cluster, or kafka-cluster:WriteData on every topic (${shape.replace(/cluster\/([^/]+)\/([^/]+)$/, 'topic/$1/$2/*')}): Kafka's fallback asks about a topic named "${KAFKA_HARDCODE_TOPIC}".`,
    )
  lines.push(
    'Region and cluster name are from the broker name; put in your account and cluster UUID (or *). ' +
      'Check a policy without a cluster: npx kafkajs-msk-iam doctor policy --policy FILE.',
  )
  return new MskIamError('AUTHORIZATION_FAILED', lines.join(' '), {
    broker,
    region: host === undefined ? undefined : regionFromHost(host.replace(/:\d+$/, '')),
    retriable: false,
    requiredActions: actions,
    resourceArn: shape,
    cause: denied.error,
  })
}

function findDenied(
  links: readonly unknown[],
  depth: number,
  seen: Set<unknown>,
): { error: unknown; type: string } | undefined {
  for (const link of links) {
    if (seen.has(link)) continue
    seen.add(link)
    const type = stringPropertyOf(link, 'type')
    if (type !== undefined && type in AUTHORIZATION_ERROR_TYPES) return { error: link, type }
    if (depth >= MAX_DEPTH) continue
    const found = findDenied(nestedErrors(link), depth + 1, seen)
    if (found) return found
  }
  return undefined
}

/** kafkajs's aggregates: `errors` (KafkaJSAggregateError), `groups[].error` (KafkaJSDeleteGroupsError). */
function nestedErrors(link: unknown): unknown[] {
  const errors: unknown = propertyOf(link, 'errors')
  const groups: unknown = propertyOf(link, 'groups')
  const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? (value as unknown[]) : [])
  return [...list(errors), ...list(groups).map((g) => propertyOf(g, 'error'))]
}

function nameOf(type: IamResourceType, context: AuthorizationContext): string | undefined {
  const value = type === 'topic' ? context.topic : type === 'group' ? context.groupId : context.transactionalId
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** `arn:aws:kafka:<region>:<account-id>:topic/<cluster-name>/<cluster-uuid>/<topic>` with what the host tells. */
export function arnShape(host: string | undefined, type: IamResourceType, name: string | undefined): string {
  const bare = host?.replace(/:\d+$/, '')
  const region = bare === undefined ? undefined : regionFromHost(bare)
  const partition = region === undefined ? 'aws' : partitionOf(region).id
  const onMsk = bare !== undefined && region !== undefined
  const cluster = (onMsk ? BROKER_HOST_PREFIX.exec(bare)?.[1] : undefined) ?? '<cluster-name>'
  const base = `arn:${partition}:kafka:${region ?? '<region>'}:<account-id>:${type}/${cluster}/<cluster-uuid>`
  return type === 'cluster' ? base : `${base}/${name ?? `<${type}>`}`
}
