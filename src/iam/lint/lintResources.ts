// Resource ARNs that cannot match what their author meant on MSK: a topic written under cluster/, no
// cluster UUID part, a wildcard resource type, another partition, region, account or cluster.
import { MSK_ARN_SERVICE } from '../../constants.js'
import { type MskResourceType } from '../msk/mskActions.js'
import { type MskCluster } from '../msk/mskArn.js'
import { type LintCode, type LintFinding } from './lintPolicy.js'

const TYPES: readonly MskResourceType[] = ['cluster', 'topic', 'group', 'transactional-id']
const MSK_RESOURCE = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):([^/:]*)(?:[/:](.*))?$/s

export interface ResourceShape {
  text: string
  /** The resource type word, when literal and one of MSK's; `any` for `*` and wildcard words. */
  type: MskResourceType | 'any' | 'other'
  parts: string[]
  partition: string
  region: string
  account: string
}

export function shapeOf(resource: string): ResourceShape | undefined {
  if (resource === '*') return { text: resource, type: 'any', parts: [], partition: '*', region: '*', account: '*' }
  const m = MSK_RESOURCE.exec(resource)
  if (!m) return undefined
  const [, partition = '', service = '', region = '', account = '', word = '', rest] = m
  if (service !== MSK_ARN_SERVICE && service !== '*') return undefined
  const type = (TYPES as readonly string[]).includes(word)
    ? (word as MskResourceType)
    : word === '*' || (rest === undefined && word.includes('*'))
      ? 'any'
      : 'other'
  return { text: resource, type, parts: rest === undefined ? [] : rest.split('/'), partition, region, account }
}

export const literal = (text: string) => !/[*?]/.test(text)

export function lintResources(
  shapes: ReadonlyArray<ResourceShape | undefined>,
  effect: 'Allow' | 'Deny',
  cluster: MskCluster | undefined,
  add: (code: LintCode, severity: LintFinding['severity'], message: string) => void,
): void {
  const severity = effect === 'Allow' ? 'error' : 'warning'
  for (const shape of shapes) {
    if (!shape || shape.text === '*') continue
    const [name = '', uuid, ...rest] = shape.parts
    if (shape.type === 'cluster' && shape.parts.length >= 3 && rest.join('/') !== '') {
      add(
        'topic-under-cluster',
        severity,
        `${shape.text} is written under cluster/: a cluster ARN ends at the cluster UUID; topics are topic/${name}/<uuid>/<topic>, groups group/${name}/<uuid>/<group>`,
      )
    } else if (shape.type !== 'any' && shape.type !== 'other' && literal(shape.parts.at(-1) ?? '')) {
      const expected = shape.type === 'cluster' ? 2 : 3
      if (shape.parts.length < expected)
        add(
          'missing-cluster-uuid',
          severity,
          `${shape.text} has no cluster UUID part: MSK's ARNs are ${shape.type}/<cluster-name>/<cluster-uuid>${shape.type === 'cluster' ? '' : `/<${shape.type === 'topic' ? 'topic' : shape.type === 'group' ? 'group' : 'transactional-id'}>`} (use * for the UUID)`,
        )
    }
    if (shape.type === 'other' && /[*?]/.test(shape.text.split(':')[5]?.split(/[/:]/)[0] ?? ''))
      add(
        'wildcard-in-resource-type',
        severity,
        `${shape.text}: IAM does not allow a wildcard in the resource type word; it matches nothing`,
      )
    if (!cluster) continue
    const check = (code: LintCode, value: string, want: string, what: string) => {
      if (literal(value) && value !== want)
        add(
          code,
          severity,
          `${shape.text} is in ${what} ${value}, the cluster is in ${want}: it grants nothing on this cluster`,
        )
    }
    check('other-partition', shape.partition, cluster.partition ?? 'aws', 'partition')
    check('other-region', shape.region, cluster.region, 'region')
    check('other-account', shape.account, cluster.account, 'account')
    if (shape.type !== 'any' && shape.type !== 'other' && literal(name) && name !== '' && name !== cluster.name)
      add('other-cluster', 'warning', `${shape.text} names cluster ${name}, not ${cluster.name}`)
    else if (
      uuid !== undefined &&
      literal(uuid) &&
      name === cluster.name &&
      uuid !== cluster.uuid &&
      shape.type !== 'other'
    )
      add(
        'other-cluster',
        'warning',
        `${shape.text} names cluster UUID ${uuid}, not ${cluster.uuid} (a replaced cluster gets a new UUID: use *)`,
      )
  }
}
