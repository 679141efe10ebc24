// Without --cluster-arn, `doctor policy` checks against the cluster the policies themselves name.
import { type MskCluster, parseMskArn } from '../../../iam/msk/mskArn.js'

export interface NamedDocument {
  name: string
  document: unknown
}

/** Used when the policies name the cluster with a wildcard UUID (as they should). */
const PLACEHOLDER_UUID = '00000000-0000-0000-0000-000000000000-1'
const FALLBACK: MskCluster = {
  region: 'us-east-1',
  account: '123456789012',
  name: 'my-cluster',
  uuid: PLACEHOLDER_UUID,
}

/** The cluster the policies name: literal region, account and name from their MSK ARNs. */
export function inferCluster(documents: readonly NamedDocument[]): { cluster: MskCluster; source: string } {
  const resources: string[] = []
  const collect = (value: unknown): void => {
    if (typeof value === 'string') resources.push(value)
    else if (Array.isArray(value)) value.forEach(collect)
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>
      collect(record.Statement)
      collect(record.Resource)
      collect(record.NotResource)
    }
  }
  documents.forEach((d) => collect(d.document))
  for (const resource of resources) {
    const m =
      /^arn:([^:*?]+):kafka:([^:*?]+):(\d{12}):(?:cluster|topic|group|transactional-id)\/([^/*?]+)(?:\/([^/]*))?/.exec(
        resource,
      )
    if (!m) continue
    const [, partition = 'aws', region = '', account = '', name = '', uuid] = m
    const exact = parseMskArn(resource) !== undefined && uuid !== undefined && !/[*?]/.test(uuid)
    return {
      cluster: { partition, region, account, name, uuid: exact && uuid ? uuid : PLACEHOLDER_UUID },
      source: 'assumed from the policy; give --cluster-arn to check another',
    }
  }
  return { cluster: FALLBACK, source: 'the policy names no cluster: an example ARN; give --cluster-arn' }
}
