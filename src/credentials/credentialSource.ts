import type { AwsCredentialIdentity } from '@smithy/types'
import { DEFAULT_ROLE_SESSION_NAME, ENV_KEY, ENV_PROFILE, ENV_SECRET } from '../constants.js'
import type { AwsMskIamOptions, CredentialsFunction } from '../options.js'
import { assumeRoleRegion } from './assumeRoleRegion.js'
import {
  lazySdkProvider,
  loadSdkEnvProvider,
  loadSdkProviders,
  type SdkEnvProvider,
  type SdkProviders,
} from './lazySdkProvider.js'

/** A credential provider and the words that name it in error messages. */
export interface CredentialSource {
  /** May be synchronous (a user's plain function): call it through the cache, which accepts both. */
  provider: CredentialsFunction
  description: string
  /** False when asking again cannot give other credentials (credentials fixed in the options). */
  refreshable: boolean
}

/** What a credential source needs besides the options. */
export interface CredentialSourceDeps {
  /** The region the mechanism signs for: `roleArn` is assumed through STS there, unless `stsRegion` is set. */
  signingRegion: () => Promise<string>
  /** Loads the AWS SDK's providers (on first use); tests pass a fake. */
  loadSdk?: () => Promise<SdkProviders>
  /** Loads the SDK's environment provider alone (on first use); tests pass a fake. */
  loadEnvProvider?: () => Promise<SdkEnvProvider>
  env?: NodeJS.ProcessEnv
}

/**
 * Maps the options to one uncached provider, as aws-msk-iam-auth does: explicit credentials or a
 * profile, optionally used to assume `roleArn`; else the default chain. The SDK is imported on first call.
 */
export function credentialSource(options: AwsMskIamOptions, deps: CredentialSourceDeps): CredentialSource {
  const { credentials, profile, roleArn } = options
  const loadSdk = deps.loadSdk ?? loadSdkProviders
  const base = baseSource(credentials, profile, loadSdk)
  if (roleArn === undefined)
    return base ?? defaultChain(loadSdk, deps.loadEnvProvider ?? loadSdkEnvProvider, deps.env ?? process.env)
  const sessionName = options.roleSessionName ?? DEFAULT_ROLE_SESSION_NAME
  const provider = lazySdkProvider(loadSdk, async (sdk) =>
    sdk.fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        ...(options.roleExternalId === undefined ? {} : { ExternalId: options.roleExternalId }),
      },
      ...(base ? { masterCredentials: async (properties) => base.provider(properties) } : {}),
      // Resolved on first use, from the first broker signed for: regional STS, in the role's partition.
      clientConfig: {
        region: options.stsRegion ?? (await assumeRoleRegion(roleArn, deps.signingRegion)),
        maxAttempts: 1,
      },
    }),
  )
  return {
    provider,
    description: `role ${roleArn} (session "${sessionName}") assumed with ${base?.description ?? 'the AWS default credential chain'}`,
    refreshable: true,
  }
}

function baseSource(
  credentials: AwsMskIamOptions['credentials'],
  profile: string | undefined,
  loadSdk: () => Promise<SdkProviders>,
): CredentialSource | undefined {
  if (typeof credentials === 'function')
    return { provider: credentials, description: 'the credentials provider passed in options', refreshable: true }
  if (credentials) {
    const fixed: AwsCredentialIdentity = { ...credentials }
    return { provider: () => fixed, description: 'the credentials passed in options', refreshable: false }
  }
  if (profile !== undefined) {
    return {
      provider: lazySdkProvider(loadSdk, (sdk) => sdk.fromIni({ profile })),
      description: `profile "${profile}"`,
      refreshable: true,
    }
  }
  return undefined
}

// The chain's web-identity step (EKS IRSA, …) names its STS session `aws-sdk-js-session-<now>` unless told
// otherwise: a new principal at every refresh, which MSK refuses on re-authentication. Pin it, keeping a
// name the user set in AWS_ROLE_SESSION_NAME.
//
// When the environment holds keys (Lambda sets them for the function's role), the chain's first step
// answers: then only that step, the SDK's own fromEnv, is loaded, not the chain with its SSO, INI,
// process, web-identity and metadata providers (a cold start's worth of modules).
function defaultChain(
  loadSdk: () => Promise<SdkProviders>,
  loadEnvProvider: () => Promise<SdkEnvProvider>,
  env: NodeJS.ProcessEnv,
): CredentialSource {
  const roleSessionName = env['AWS_ROLE_SESSION_NAME'] || DEFAULT_ROLE_SESSION_NAME
  const chain = lazySdkProvider(loadSdk, (sdk) => sdk.fromNodeProviderChain({ roleSessionName }))
  const fromEnvironment = lazySdkProvider(loadEnvProvider, (sdk) => sdk.fromEnv())
  return {
    provider: (properties) => (chainStartsWithEnvironment(env) ? fromEnvironment : chain)(properties),
    description: 'the AWS default credential chain',
    refreshable: true,
  }
}

/**
 * Whether the SDK's default chain would take its credentials from the environment: both keys set (what
 * fromEnv needs) and no AWS_PROFILE (with one, the chain skips the environment).
 */
function chainStartsWithEnvironment(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env[ENV_KEY] && env[ENV_SECRET] && !env[ENV_PROFILE])
}
