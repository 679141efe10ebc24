// The Principal / NotPrincipal element of a resource policy (the cluster policy), matched against the
// caller. Naming an account (`"123456789012"` or `…:root`) delegates to that account's own policies: it
// matches every principal of the account, but by itself grants nothing to a principal of the same
// account, whose identity policy must then allow too (IAM's rule).

/** The caller as a resource policy sees it. */
export interface PrincipalFacts {
  /** The ARN the caller authenticated as (an IAM user, or an STS assumed-role session). */
  callerArn: string
  /** aws:PrincipalArn: the role's ARN for a role session, else the caller's ARN. */
  principalArn: string
  account: string | undefined
}

/** How a statement's Principal matched: naming the principal itself (or `*`), or only its account. */
export type PrincipalMatch = 'principal' | 'account' | false

const ACCOUNT_ID = /^\d{12}$/
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/

export class PrincipalMatcher {
  readonly negated: boolean
  readonly everyone: boolean
  private readonly accounts: Set<string>
  private readonly arns: Set<string>

  constructor(negated: boolean, everyone: boolean, awsValues: readonly string[]) {
    this.negated = negated
    this.everyone = everyone || awsValues.includes('*')
    this.accounts = new Set()
    this.arns = new Set()
    for (const value of awsValues) {
      const account = ACCOUNT_ID.test(value) ? value : ROOT_ARN.exec(value)?.[1]
      if (account !== undefined) this.accounts.add(account)
      else this.arns.add(value)
    }
  }

  match(caller: PrincipalFacts): PrincipalMatch {
    const positive = this.positive(caller)
    if (!this.negated) return positive
    return positive === false ? 'principal' : false
  }

  private positive(caller: PrincipalFacts): PrincipalMatch {
    if (this.everyone) return 'principal'
    if (this.arns.has(caller.callerArn) || this.arns.has(caller.principalArn)) return 'principal'
    if (caller.account !== undefined && this.accounts.has(caller.account)) return 'account'
    return false
  }
}
