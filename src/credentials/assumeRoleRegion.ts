import { isMskIamError, MskIamError } from '../errors.js'
import { arnPartition, partitionOf } from '../partition.js'

/**
 * The region whose STS endpoint assumes `roleArn` when `stsRegion` is not set: the signing region. AWS
 * recommends regional STS endpoints (lower latency, no dependency on us-east-1, reachable through a VPC
 * endpoint), and the signing region is in the cluster's partition, which a role must share.
 */
export async function assumeRoleRegion(roleArn: string, signingRegion: () => Promise<string>): Promise<string> {
  let region: string
  try {
    region = await signingRegion()
  } catch (error) {
    if (!isMskIamError(error) || error.code !== 'REGION_UNRESOLVED') throw error
    throw new MskIamError(
      'REGION_UNRESOLVED',
      `Cannot tell which region's STS endpoint to assume ${roleArn} through: no broker region is known yet, and ` +
        "neither the region option, AWS_REGION, AWS_DEFAULT_REGION nor the profile sets one. Pass stsRegion, e.g. awsMskIam({ roleArn, stsRegion: 'us-east-1' }).",
      { cause: error },
    )
  }
  const partition = partitionOf(region).id
  if (partition === arnPartition(roleArn)) return region
  throw new MskIamError(
    'INVALID_OPTIONS',
    `awsMskIam(): roleArn ${roleArn} is in partition ${arnPartition(roleArn)}, but the signing region ${region} is ` +
      `in partition ${partition}: STS there cannot issue that role's credentials, and they could not sign for ${region}. ` +
      'Check the cluster region, or give an stsRegion of the role’s partition.',
  )
}
