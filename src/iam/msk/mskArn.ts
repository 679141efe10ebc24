// MSK's resource ARNs (Service Authorization Reference, `kafka-cluster` resource types):
//   cluster           arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${ClusterUuid}
//   topic             arn:${Partition}:kafka:${Region}:${Account}:topic/${ClusterName}/${ClusterUuid}/${TopicName}
//   group             arn:${Partition}:kafka:${Region}:${Account}:group/${ClusterName}/${ClusterUuid}/${GroupName}
//   transactional-id  arn:${Partition}:kafka:${Region}:${Account}:transactional-id/${ClusterName}/${ClusterUuid}/${TransactionalId}
// The service is `kafka` in ARNs (the actions say `kafka-cluster`). Group names and transactional ids
// may contain `/` and `*`: everything after the UUID part is the name, taken literally.
import { DEFAULT_AWS_PARTITION, MSK_ARN_SERVICE } from '../../constants.js'
import { type MskResourceType } from './mskActions.js'

/** One MSK cluster, as its ARN names it. */
export interface MskCluster {
  /** `aws` (default), `aws-cn`, `aws-us-gov`. */
  partition?: string
  region: string
  account: string
  name: string
  /** `abcd1234-0123-abcd-5678-1234abcd-1`; serverless clusters end in `-s<N>`. */
  uuid: string
}

export interface ParsedMskArn {
  resourceType: MskResourceType
  cluster: Required<MskCluster>
  /** The topic, group or transactional id; undefined for the cluster. */
  name: string | undefined
}

const RESOURCE_TYPES: readonly MskResourceType[] = ['cluster', 'topic', 'group', 'transactional-id']

function prefix(cluster: MskCluster, type: MskResourceType): string {
  const partition = cluster.partition ?? DEFAULT_AWS_PARTITION
  return `arn:${partition}:${MSK_ARN_SERVICE}:${cluster.region}:${cluster.account}:${type}/${cluster.name}/${cluster.uuid}`
}

export function clusterArn(cluster: MskCluster): string {
  return prefix(cluster, 'cluster')
}
export function topicArn(cluster: MskCluster, topic: string): string {
  return `${prefix(cluster, 'topic')}/${topic}`
}
export function groupArn(cluster: MskCluster, group: string): string {
  return `${prefix(cluster, 'group')}/${group}`
}
export function transactionalIdArn(cluster: MskCluster, transactionalId: string): string {
  return `${prefix(cluster, 'transactional-id')}/${transactionalId}`
}

/** The ARN of a resource of `type` named `name` (ignored for the cluster). */
export function mskResourceArn(cluster: MskCluster, type: MskResourceType, name: string): string {
  return type === 'cluster' ? clusterArn(cluster) : `${prefix(cluster, type)}/${name}`
}

const ARN = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.*)$/s

/** Parses an MSK ARN of any of the four types; undefined for anything else (wildcards included). */
export function parseMskArn(arn: string): ParsedMskArn | undefined {
  const match = ARN.exec(arn)
  if (!match || match[2] !== MSK_ARN_SERVICE) return undefined
  const [, partition = '', , region = '', account = '', rest = ''] = match
  const slash = rest.indexOf('/')
  const type = rest.slice(0, slash) as MskResourceType
  if (slash === -1 || !RESOURCE_TYPES.includes(type)) return undefined
  const parts = rest.slice(slash + 1).split('/')
  const [name = '', uuid = ''] = parts
  if (name === '' || uuid === '') return undefined
  const cluster = { partition, region, account, name, uuid }
  if (type === 'cluster') return parts.length === 2 ? { resourceType: type, cluster, name: undefined } : undefined
  const resourceName = parts.slice(2).join('/')
  return parts.length < 3 || resourceName === '' ? undefined : { resourceType: type, cluster, name: resourceName }
}

/** Parses a cluster ARN; undefined for anything else. */
export function parseClusterArn(arn: string): Required<MskCluster> | undefined {
  const parsed = parseMskArn(arn)
  return parsed?.resourceType === 'cluster' ? parsed.cluster : undefined
}

/** The ARN with its cluster UUID part replaced by `*`, so a policy survives a cluster's replacement. */
export function wildcardClusterUuid(arn: string): string {
  const parsed = parseMskArn(arn)
  if (!parsed) return arn
  return mskResourceArn({ ...parsed.cluster, uuid: '*' }, parsed.resourceType, parsed.name ?? '')
}
