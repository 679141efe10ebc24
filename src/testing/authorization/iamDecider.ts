import { KAFKA_HARDCODE_TOPIC } from '../../constants.js'
import { decideConnect } from '../../iam/msk/decideConnect.js'
import { decideKafkaCheck, type KafkaCheckDecision } from '../../iam/msk/decideKafkaCheck.js'
import { kafkaAclToIam } from '../../iam/msk/kafkaAclToIam.js'
import { describeNeed, kafkaApi } from '../../iam/msk/kafkaApis.js'
import { type MskCluster, topicArn } from '../../iam/msk/mskArn.js'
import { type PolicyExplanation } from '../../iam/policy/explainDecision.js'
import type { PolicyBook } from './PolicyBook.js'
import type { PolicyRecorder } from './PolicyRecorder.js'
import type { AuthorizationRequest, Decision, DecideFunction, KafkaAction } from './types.js'

/** 'enforce': the policies decide. 'record': everything with an IAM action is allowed, and recorded. */
export type DecidingMode = 'enforce' | 'record'

/** What one decision tells the decision log (a DecisionRecord's `explanation`). */
export interface CheckOutcome {
  /** Kafka's name for the API that made the check. */
  api: string | undefined
  /** The IAM action and ARN it maps to; undefined when MSK has no IAM action for the check. */
  action: string | undefined
  resource: string | undefined
  /** For a denial: one line, `Metadata needs kafka-cluster:DescribeTopic on <arn>: <why>`. */
  reason: string | undefined
  explanation: PolicyExplanation | undefined
  /**
   * A denial the client never sees as one: Kafka's quiet probes (CREATE CLUSTER before CREATE TOPIC, the
   * `hardcode` topic), filters (Metadata for all topics, ListGroups without DescribeCluster), or an
   * IDEMPOTENT_WRITE that Kafka's `hardcode` fallback will grant.
   */
  quiet: boolean
}

export interface IamDeciderOptions {
  /** Read on every decision: the mode can change while clients run. */
  mode: () => DecidingMode
  cluster: MskCluster
  clusterTags: Readonly<Record<string, string>> | undefined
  book: PolicyBook
  recorder: PolicyRecorder
  now: () => number
}

// APIs whose per-resource checks only filter what the answer lists (never an error): ListGroups asks
// DESCRIBE GROUP for every group when DESCRIBE CLUSTER is denied, ListTransactions likewise.
const FILTERING_APIS = new Set([16, 66])

