import { AWS_PARTITIONS } from './constants.js'

/** An AWS partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, `aws-iso*`) and the DNS suffix of its endpoints. */
export interface Partition {
  id: string
  dnsSuffix: string
}

/**
 * A region id as AWS names them: `us-east-1`, `cn-north-1`, `us-gov-west-1`, `eusc-de-east-1`,
 * `us-isob-east-1`. A source string, for patterns that embed it.
 */
export const REGION_ID_PATTERN = '[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}'

const GLOBAL_SUFFIX = '-global'

/**
 * The partition a region belongs to, as the AWS SDK decides it: by the region's name, `aws` for names no
 * partition claims. The partition's global pseudo-region (`aws-global`, `aws-cn-global`, …) belongs to it.
 */
export function partitionOf(region: string): Partition {
  const globalOf = region.endsWith(GLOBAL_SUFFIX) ? region.slice(0, -GLOBAL_SUFFIX.length) : undefined
  const found =
    AWS_PARTITIONS.find((p) => p.id === globalOf) ??
    AWS_PARTITIONS.find((p) => p.regions.test(region)) ??
    AWS_PARTITIONS[0]!
  return { id: found.id, dnsSuffix: found.dnsSuffix }
}

/** The partition an ARN names (`arn:<partition>:service:…`). */
export function arnPartition(arn: string): string {
  return arn.split(':')[1] ?? ''
}

/** The DNS suffixes of all partitions, longest first (so `amazonaws.com.cn` is tried before `amazonaws.com`). */
export function partitionDnsSuffixes(): string[] {
  return [...new Set(AWS_PARTITIONS.map((p) => p.dnsSuffix))].sort((a, b) => b.length - a.length)
}
