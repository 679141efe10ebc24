import type { Clock } from '../clock.js'
import type { MskIamError } from '../errors.js'
import type { SaslClient } from '../saslClient.js'
import type { ProactiveReauthenticationOptions, ReauthenticationEvent, ReauthenticationFailure } from './types.js'

/** The application's hooks, called so that a throwing hook can never break a connection. */
export class ReauthenticationHooks {
  constructor(
    private readonly options: ProactiveReauthenticationOptions,
    private readonly client: SaslClient,
    private readonly clock: Clock,
  ) {}

  /** A session granted: `authBytes` is the broker's answer, `startedAt` when the exchange began. */
  succeeded(
    broker: string,
    kind: ReauthenticationEvent['kind'],
    authBytes: Buffer,
    sessionLifetimeMs: number,
    startedAt: number,
  ): void {
    let requestId: string | undefined
    try {
      requestId = this.client.readAnswer(authBytes).requestId
    } catch {
      requestId = undefined // the session was granted; an odd answer only costs the event its request-id
    }
    const durationMs = this.clock.now() - startedAt
    try {
      this.options.onReauthenticated?.({ broker, kind, requestId, sessionLifetimeMs, durationMs })
    } catch {
      // A throwing hook must not break the connection.
    }
  }

  failed(broker: string, error: MskIamError, action: ReauthenticationFailure['action']): void {
    try {
      this.options.onReauthenticationFailed?.({ broker, error, action })
    } catch {
      // A throwing hook must not break the connection.
    }
  }
}
