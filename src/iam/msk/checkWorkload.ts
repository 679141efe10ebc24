// A workload's requirements evaluated against a policy set, without any cluster: which permissions
// are granted, which are missing and why.
import { type CompiledPolicySet, evaluatePolicies, type PolicySet } from '../policy/evaluatePolicies.js'
import { explainDecision, type PolicyExplanation } from '../policy/explainDecision.js'
import { type IamPrincipal } from '../policy/requestContext.js'
import { type MskCluster } from './mskArn.js'
import { type Requirement, type Workload, workloadRequirements } from './workloadRequirements.js'

export interface RequirementCheck {
  requirement: Requirement
  granted: boolean
  /** The alternative that granted it. */
  grantedBy: { action: string; resource: string } | undefined
  /** Why each alternative was denied (when none granted it). */
  explanations: PolicyExplanation[]
}

export interface WorkloadCheck {
  ok: boolean
  checks: RequirementCheck[]
}

export interface WorkloadCheckOptions {
  principal: IamPrincipal
  nowMs: number
  clusterTags?: Readonly<Record<string, string>>
}

export function checkWorkload(
  policies: PolicySet | CompiledPolicySet,
  workload: Workload,
  cluster: MskCluster,
  options: WorkloadCheckOptions,
): WorkloadCheck {
  const checks = workloadRequirements(workload, cluster).map((requirement): RequirementCheck => {
    const requests = requirement.anyOf.map((option) => ({ ...option, ...options }))
    const index = requests.findIndex((request) => evaluatePolicies(policies, request).allowed)
    if (index !== -1) return { requirement, granted: true, grantedBy: requirement.anyOf[index], explanations: [] }
    return {
      requirement,
      granted: false,
      grantedBy: undefined,
      explanations: requests.map((request) => explainDecision(policies, request)),
    }
  })
  return { ok: checks.every((c) => c.granted), checks }
}
