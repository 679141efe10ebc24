import type { Socket } from 'node:net'
import { sleep, type Clock } from '../../clock.js'
import { MskIamError } from '../../errors.js'
import { type MskCluster } from '../../iam/msk/mskArn.js'
import { type PolicyDocument } from '../../iam/policy/PolicyDocument.js'
import type { EmulatorLog } from '../emulatorLog.js'
import type { AuthorizedIdentity, EmulatorLogEntry } from '../types.js'
import { authenticateUpstream } from './authenticateUpstream.js'
import { authorizerServerProperties } from './authorizerServerProperties.js'
import { denialLogEntry, outcomeFields } from './denialLogEntry.js'
import { iamDecider, type DecidingMode } from './iamDecider.js'
import { PolicyBook } from './PolicyBook.js'
import { PolicyRecorder } from './PolicyRecorder.js'
import { startDecisionService, type DecisionService, type DecisionServiceStats } from './startDecisionService.js'

export interface EmulatorAuthorizationSettings {
  mode: DecidingMode
  cluster: MskCluster
  clusterPolicy: PolicyDocument | undefined
  clusterTags: Readonly<Record<string, string>> | undefined
  policyPropagationMs: number
  identities: readonly AuthorizedIdentity[]
  decisionService: { host?: string; port?: number }
  /** Real time: the upstream tokens Kafka validates, the decision service's polls, propagation delays. */
  clock: Clock
  /** The emulator's clock (possibly injected): aws:CurrentTime of every decision. */
  now: () => number
}

/** Connect's verdict at SaslAuthenticate; for a denial, the fields the decision log gets. */
export type ConnectVerdict =
  { allowed: true } | { allowed: false; detail: string; log: Partial<Omit<EmulatorLogEntry, 'time'>> }

/**
 * The emulator's authorization: the policies (PolicyBook), the decision service Kafka's authorizer asks,
 * the upstream login that names each client connection to Kafka, the binding of connections to who
 * authenticated on them, Connect's check, policy changes (after the propagation delay, resolved once
 * every authorizer acknowledged) and the recorded policy. One per emulator.
 */
export class EmulatorAuthorization {
  private readonly book: PolicyBook
  private readonly recorder = new PolicyRecorder()
  private readonly decider: ReturnType<typeof iamDecider>
  private service: DecisionService | undefined
  private closed = false
  private currentMode: DecidingMode
  private log: EmulatorLog = () => undefined

  private constructor(private readonly settings: EmulatorAuthorizationSettings) {
    this.currentMode = settings.mode
    this.book = new PolicyBook(settings.clusterPolicy)
    for (const identity of settings.identities) this.book.setIdentity(identity)
    this.decider = iamDecider({
      mode: () => this.currentMode,
      cluster: settings.cluster,
      clusterTags: settings.clusterTags,
      book: this.book,
      recorder: this.recorder,
      now: settings.now,
    })
  }

  /** Validates every policy, then starts the decision service. */
  static async start(settings: EmulatorAuthorizationSettings): Promise<EmulatorAuthorization> {
    const authorization = new EmulatorAuthorization(settings)
    authorization.service = await startDecisionService({
      decide: authorization.decider.decide,
      onDecision: (record) => {
        const entry = denialLogEntry(record)
        if (entry) authorization.log(entry)
      },
      host: settings.decisionService.host,
      port: settings.decisionService.port,
      clock: settings.clock,
    })
    return authorization
  }

  /** The emulator's log (it adds the time, and follows setOptions({ log })). */
  attachLog(log: EmulatorLog): void {
    this.log = log
  }

  get mode(): DecidingMode {
    return this.currentMode
  }

  /**
   * Switches between enforcing and recording (say, record a workload, then enforce the recorded policy);
   * resolves once every authorizer has dropped the decisions made in the other mode.
   */
  setMode(mode: DecidingMode): Promise<void> {
    return this.change(
      () => {
        if (mode !== 'enforce' && mode !== 'record')
          throw new MskIamError(
            'INVALID_OPTIONS',
            `authorization mode must be 'enforce' or 'record', got ${String(mode)}`,
          )
        return () => {
          this.currentMode = mode
        }
      },
      { detail: `authorization mode ${mode}` },
      0,
    )
  }

  get serviceUrl(): string {
    return this.running().url
  }

  /** The server.properties every broker needs to ask this emulator (beside the listener and the jar). */
  kafkaProperties(): Record<string, string> {
    return authorizerServerProperties({ serviceUrl: this.serviceUrl })
  }

  /** Authenticates a fresh upstream socket as this client connection; rejects with a typed MskIamError. */
  async upstreamLogin(connectionId: string, socket: Socket): Promise<void> {
    const principal = this.running().principalFor(connectionId)
    await authenticateUpstream(socket, principal, { nowMs: this.settings.clock.now() })
  }

  /** Connect on the cluster ARN, at every (re-)authentication. */
  authorizeConnect(identity: { accessKeyId: string }): ConnectVerdict {
    const { allowed, outcome } = this.decider.decideConnect(identity)
    if (allowed) return { allowed: true }
    // The entry's `reason` stays MSK's text (Access denied); the IAM reason is its `detail`.
    const { reason, ...fields } = outcomeFields(outcome)
    return { allowed: false, detail: reason ?? 'kafka-cluster:Connect denied', log: fields }
  }

  /** Who authenticated on a connection; Kafka's checks on it are decided for this identity from now on. */
  bind(connectionId: string, identity: { accessKeyId: string; principalArn: string }): void {
    this.service?.bindConnection(connectionId, identity)
  }

  release(connectionId: string): void {
    this.service?.releaseConnection(connectionId)
  }

  /** An identity was added or replaced (with its policies): applies at once, as a new credential does. */
  identityChanged(identity: AuthorizedIdentity): void {
    this.book.setIdentity(identity)
    this.service?.bumpGeneration()
  }

  identityRemoved(accessKeyId: string): void {
    this.book.removeIdentity(accessKeyId)
    this.service?.bumpGeneration()
  }

  setPolicies(accessKeyId: string, policies: readonly PolicyDocument[]): Promise<void> {
    return this.change(() => this.book.preparePolicies(accessKeyId, policies), { accessKeyId })
  }

  setClusterPolicy(policy: PolicyDocument | undefined): Promise<void> {
    return this.change(() => this.book.prepareClusterPolicy(policy), { detail: 'cluster policy' })
  }

  /** The decision service's counters (authorize calls, checks decided, authorizers and their acknowledgements). */
  serviceStats(): DecisionServiceStats {
    return this.running().stats()
  }

  recordedPolicy(accessKeyId?: string): PolicyDocument {
    return this.recorder.policy(accessKeyId)
  }

  async close(): Promise<void> {
    this.closed = true
    await this.service?.close()
  }

  /** Validates now, applies after the propagation delay, resolves once every authorizer dropped its cache. */
  private async change(
    prepare: () => () => void,
    about: { accessKeyId?: string; detail?: string },
    delay = this.settings.policyPropagationMs,
  ): Promise<void> {
    const apply = prepare()
    if (delay > 0) await sleep(this.settings.clock, delay)
    if (this.closed) return
    apply()
    const service = this.running()
    const generation = service.bumpGeneration()
    await service.awaitGeneration(generation)
    this.log({
      event: 'policies',
      accessKeyId: about.accessKeyId,
      detail: `${about.accessKeyId === undefined ? about.detail : 'identity policies'} changed; every authorizer acknowledged`,
      generation,
    })
  }

  private running(): DecisionService {
    if (!this.service) throw new MskIamError('INVALID_OPTIONS', 'the decision service is not running')
    return this.service
  }
}
