import { describeCallerIdentity, getCallerIdentity, type CallerIdentityInput } from '../../../sts/getCallerIdentity.js'
import type { CheckResult } from '../types.js'

export interface CallerIdentityOutcome {
  result: CheckResult
  /** Local clock minus STS's Date header, when STS answered at all. */
  skewMs?: number
}

/** The doctor's caller-identity check: who the credentials belong to, and STS's clock. */
export async function checkCallerIdentity(input: CallerIdentityInput): Promise<CallerIdentityOutcome> {
  const answer = await getCallerIdentity(input)
  const summary = describeCallerIdentity(answer)
  const check = 'caller-identity'
  switch (answer.kind) {
    case 'unreachable':
      return {
        result: { check, status: 'fail', summary, failure: 'caller-identity-failed', facts: { region: input.region } },
      }
    case 'identity': {
      const facts = { region: input.region, accessKeyId: input.credentials.accessKeyId }
      const result: CheckResult = { check, status: answer.arn ? 'pass' : 'warn', summary, facts }
      return answer.skewMs === undefined ? { result } : { result, skewMs: answer.skewMs }
    }
    case 'refused': {
      const { code: errorCode, message } = answer
      const facts = { region: input.region, accessKeyId: input.credentials.accessKeyId, errorCode, message }
      const result: CheckResult = { check, status: 'fail', summary, failure: 'caller-identity-failed', facts }
      return answer.skewMs === undefined ? { result } : { result, skewMs: answer.skewMs }
    }
  }
}