/** The decide function of the decision service, on the evaluator; and Connect's check at SaslAuthenticate. */
export function iamDecider(options: IamDeciderOptions): {
  decide: DecideFunction
  decideConnect(identity: { accessKeyId: string }): { allowed: boolean; outcome: CheckOutcome }
} {
  const { mode, cluster, clusterTags, book, recorder, now } = options
  const context = (principal: NonNullable<ReturnType<PolicyBook['lookup']>>['principal'], apiKey?: number) => ({
    cluster,
    principal,
    nowMs: now(),
    ...(clusterTags === undefined ? {} : { clusterTags }),
    ...(apiKey === undefined ? {} : { apiKey }),
  })

  // The authorizer caches by check, not by how Kafka asked: a decision made for a probe or a filter would
  // answer the same check made later for real, which then is never logged (nor recorded). Only real needs
  // are cached, so every later real need is decided here.
  const decide: DecideFunction = (request) => {
    const realNeed = isRealNeed(request.context.apiKey, request.action)
    const decision = decideOne(request, realNeed)
    return realNeed ? decision : { ...decision, cacheable: false }
  }

  const decideOne = (request: AuthorizationRequest, realNeed: boolean): Decision => {
    const { action, context: kafka } = request
    const api = kafka.apiName ?? kafkaApi(kafka.apiKey)?.name
    const quietDenial = !realNeed || FILTERING_APIS.has(kafka.apiKey)
    const found = book.lookup(request.identity.accessKeyId)
    if (!found) {
      const reason = `the emulator no longer knows access key ${request.identity.accessKeyId}: every request is denied`
      return denial({ api, action: undefined, resource: undefined, reason, explanation: undefined, quiet: quietDenial })
    }
    if (mode() === 'record') {
      const mapping = kafkaAclToIam(action, cluster)
      if (!mapping.supported) {
        // Kept denied: Kafka then falls back (CREATE CLUSTER → CREATE TOPIC) as it does on MSK.
        const reason = `${api ?? 'Kafka'}: ${mapping.reason}`
        return denial({
          api,
          action: undefined,
          resource: undefined,
          reason,
          explanation: undefined,
          quiet: quietDenial,
        })
      }
      if (realNeed) recorder.record(request.identity.accessKeyId, mapping.action, mapping.resource)
      return { allowed: true, cacheable: true, explanation: outcomeOf(api, mapping, undefined, false) }
    }
    const decided = decideKafkaCheck(found.policies, action, context(found.principal, kafka.apiKey))
    if (decided.allowed) {
      if (realNeed && decided.action && decided.resource)
        recorder.record(request.identity.accessKeyId, decided.action, decided.resource)
      return { allowed: true, cacheable: decided.cacheable, explanation: outcomeOf(api, decided, undefined, false) }
    }
    let reason = decided.reason
    let quiet = quietDenial
    if (isIdempotentWrite(action)) {
      // Kafka asks WRITE on a topic named "hardcode" next (its default authorizeByResourceType): that
      // decision is the one the client sees, so this denial is the client's only when the fallback fails too.
      const fallback = decideKafkaCheck(
        found.policies,
        { operation: 'WRITE', resourceType: 'TOPIC', resourceName: KAFKA_HARDCODE_TOPIC },
        { ...context(found.principal), explain: false },
      )
      if (fallback.allowed) quiet = true
      else {
        const summary = decided.explanation?.summary ?? ''
        const why = summary.slice(summary.indexOf(': ') + 2) || 'denied'
        reason =
          `${describeNeed(api ?? 'InitProducerId', decided.action ?? '', decided.resource ?? '')} or, Kafka's ` +
          `fallback for idempotent producers, kafka-cluster:WriteData on ${topicArn(cluster, KAFKA_HARDCODE_TOPIC)} ` +
          `(which WriteData on topic/…/* grants): ${why}, nor the fallback (the client sees CLUSTER_AUTHORIZATION_FAILED (31))`
      }
    }
    return {
      allowed: false,
      cacheable: decided.cacheable,
      explanation: outcomeOf(api, decided, reason, quiet),
    }
  }

  const connect = (identity: { accessKeyId: string }): { allowed: boolean; outcome: CheckOutcome } => {
    const api = 'SaslAuthenticate'
    const found = book.lookup(identity.accessKeyId)
    if (!found) {
      const reason = `the emulator does not know access key ${identity.accessKeyId}`
      return {
        allowed: false,
        outcome: { api, action: undefined, resource: undefined, reason, explanation: undefined, quiet: false },
      }
    }
    const recording = mode() === 'record'
    const decided = decideConnect(found.policies, { ...context(found.principal), explain: !recording })
    const allowed = recording || decided.allowed
    if (allowed && decided.action && decided.resource)
      recorder.record(identity.accessKeyId, decided.action, decided.resource)
    return { allowed, outcome: outcomeOf(api, decided, allowed ? undefined : decided.reason, false) }
  }

  return { decide, decideConnect: connect }
}

function isIdempotentWrite(action: KafkaAction): boolean {
  return action.operation === 'IDEMPOTENT_WRITE' && action.resourceType === 'CLUSTER'
}

const CREATE_TOPICS = 19

/**
 * A check the client needs to pass, as opposed to Kafka's probes and filters, which Kafka marks with
 * logIfDenied false. Two such checks are needs all the same (Kafka 4.3): IDEMPOTENT_WRITE, what an
 * idempotent producer is meant to have (asked quietly because the `hardcode` fallback follows), and
 * CreateTopics' DESCRIBE TOPIC, without which an existing topic is answered TOPIC_AUTHORIZATION_FAILED
 * instead of TOPIC_ALREADY_EXISTS (ControllerApis.createTopics).
 */
function isRealNeed(apiKey: number, action: KafkaAction): boolean {
  return (
    action.logIfDenied ||
    isIdempotentWrite(action) ||
    (apiKey === CREATE_TOPICS && action.operation === 'DESCRIBE' && action.resourceType === 'TOPIC')
  )
}

function denial(outcome: CheckOutcome): Decision {
  return { allowed: false, cacheable: true, explanation: outcome }
}

function outcomeOf(
  api: string | undefined,
  decided: Pick<KafkaCheckDecision, 'action' | 'resource'> & Partial<Pick<KafkaCheckDecision, 'explanation'>>,
  reason: string | undefined,
  quiet: boolean,
): CheckOutcome {
  return {
    api,
    action: decided.action,
    resource: decided.resource,
    reason,
    explanation: reason === undefined ? undefined : decided.explanation,
    quiet,
  }
}
