// The one identity every plugin signs with, and a credentials provider that counts its calls.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'

/** Test-only credentials known to the emulator; nothing here reaches AWS. */
export const IDENTITY = {
  accessKeyId: 'AKIABENCHMARK0000001',
  secretAccessKey: 'bench-secret-access-key-not-a-real-secret',
  sessionToken: 'bench-session-token-not-a-real-token-' + 'x'.repeat(300),
  principalArn: 'arn:aws:sts::123456789012:assumed-role/bench/aws-msk-iam-auth',
}

/** The same static credentials for every plugin (a session token included, as with roles and IMDS). */
export const STATIC_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: IDENTITY.accessKeyId,
  secretAccessKey: IDENTITY.secretAccessKey,
  sessionToken: IDENTITY.sessionToken,
}

export interface CountingProvider extends AwsCredentialIdentityProvider {
  calls: number
}

/**
 * A provider like the AWS SDK's instance-metadata or STS providers: each call takes `latencyMs` (a network
 * round trip) and returns temporary credentials valid for another hour. `calls` counts every call.
 */
export function countingProvider(latencyMs: number): CountingProvider {
  const provider = (async () => {
    provider.calls++
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs))
    return { ...STATIC_CREDENTIALS, expiration: new Date(Date.now() + 60 * 60_000) }
  }) as CountingProvider
  provider.calls = 0
  return provider
}
