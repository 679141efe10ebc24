import type { AwsCredentialIdentityProvider } from '@smithy/types'

/** The AWS SDK credential providers this package builds on. */
export type SdkProviders = Pick<
  typeof import('@aws-sdk/credential-providers'),
  'fromNodeProviderChain' | 'fromIni' | 'fromTemporaryCredentials'
>

/** The AWS SDK's environment provider: the first step of its default chain, in a package of its own. */
export type SdkEnvProvider = Pick<typeof import('@aws-sdk/credential-provider-env'), 'fromEnv'>

/** Loads the AWS SDK's providers only when a source needs them: static credentials never pay for it. */
export const loadSdkProviders = (): Promise<SdkProviders> => import('@aws-sdk/credential-providers')

/** Loads only the SDK's environment provider, without the rest of the chain. */
export const loadSdkEnvProvider = (): Promise<SdkEnvProvider> => import('@aws-sdk/credential-provider-env')

/**
 * A provider built from the AWS SDK on its first call, and reused for every later call. A failed load or
 * build is not kept: the next call tries again.
 */
export function lazySdkProvider<Sdk>(
  loadSdk: () => Promise<Sdk>,
  build: (sdk: Sdk) => AwsCredentialIdentityProvider | Promise<AwsCredentialIdentityProvider>,
): AwsCredentialIdentityProvider {
  let built: Promise<AwsCredentialIdentityProvider> | undefined
  return async (properties) => {
    const current = (built ??= loadSdk().then(build))
    current.catch(() => {
      if (built === current) built = undefined
    })
    return (await current)(properties)
  }
}
