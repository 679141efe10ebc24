// kafkajs-msk-iam/testing: a local MSK cluster (real Kafka brokers behind the MSK IAM emulator), and the
// emulator alone in front of a Kafka you run, for tests and demos.
// Every public name is listed here explicitly; anything not listed is internal.

export { startLocalMsk } from './startLocalMsk.js'
export { startMskIamEmulator } from './startMskIamEmulator.js'
export { jsonLineLogger } from './jsonLineLogger.js'
export { defaultBrokerHost } from './defaultBrokerHost.js'
export type { LocalMsk, LocalMskIdentity, LocalMskOptions } from './local/types.js'
export type {
  AuthorizationMode,
  AuthorizedIdentity,
  EmulatorAuthorizationOptions,
  CloseReason,
  ConnectionLimits,
  DenialReason,
  EmulatorBroker,
  EmulatorLogEntry,
  EmulatorStats,
  FaultController,
  FaultSettings,
  ListenerOptions,
  MskIamEmulator,
  MskIamEmulatorOptions,
  MskIamEmulatorSettings,
  SessionLifetime,
  TlsListenerOptions,
  UpstreamAddress,
} from './types.js'
export type { DenyReason, EmulatorIdentity, Verdict, VerifyContext } from './verifier/types.js'
export { verifyIamPayload } from './verifier/verifyIamPayload.js'
export { verifyOauthBearer } from './verifier/verifyOauthBearer.js'
export { TEST_CA_CERT, TEST_SERVER_CERT, TEST_SERVER_KEY } from './testCertificates.js'
export { evaluatePolicies, compilePolicySet } from '../iam/policy/evaluatePolicies.js'
export type { PolicySet, PolicyDecision, DecisionKind, CompiledPolicySet } from '../iam/policy/evaluatePolicies.js'
export { explainDecision } from '../iam/policy/explainDecision.js'
export type { PolicyExplanation, NearMiss, Lack } from '../iam/policy/explainDecision.js'
export { parsePolicy, compilePolicy } from '../iam/policy/parsePolicy.js'
export type { CompiledPolicy, PolicyProblem, ParsePolicyResult } from '../iam/policy/CompiledPolicy.js'
export type { PolicyDocument, PolicyStatement, StatementRef } from '../iam/policy/PolicyDocument.js'
export type { IamRequest, IamPrincipal } from '../iam/policy/requestContext.js'
export { lintPolicy } from '../iam/lint/lintPolicy.js'
export type { LintFinding, LintCode } from '../iam/lint/lintPolicy.js'
export { recordPolicy } from '../iam/record/recordPolicy.js'
export type { RecordedAccess } from '../iam/record/recordPolicy.js'
export { MSK_ACTIONS } from '../iam/msk/mskActions.js'
export { clusterArn, topicArn, groupArn, transactionalIdArn, parseMskArn } from '../iam/msk/mskArn.js'
export type { MskCluster } from '../iam/msk/mskArn.js'
export { kafkaAclToIam } from '../iam/msk/kafkaAclToIam.js'
export { decideKafkaCheck } from '../iam/msk/decideKafkaCheck.js'
export type { KafkaCheckDecision } from '../iam/msk/decideKafkaCheck.js'
export { KAFKA_APIS } from '../iam/msk/kafkaApis.js'
export { workloadRequirements } from '../iam/msk/workloadRequirements.js'
export type { Workload, Requirement } from '../iam/msk/workloadRequirements.js'
export { checkWorkload } from '../iam/msk/checkWorkload.js'
export { startKafkaCluster } from './kafka/startKafkaCluster.js'
export type { KafkaCluster, KafkaClusterOptions, KafkaNode } from './kafka/startKafkaCluster.js'
export { kafkaCacheRoot } from './kafka/kafkaCacheRoot.js'
export { ensureAuthorizerJar } from './authorization/ensureAuthorizerJar.js'
export type { EnsureAuthorizerJarOptions } from './authorization/ensureAuthorizerJar.js'
export { authorizerServerProperties, UPSTREAM_LISTENER } from './authorization/authorizerServerProperties.js'
export type { AuthorizerPropertiesOptions } from './authorization/authorizerServerProperties.js'
export { LocalKafkaError } from './kafka/LocalKafkaError.js'
export type { LocalKafkaErrorCode } from './kafka/LocalKafkaError.js'
