import { MskIamError } from './errors.js'

// MSK broker names end in a fixed DNS suffix that holds the region:
//   b-1.<cluster>.<id>.c2.kafka.<region>.amazonaws.com           (provisioned)
//   boot-abcd.c1.kafka-serverless.<region>.amazonaws.com          (serverless)
//   ….kafka.<region>.amazonaws.com.cn                              (China)
// The match is anchored on that suffix, so a cluster named "demo-us-west-1-app" in us-west-2 yields
// us-west-2 (the reference library takes the first region-looking label anywhere and signs for us-west-1).
const MSK_HOST_SUFFIX = /\.kafka(?:-serverless|-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(?:\.cn)?\.?$/i

/** The region in an MSK broker hostname's DNS suffix, or undefined for any other name (CNAMEs, IPs). */
export function regionFromHost(host: string): string | undefined {
  const match = MSK_HOST_SUFFIX.exec(host)
  return match?.[1]?.toLowerCase()
}

/** Where a region can come from, in the order they are tried. */
export interface RegionSources {
  /** The `region` option. */
  explicit?: string | undefined
  /** `AWS_REGION` / `AWS_DEFAULT_REGION` and the shared config profile, read lazily once. */
  fallback: () => Promise<string | undefined>
}

/**
 * Builds the per-instance region lookup: explicit option, then the broker hostname, then the environment
 * and profile. Never resolves to undefined: a host with no region anywhere is a clear error.
 */
export function createRegionResolver(sources: RegionSources): (host: string) => Promise<string> {
  let fallback: Promise<string | undefined> | undefined
  return async (host) => {
    if (sources.explicit) return sources.explicit
    const inferred = regionFromHost(host)
    if (inferred) return inferred
    fallback ??= sources.fallback().catch(() => undefined)
    const region = await fallback
    if (region) return region
    throw new MskIamError(
      'REGION_UNRESOLVED',
      `Cannot tell which AWS region to sign for: broker host "${host}" is not an MSK hostname ` +
        '(…kafka.<region>.amazonaws.com) and neither AWS_REGION, AWS_DEFAULT_REGION nor the profile sets one. ' +
        "Pass the cluster's region, e.g. awsMskIam({ region: 'us-east-1' }).",
    )
  }
}

/** Reads the region from the environment, then from the shared config profile (loaded only if needed). */
export async function regionFromEnvironment(
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
): Promise<string | undefined> {
  const fromEnv = env['AWS_REGION'] || env['AWS_DEFAULT_REGION']
  if (fromEnv) return fromEnv
  const { loadSharedConfigFiles } = await import('@smithy/core/config')
  const { configFile } = await loadSharedConfigFiles()
  const name = profile ?? env['AWS_PROFILE'] ?? 'default'
  return configFile[name]?.['region'] || undefined
}
