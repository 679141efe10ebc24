import { type CompiledPolicySet } from '../../iam/policy/evaluatePolicies.js'
import { compilePolicy } from '../../iam/policy/parsePolicy.js'
import { type CompiledPolicy } from '../../iam/policy/CompiledPolicy.js'
import { type PolicyDocument } from '../../iam/policy/PolicyDocument.js'
import { type IamPrincipal } from '../../iam/policy/requestContext.js'
import { MskIamError } from '../../errors.js'

/** What the policies of one identity need: its key, its principal and its tags. */
export interface PolicyHolder {
  accessKeyId: string
  principalArn: string
  policies?: readonly PolicyDocument[]
  tags?: Readonly<Record<string, string>>
}

interface Entry {
  principal: IamPrincipal
  identity: readonly CompiledPolicy[]
  set: CompiledPolicySet
}

/**
 * The policies every decision is made under: each identity's identity policies (by access key id) and the
 * cluster policy, compiled once per change so that a decision never parses JSON. Every change validates
 * first (a bad document throws MskIamError INVALID_POLICY and changes nothing).
 */
export class PolicyBook {
  private readonly entries = new Map<string, Entry>()
  private cluster: CompiledPolicy | undefined

  constructor(clusterPolicy: PolicyDocument | undefined) {
    this.cluster = compileCluster(clusterPolicy)
  }

  /** Adds or replaces an identity (its policies and tags as given; none: it is allowed nothing of its own). */
  setIdentity(holder: PolicyHolder): void {
    const identity = compileIdentity(holder.accessKeyId, holder.policies ?? [])
    const principal: IamPrincipal = { arn: holder.principalArn, ...(holder.tags ? { tags: { ...holder.tags } } : {}) }
    this.entries.set(holder.accessKeyId, { principal, identity, set: { identity, cluster: this.cluster } })
  }

  removeIdentity(accessKeyId: string): void {
    this.entries.delete(accessKeyId)
  }

  /**
   * Validates new identity policies for `accessKeyId` and returns the change, to be applied later (after
   * the propagation delay); throws MskIamError when the key is unknown or a document is invalid.
   */
  preparePolicies(accessKeyId: string, policies: readonly PolicyDocument[]): () => void {
    if (!this.entries.has(accessKeyId))
      throw new MskIamError('INVALID_OPTIONS', `setPolicies: no identity with access key ${accessKeyId}`)
    const identity = compileIdentity(accessKeyId, policies)
    return () => {
      const entry = this.entries.get(accessKeyId)
      if (entry) this.entries.set(accessKeyId, { ...entry, identity, set: { identity, cluster: this.cluster } })
    }
  }

  /** Validates a new cluster policy (undefined: none) and returns the change, to be applied later. */
  prepareClusterPolicy(policy: PolicyDocument | undefined): () => void {
    const cluster = compileCluster(policy)
    return () => {
      this.cluster = cluster
      for (const [key, entry] of this.entries)
        this.entries.set(key, { ...entry, set: { identity: entry.identity, cluster } })
    }
  }

  /** Whether any identity carries a policy of its own, or the cluster has a cluster policy. */
  hasPolicies(): boolean {
    return this.cluster !== undefined || [...this.entries.values()].some((e) => e.identity.length > 0)
  }

  /** The compiled policies and principal of an access key; undefined when the emulator does not know it. */
  lookup(accessKeyId: string): { policies: CompiledPolicySet; principal: IamPrincipal } | undefined {
    const entry = this.entries.get(accessKeyId)
    return entry && { policies: entry.set, principal: entry.principal }
  }
}

function compileIdentity(accessKeyId: string, policies: readonly PolicyDocument[]): CompiledPolicy[] {
  if (!Array.isArray(policies))
    throw new MskIamError('INVALID_POLICY', `the policies of ${accessKeyId} must be an array of policy documents`)
  // Explanations name a policy by its Id when it has one ("statement "Produce" of orders-policy").
  return policies.map((document, i) =>
    compilePolicy(document, {
      kind: 'identity',
      name:
        idOf(document) ??
        (policies.length === 1
          ? `the identity policy of ${accessKeyId}`
          : `identity policy ${i + 1} of ${accessKeyId}`),
    }),
  )
}

function compileCluster(policy: PolicyDocument | undefined): CompiledPolicy | undefined {
  return policy === undefined
    ? undefined
    : compilePolicy(policy, { kind: 'resource', name: idOf(policy) ?? 'the cluster policy' })
}

function idOf(document: unknown): string | undefined {
  const id = (document as { Id?: unknown } | null)?.Id
  return typeof id === 'string' && id !== '' ? id : undefined
}
