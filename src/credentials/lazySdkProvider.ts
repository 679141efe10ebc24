import type { AwsCredentialIdentityProvider } from '@smithy/types'

/** The AWS SDK credential providers this package builds on. */
export type SdkProviders = Pick<
  typeof import('@aws-sdk/credential-providers'),
  'fromNodeProviderChain' | 'fromIni' | 'fromTemporaryCredentials'
>

/** Loads the AWS SDK's providers only when a source needs them: static credentials never pay for it. */
export const loadSdkProviders = (): Promise<SdkProviders> => import('@aws-sdk/credential-providers')

/**
 * A provider built from the AWS SDK on its first call, and reused for every later call. A failed load or
 * build is not kept: the next call tries again.
 */
export function lazySdkProvider(
  loadSdk: () => Promise<SdkProviders>,
  build: (sdk: SdkProviders) => AwsCredentialIdentityProvider | Promise<AwsCredentialIdentityProvider>,
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
