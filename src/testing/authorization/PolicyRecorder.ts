import { recordPolicy, type RecordedAccess } from '../../iam/record/recordPolicy.js'
import { type PolicyDocument } from '../../iam/policy/PolicyDocument.js'

/**
 * The (IAM action, resource ARN) pairs clients really needed, per access key: what record mode turns into
 * the least-privilege policy. Only real needs are recorded (the caller leaves out Kafka's probes and
 * filters), each pair once.
 */
export class PolicyRecorder {
  private readonly byKey = new Map<string, Map<string, RecordedAccess>>()

  record(accessKeyId: string, action: string, resource: string): void {
    let accesses = this.byKey.get(accessKeyId)
    if (!accesses) this.byKey.set(accessKeyId, (accesses = new Map<string, RecordedAccess>()))
    const key = `${action}\n${resource}`
    if (!accesses.has(key)) accesses.set(key, { action, resource })
  }

  /** The least-privilege identity policy for one access key, or for every one together. */
  policy(accessKeyId?: string): PolicyDocument {
    const sources =
      accessKeyId === undefined
        ? [...this.byKey.values()]
        : [this.byKey.get(accessKeyId) ?? new Map<string, RecordedAccess>()]
    return recordPolicy(sources.flatMap((accesses) => [...accesses.values()]))
  }

  /** How many distinct pairs were recorded, for every access key together. */
  get size(): number {
    let n = 0
    for (const accesses of this.byKey.values()) n += accesses.size
    return n
  }
}
