// The public surface of kafkajs-msk-iam, listed one by one (pinned by test/unit/publicApi.test.ts).
export { awsMskIam } from './awsMskIam.js'
export type { AwsMskIamMechanism } from './awsMskIam.js'
export type { AwsMskIamOptions, CredentialsFunction } from './options.js'
export type { KafkaLogger } from './kafkajsTypes.js'
export { MskIamError, isMskIamError } from './errors.js'
export type { MskIamErrorCode, MskIamErrorDetails } from './errors.js'
export { explainError } from './explainError.js'
export type { ExplainErrorContext } from './explainError.js'
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
  RenewableSasl,
} from './reauth/types.js'
export type { SaslClient, SaslToken } from './saslClient.js'
export { mskIamOAuthBearer } from './oauth/mskIamOAuthBearer.js'
export type {
  MskIamOAuthBearer,
  KafkajsOAuthBearerSasl,
  ConfluentOAuthBearerSasl,
  PlatformaticOAuthBearerSasl,
} from './oauth/mskIamOAuthBearer.js'
export type { OAuthBearerToken } from './oauth/oauthToken.js'
export {
  generateAuthToken,
  generateAuthTokenFromProfile,
  generateAuthTokenFromRole,
  generateAuthTokenFromCredentialsProvider,
} from './oauth/signerJsCompat.js'
export type {
  GenerateAuthTokenResponse,
  GenerateAuthTokenOptions,
  GenerateAuthTokenFromProfileOptions,
  GenerateAuthTokenFromRoleOptions,
  GenerateAuthTokenFromCredentialOptions,
  SignerJsLogger,
} from './oauth/signerJsCompat.js'
