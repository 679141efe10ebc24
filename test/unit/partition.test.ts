// The partition helper against the AWS SDK's own endpoint data (@aws-sdk/core ships partitions.json): every
// region the SDK knows maps to the same partition and DNS suffix here.
import { partition as sdkPartition } from '@aws-sdk/core/client'
import { arnPartition, partitionOf } from '../../src/partition.js'

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

// The SDK's region list is not exported; read it from the data file beside the module that uses it.
const partitionsFile = join(
  dirname(require.resolve('@aws-sdk/core/client')),
  '../../../dist-es/submodules/client/util-endpoints/lib/aws/partitions.js',
)
const partitionsInfo = JSON.parse(
  readFileSync(partitionsFile, 'utf8')
    .replace(/^export const partitionsInfo = /, '')
    .replace(/;\s*$/, ''),
) as { partitions: Array<{ id: string; regions: Record<string, unknown> }> }

const sdkRegions = partitionsInfo.partitions.flatMap((p) =>
  Object.keys(p.regions).filter((r) => !r.endsWith('-global')),
)

describe('partitionOf', () => {
  it('knows as many regions as the SDK ships', () => {
    expect(sdkRegions.length).toBeGreaterThan(30)
  })

  it.each(sdkRegions)('%s: same partition and DNS suffix as the AWS SDK', (region) => {
    const sdk = sdkPartition(region)
    expect(partitionOf(region)).toEqual({ id: sdk.name, dnsSuffix: sdk.dnsSuffix })
  })

  it.each([
    ['us-east-7', 'aws', 'amazonaws.com'],
    ['cn-south-2', 'aws-cn', 'amazonaws.com.cn'],
    ['us-gov-north-1', 'aws-us-gov', 'amazonaws.com'],
    ['eusc-de-west-1', 'aws-eusc', 'amazonaws.eu'],
    ['us-isof-north-1', 'aws-iso-f', 'csp.hci.ic.gov'],
    ['aws-global', 'aws', 'amazonaws.com'],
  ])('a region the SDK does not list yet, %s, falls in the partition its name says', (region, id, dnsSuffix) => {
    expect(partitionOf(region)).toEqual({ id, dnsSuffix })
    expect(sdkPartition(region)).toMatchObject({ name: id, dnsSuffix })
  })
})

describe('arnPartition', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/kafka', 'aws'],
    ['arn:aws-cn:iam::123456789012:role/kafka', 'aws-cn'],
    ['arn:aws-us-gov:iam::123456789012:role/kafka', 'aws-us-gov'],
    ['arn:aws-eusc:iam::123456789012:role/kafka', 'aws-eusc'],
    ['arn:aws-iso-b:iam::123456789012:role/kafka', 'aws-iso-b'],
  ])('%s → %s', (arn, id) => {
    expect(arnPartition(arn)).toBe(id)
  })
})
