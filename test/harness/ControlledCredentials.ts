// A credential source with faults on demand: the soak's and the fault tests' stand-in for the AWS chain.
import type { AwsCredentialIdentity } from '@smithy/types'

/** What one call of a {@link ControlledCredentials} provider does instead of answering normally. */
export type CredentialFault = 'transient' | 'permanent' | 'hang' | 'nearExpiry'

/**
 * A credential provider whose next calls can be made to fail transiently (a network error, retried by the
 * plugin), fail permanently (no credentials configured), hang (never answer: the plugin's
 * credentialsTimeoutMs applies) or return credentials that expire within `nearExpiryMs`.
 */
export class ControlledCredentials {
  /** One entry per call: 'ok' or the fault it suffered. */
  readonly served: Array<'ok' | CredentialFault> = []
  private queue: CredentialFault[] = []
  private always: CredentialFault | undefined

  constructor(
    private readonly identity: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
    private readonly options: { lifetimeMs?: number; nearExpiryMs?: number } = {},
  ) {}

  get calls(): number {
    return this.served.length
  }

  /** Faults armed with failNext() and not yet consumed. */
  get pending(): number {
    return this.queue.length
  }

  /** The next `count` calls suffer `fault` (queued after faults already armed). */
  failNext(fault: CredentialFault, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(fault)
  }

  /** Every call suffers `fault` until clear(). */
  failAlways(fault: CredentialFault): void {
    this.always = fault
  }

  clear(): void {
    this.queue = []
    this.always = undefined
  }

  /** An AWS SDK-style provider: pass it as `credentials` to awsMskIam(). */
  readonly provider = async (): Promise<AwsCredentialIdentity> => {
    const fault = this.queue.shift() ?? this.always
    this.served.push(fault ?? 'ok')
    switch (fault) {
      case 'transient':
        throw Object.assign(new Error('connect ECONNRESET 169.254.169.254:80 (injected)'), { code: 'ECONNRESET' })
      case 'permanent': {
        const error = new Error('Could not load credentials from any providers (injected)')
        error.name = 'CredentialsProviderError'
        throw error
      }
      case 'hang':
        return new Promise<AwsCredentialIdentity>(() => undefined)
      case 'nearExpiry':
        return this.credentials(this.options.nearExpiryMs ?? 2_500)
      default:
        return this.credentials(this.options.lifetimeMs)
    }
  }

  private credentials(lifetimeMs: number | undefined): AwsCredentialIdentity {
    return { ...this.identity, ...(lifetimeMs === undefined ? {} : { expiration: new Date(Date.now() + lifetimeMs) }) }
  }
}
