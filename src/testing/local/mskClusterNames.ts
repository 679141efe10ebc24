import { MskIamError } from '../../errors.js'
import { partitionOf, REGION_ID_PATTERN } from '../../partition.js'

/** What makes an MSK cluster's names: its ARN and the DNS names clients connect to. */
export interface MskClusterNames {
  clusterArn: string
  /** `<uuid>-<k>` (provisioned) or `<uuid>-s<k>` (serverless): the ARN's last part. */
  clusterUuid: string
  brokerHost: (nodeId: number) => string
  /** Serverless only: the one bootstrap name, no broker's own. */
  bootstrapHost: string | undefined
}

export interface MskClusterIdentity {
  profile: 'provisioned' | 'serverless'
  region: string
  clusterName: string
  clusterId: string
  clusterUuid: string
  accountId: string
}

const REGION = new RegExp(`^${REGION_ID_PATTERN}$`)
const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/
const CLUSTER_ID = /^[a-z0-9]{1,16}$/
const ACCOUNT_ID = /^\d{12}$/
// A UUID and MSK's suffix: -<k> for provisioned clusters, -s<k> for serverless (k also names the c<k> cell).
const CLUSTER_UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:-(s?)([1-9]\d{0,2}))?$/

/**
 * MSK's naming, from the cluster's identity:
 * - provisioned brokers `b-<nodeId>.<clusterName>.<clusterId>.c<k>.kafka.<region>.amazonaws.com`;
 * - serverless bootstrap `boot-<clusterId>.c<k>.kafka-serverless.<region>.amazonaws.com`, brokers
 *   `b<nodeId>-<clusterId>.c<k>.kafka-serverless.…` (the broker form is inferred from a public report,
 *   kafka-proxy #134; MSK documents only the bootstrap form);
 * - ARN `arn:<partition>:kafka:<region>:<account>:cluster/<clusterName>/<clusterUuid>`.
 * The partition and DNS suffix are the region's (`cn-*`: `aws-cn`, `amazonaws.com.cn`). Throws MskIamError INVALID_OPTIONS.
 */
export function mskClusterNames(id: MskClusterIdentity): MskClusterNames {
  const fail = (message: string): never => {
    throw new MskIamError('INVALID_OPTIONS', `startLocalMsk: ${message}`)
  }
  if (!REGION.test(id.region)) fail(`region ${JSON.stringify(id.region)} is not an AWS region name`)
  if (!CLUSTER_NAME.test(id.clusterName)) fail(`clusterName ${JSON.stringify(id.clusterName)}: 1-64 letters, digits, -`)
  if (!CLUSTER_ID.test(id.clusterId)) fail(`clusterId ${JSON.stringify(id.clusterId)}: lower-case letters and digits`)
  if (!ACCOUNT_ID.test(id.accountId)) fail(`accountId ${JSON.stringify(id.accountId)} is not 12 digits`)
  const uuid = CLUSTER_UUID.exec(id.clusterUuid.toLowerCase())
  if (uuid === null)
    fail(`clusterUuid ${JSON.stringify(id.clusterUuid)} is not a UUID (with an optional -<k> or -s<k>)`)
  const [, bare = '', serverlessMark, cell = '1'] = uuid ?? []
  const serverless = id.profile === 'serverless'
  if (serverlessMark !== undefined && (serverlessMark === 's') !== serverless) {
    fail(`clusterUuid suffix -${serverlessMark}${cell} does not fit a ${id.profile} cluster (-s<k> is serverless)`)
  }
  const clusterUuid = `${bare}-${serverless ? 's' : ''}${cell}`
  const { id: partition, dnsSuffix: suffix } = partitionOf(id.region)
  const name = id.clusterName.toLowerCase()
  const clusterArn = `arn:${partition}:kafka:${id.region}:${id.accountId}:cluster/${id.clusterName}/${clusterUuid}`
  if (serverless) {
    const domain = `c${cell}.kafka-serverless.${id.region}.${suffix}`
    return {
      clusterArn,
      clusterUuid,
      brokerHost: (nodeId) => `b${nodeId}-${id.clusterId}.${domain}`,
      bootstrapHost: `boot-${id.clusterId}.${domain}`,
    }
  }
  const domain = `${name}.${id.clusterId}.c${cell}.kafka.${id.region}.${suffix}`
  return { clusterArn, clusterUuid, brokerHost: (nodeId) => `b-${nodeId}.${domain}`, bootstrapHost: undefined }
}
