import { partitionOf } from '../partition.js'

/** The regional STS endpoint, under the DNS suffix of the region's partition. */
export function stsEndpoint(region: string): string {
  return `https://sts.${region}.${partitionOf(region).dnsSuffix}/`
}
