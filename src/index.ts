// The public surface of kafkajs-msk-iam, listed one by one (pinned by test/unit/publicApi.test.ts).
export { awsMskIam } from './awsMskIam.js'
export type { AwsMskIamMechanism } from './awsMskIam.js'
export type { AwsMskIamOptions } from './options.js'
export { MskIamError, isMskIamError } from './errors.js'
export type { MskIamErrorCode, MskIamErrorDetails } from './errors.js'
export { explainError } from './brokerErrors.js'
export { regionFromHost } from './region.js'
export type { Clock, TimerHandle } from './clock.js'
export { proactiveReauthentication } from './reauth/proactiveReauthentication.js'
export type {
  ProactiveReauthenticationOptions,
  ReauthenticationEvent,
  ReauthenticationFailure,
  SocketFactory,
  SocketFactoryArgs,
  KafkaSocket,
} from './reauth/types.js'
