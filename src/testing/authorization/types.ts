// The contract between the decision service and whoever decides (the IAM policy evaluator, or a stub in
// tests). Names follow Kafka's Authorizer API (org.apache.kafka.server.authorizer) as of Kafka 4.3.

/** Kafka's AclOperation names. */
export const KAFKA_ACL_OPERATIONS = [
  'UNKNOWN',
  'ANY',
  'ALL',
  'READ',
  'WRITE',
  'CREATE',
  'DELETE',
  'ALTER',
  'DESCRIBE',
  'CLUSTER_ACTION',
  'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS',
  'IDEMPOTENT_WRITE',
  'CREATE_TOKENS',
  'DESCRIBE_TOKENS',
  'TWO_PHASE_COMMIT',
] as const
export type KafkaAclOperation = (typeof KAFKA_ACL_OPERATIONS)[number]

/** Kafka's ResourceType names. */
export const KAFKA_RESOURCE_TYPES = [
  'UNKNOWN',
  'ANY',
  'TOPIC',
  'GROUP',
  'CLUSTER',
  'TRANSACTIONAL_ID',
  'DELEGATION_TOKEN',
  'USER',
] as const
export type KafkaResourceType = (typeof KAFKA_RESOURCE_TYPES)[number]

/** Kafka's PatternType names (authorize() is always asked about LITERAL resources in practice). */
export const KAFKA_PATTERN_TYPES = ['UNKNOWN', 'ANY', 'MATCH', 'LITERAL', 'PREFIXED'] as const
export type KafkaPatternType = (typeof KAFKA_PATTERN_TYPES)[number]

/** One check Kafka makes: `operation` on a resource. The cluster resource is named `kafka-cluster`. */
export interface KafkaAction {
  operation: KafkaAclOperation
  resourceType: KafkaResourceType
  resourceName: string
  patternType: KafkaPatternType
  /** Kafka's hint that this check is a real need (false: a probe or a filter, e.g. Metadata for all topics). */
  logIfAllowed: boolean
  logIfDenied: boolean
}

/** The Kafka request the checks belong to, from the broker's AuthorizableRequestContext. */
export interface KafkaRequestContext {
  listenerName: string
  securityProtocol: string | null
  clientAddress: string | null
  apiKey: number
  /** Kafka's name for the API (`Metadata`, `InitProducerId`), when the broker knows the key. */
  apiName: string | null
  apiVersion: number
  correlationId: number
  clientId: string | null
}

/** What the decision service knows about a client connection: who authenticated on it. */
export interface AuthorizationIdentity {
  accessKeyId: string
  principalArn: string
}

/** One action to decide, with everything known about who asks and in which request. */
export interface AuthorizationRequest {
  connectionId: string
  identity: AuthorizationIdentity
  /** The upstream Kafka principal name, `msk-iam:<emulatorId>:<connectionId>`. */
  principal: string
  context: KafkaRequestContext
  action: KafkaAction
}

export interface Decision {
  allowed: boolean
  /**
   * False when the decision may change without a policy or identity change (it read `aws:CurrentTime`,
   * say): the authorizer then asks again next time.
   */
  cacheable: boolean
  /** Whatever the decider wants in the decision log (the evaluator's explanation). */
  explanation?: unknown
}

export type DecideFunction = (request: AuthorizationRequest) => Decision

/** Why the service answered as it did without asking `decide`, or that it did ask. */
export type DecisionSource = 'decided' | 'unknown-connection' | 'foreign-emulator' | 'decide-failed'

/** One record per decided action, for the emulator's decision log and record mode. Never holds a secret. */
export interface DecisionRecord
  extends
    KafkaAction,
    Pick<KafkaRequestContext, 'apiKey' | 'apiName' | 'apiVersion' | 'correlationId' | 'clientId' | 'listenerName'> {
  /** ISO time from the service's clock. */
  time: string
  authorizer: string
  principal: string
  connectionId: string | undefined
  accessKeyId: string | undefined
  principalArn: string | undefined
  allowed: boolean
  cacheable: boolean
  generation: number
  source: DecisionSource
  explanation?: unknown
}
