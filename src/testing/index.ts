// kafkajs-msk-iam/testing: a local MSK cluster (real Kafka brokers behind the MSK IAM emulator), and the
// emulator alone in front of a Kafka you run, for tests and demos.
// Every public name is listed here explicitly; anything not listed is internal.

export { startLocalMsk } from './startLocalMsk.js'
export { startMskIamEmulator } from './startMskIamEmulator.js'
export { jsonLineLogger } from './jsonLineLogger.js'
export { defaultBrokerHost } from './defaultBrokerHost.js'
export type { LocalMsk, LocalMskIdentity, LocalMskOptions } from './local/types.js'
export type {
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
export { startKafkaCluster } from './kafka/startKafkaCluster.js'
export type { KafkaCluster, KafkaClusterOptions, KafkaNode } from './kafka/startKafkaCluster.js'
export { kafkaCacheRoot } from './kafka/kafkaCacheRoot.js'
export { LocalKafkaError } from './kafka/LocalKafkaError.js'
export type { LocalKafkaErrorCode } from './kafka/LocalKafkaError.js'
