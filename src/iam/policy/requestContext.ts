// The request context an MSK data-plane request is evaluated in: who calls (aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:PrincipalTag/*), when (aws:CurrentTime,
// aws:EpochTime), from where (aws:SourceIp: unverified on MSK), and the cluster's tags
// (aws:ResourceTag/*, which MSK applies to the cluster resource only, never to topics, groups or
// transactional ids). Any key not listed here is absent, as on MSK: `kafka-cluster:topicName` does not exist.
import { IAM_TIME_KEYS } from '../../constants.js'
import { type ContextLookup } from './policyTemplate.js'
import { type PrincipalFacts } from './PrincipalMatcher.js'

/** The IAM identity behind a Kafka connection. */
export interface IamPrincipal {
  /**
   * The ARN it authenticated as: `arn:aws:iam::111122223333:user/alice` or an STS session
   * `arn:aws:sts::111122223333:assumed-role/orders/i-0abc` (MSK's principal is `IAM.<this ARN>`).
   */
  arn: string
  /**
   * aws:PrincipalArn, when it is not what `arn` implies: a session's role ARN loses its path
   * (`role/service/orders` is seen as `role/orders`); give the role's full ARN here.
   */
  principalArn?: string
  /** Session or principal tags: aws:PrincipalTag/<key>, and `${aws:PrincipalTag/<key>}` in resources. */
  tags?: Readonly<Record<string, string>>
}

/** One authorization question: may `principal` do `action` on `resource`? */
export interface IamRequest {
  /** `kafka-cluster:WriteData`; matched case-insensitively. */
  action: string
  /** The resource ARN, e.g. `arn:aws:kafka:us-east-1:111122223333:topic/orders-cluster/<uuid>/orders`. */
  resource: string
  principal: IamPrincipal
  /** Milliseconds since the epoch, from the caller's injected clock: aws:CurrentTime and aws:EpochTime. */
  nowMs: number
  /** The cluster's tags: aws:ResourceTag/<key>, present only when `resource` is the cluster's ARN. */
  clusterTags?: Readonly<Record<string, string>>
  /** aws:SourceIp (the client's address). Unverified on MSK: no AWS document says MSK sets it. */
  sourceIp?: string
  /** Further context keys (any case) and their values; arrays are multi-valued keys. */
  context?: Readonly<Record<string, string | readonly string[]>>
}

/** What IAM derives from the principal's ARN, computed once per principal object. */
export interface PrincipalContext extends PrincipalFacts {
  type: string | undefined
  username: string | undefined
  tags: ReadonlyMap<string, string>
}

const PRINCIPAL_ARN = /^arn:([^:]+):(iam|sts)::(\d{12}):(.*)$/
const cache = new WeakMap<IamPrincipal, PrincipalContext>()

export function principalContext(principal: IamPrincipal): PrincipalContext {
  let facts = cache.get(principal)
  if (facts) return facts
  const match = PRINCIPAL_ARN.exec(principal.arn)
  let principalArn = principal.arn
  let type: string | undefined
  let username: string | undefined
  if (match) {
    const [, partition, service, account, rest = ''] = match
    if (service === 'sts' && rest.startsWith('assumed-role/')) {
      type = 'AssumedRole'
      principalArn = `arn:${partition}:iam::${account}:role/${rest.split('/')[1] ?? ''}`
    } else if (service === 'sts' && rest.startsWith('federated-user/')) type = 'FederatedUser'
    else if (rest === 'root') type = 'Account'
    else if (rest.startsWith('user/')) {
      type = 'User'
      username = rest.slice(rest.lastIndexOf('/') + 1)
    } else if (rest.startsWith('role/')) type = 'Role'
  }
  facts = {
    callerArn: principal.arn,
    principalArn: principal.principalArn ?? principalArn,
    account: match?.[3],
    type,
    username,
    tags: new Map(Object.entries(principal.tags ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  }
  cache.set(principal, facts)
  return facts
}

const CLUSTER_ARN = /^arn:[^:]+:kafka:[^:]*:[^:]*:cluster\//

/** Mutable per-request state the lookup writes to: which time keys the evaluation read. */
export interface LookupState {
  readTime: boolean
}

/** The context lookup for one request; `state.readTime` turns true when a time key is read. */
export function contextLookup(request: IamRequest, facts: PrincipalContext, state: LookupState): ContextLookup {
  const extra =
    request.context === undefined
      ? undefined
      : new Map(Object.entries(request.context).map(([k, v]) => [k.toLowerCase(), v]))
  const clusterTags =
    request.clusterTags !== undefined && CLUSTER_ARN.test(request.resource) ? request.clusterTags : undefined
  return (key) => {
    if (IAM_TIME_KEYS.has(key)) {
      state.readTime = true
      return key === 'aws:epochtime'
        ? String(Math.floor(request.nowMs / 1000))
        : new Date(request.nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z')
    }
    switch (key) {
      case 'aws:principalarn':
        return facts.principalArn
      case 'aws:principalaccount':
        return facts.account
      case 'aws:principaltype':
        return facts.type
      case 'aws:username':
        return facts.username
      case 'aws:sourceip':
        return request.sourceIp
    }
    if (key.startsWith('aws:principaltag/')) return facts.tags.get(key.slice('aws:principaltag/'.length))
    if (key.startsWith('aws:resourcetag/') && clusterTags !== undefined) return tagValue(clusterTags, key.slice(16))
    return extra?.get(key)
  }
}

function tagValue(tags: Readonly<Record<string, string>>, lowerKey: string): string | undefined {
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === lowerKey) return v
  return undefined
}

const SUPPLIED_KEYS = new Set([
  ...IAM_TIME_KEYS,
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:username',
  'aws:sourceip',
])

/** Whether the evaluator ever puts `key` (lower case) in a request's context (extra keys aside). */
export function isSuppliedContextKey(key: string): boolean {
  return SUPPLIED_KEYS.has(key) || key.startsWith('aws:principaltag/') || key.startsWith('aws:resourcetag/')
}
