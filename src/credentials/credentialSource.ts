import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { DEFAULT_ROLE_SESSION_NAME, DEFAULT_STS_REGION } from '../constants.js'
import type { AwsMskIamOptions } from '../options.js'

type SdkProviders = Pick<
  typeof import('@aws-sdk/credential-providers'),
  'fromNodeProviderChain' | 'fromIni' | 'fromTemporaryCredentials'
>

/** A credential provider and the words that name it in error messages. */
export interface CredentialSource {
  provider: AwsCredentialIdentityProvider
  description: string
}

/** Loads the AWS SDK's providers only when a source needs them: static credentials never pay for it. */
export const loadSdkProviders = (): Promise<SdkProviders> => import('@aws-sdk/credential-providers')

/**
 * Maps the options to one uncached provider, as aws-msk-iam-auth does: explicit credentials or a
 * profile, optionally used to assume `roleArn`; else the default chain. The SDK is imported on first call.
 */
export function credentialSource(
  options: AwsMskIamOptions,
  loadSdk: () => Promise<SdkProviders> = loadSdkProviders,
): CredentialSource {
  const { credentials, profile, roleArn } = options
  const base = baseSource(credentials, profile, loadSdk)
  if (roleArn === undefined) return base ?? defaultChain(loadSdk)
  const sessionName = options.roleSessionName ?? DEFAULT_ROLE_SESSION_NAME
  const provider = lazy(loadSdk, (sdk) =>
    sdk.fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        ...(options.roleExternalId === undefined ? {} : { ExternalId: options.roleExternalId }),
      },
      ...(base ? { masterCredentials: base.provider } : {}),
      clientConfig: { region: options.stsRegion ?? DEFAULT_STS_REGION, maxAttempts: 1 },
    }),
  )
  return {
    provider,
    description: `role ${roleArn} (session "${sessionName}") assumed with ${base?.description ?? 'the AWS default credential chain'}`,
  }
}

function baseSource(
  credentials: AwsMskIamOptions['credentials'],
  profile: string | undefined,
  loadSdk: () => Promise<SdkProviders>,
): CredentialSource | undefined {
  if (typeof credentials === 'function')
    return { provider: credentials, description: 'the credentials provider passed in options' }
  if (credentials) {
    const fixed: AwsCredentialIdentity = { ...credentials }
    return { provider: async () => fixed, description: 'the credentials passed in options' }
  }
  if (profile !== undefined) {
    return { provider: lazy(loadSdk, (sdk) => sdk.fromIni({ profile })), description: `profile "${profile}"` }
  }
  return undefined
}

// The chain's web-identity step (EKS IRSA, …) names its STS session `aws-sdk-js-session-<now>` unless told
// otherwise: a new principal at every refresh, which MSK refuses on re-authentication. Pin it, keeping a
// name the user set in AWS_ROLE_SESSION_NAME.
function defaultChain(loadSdk: () => Promise<SdkProviders>, env: NodeJS.ProcessEnv = process.env): CredentialSource {
  const roleSessionName = env['AWS_ROLE_SESSION_NAME'] || DEFAULT_ROLE_SESSION_NAME
  return {
    provider: lazy(loadSdk, (sdk) => sdk.fromNodeProviderChain({ roleSessionName })),
    description: 'the AWS default credential chain',
  }
}

/** Builds the SDK provider once, on first use, and reuses it for every later call. */
function lazy(
  loadSdk: () => Promise<SdkProviders>,
  build: (sdk: SdkProviders) => AwsCredentialIdentityProvider,
): AwsCredentialIdentityProvider {
  let built: Promise<AwsCredentialIdentityProvider> | undefined
  return async (props) => {
    built ??= loadSdk().then(build)
    built.catch(() => {
      built = undefined
    })
    return (await built)(props)
  }
}
