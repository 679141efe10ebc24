import { MskIamError } from './errors.js'
import { partitionDnsSuffixes, partitionOf, REGION_ID_PATTERN } from './partition.js'

// MSK broker names end in a fixed DNS suffix that holds the region, under its partition's domain:
//   b-1.<cluster>.<id>.c2.kafka.<region>.amazonaws.com           (provisioned)
//   boot-abcd.c1.kafka-serverless.<region>.amazonaws.com          (serverless)
//   ….kafka.<region>.amazonaws.com.cn, ….kafka.<region>.amazonaws.eu (China, European Sovereign Cloud)
// The match is anchored on that suffix, so a cluster named "demo-us-west-1-app" in us-west-2 yields
// us-west-2 (the reference library takes the first region-looking label anywhere and signs for us-west-1).
const MSK_HOST_SUFFIX = new RegExp(
  `\\.kafka(?:-serverless|-fips)?\\.(${REGION_ID_PATTERN})\\.(${partitionDnsSuffixes()
    .map((suffix) => suffix.replace(/\./g, '\\.'))
    .join('|')})\\.?$`,
  'i',
)

/** The region in an MSK broker hostname's DNS suffix, or undefined for any other name (CNAMEs, IPs). */
export function regionFromHost(host: string): string | undefined {
  const match = MSK_HOST_SUFFIX.exec(host)
  const region = match?.[1]?.toLowerCase()
  // A region under another partition's domain (kafka.us-east-1.amazonaws.com.cn) is no MSK name.
  return region && partitionOf(region).dnsSuffix === match![2]!.toLowerCase() ? region : undefined
}

/** Where a region can come from, in the order they are tried. */
export interface RegionSources {
  /** The `region` option. */
  explicit?: string | undefined
  /** `AWS_REGION` / `AWS_DEFAULT_REGION` and the shared config profile. */
  fallback: () => Promise<string | undefined>
}

/**
 * Builds the per-instance region lookup: explicit option, then the broker hostname, then the environment
 * and profile. Never resolves to undefined: a host with no region anywhere is a clear error. The fallback
 * is asked once when it finds a region, and again after it found none (a profile written or fixed later).
 */
export function createRegionResolver(sources: RegionSources): (host: string) => Promise<string> {
  let found: Promise<string | undefined> | undefined
  return async (host) => {
    if (sources.explicit) return sources.explicit
    const inferred = regionFromHost(host)
    if (inferred) return inferred
    const lookup = (found ??= sources.fallback().catch(() => undefined))
    const region = await lookup
    if (region) return region
    if (found === lookup) found = undefined
    throw new MskIamError(
      'REGION_UNRESOLVED',
      `Cannot tell which AWS region to sign for: broker host "${host}" is not an MSK hostname ` +
        '(…kafka.<region>.amazonaws.com) and neither AWS_REGION, AWS_DEFAULT_REGION nor the profile sets one. ' +
        "Pass the cluster's region, e.g. awsMskIam({ region: 'us-east-1' }).",
    )
  }
}

/**
 * Reads the region from `env` (AWS_REGION, AWS_DEFAULT_REGION), then from the shared config profile, which
 * is read from disk on every call (AWS_CONFIG_FILE in `env` names it); callers keep what they find.
 */
export async function regionFromEnvironment(
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
): Promise<string | undefined> {
  const fromEnv = env['AWS_REGION'] || env['AWS_DEFAULT_REGION']
  if (fromEnv) return fromEnv
  const { loadSharedConfigFiles } = await import('@smithy/core/config')
  // ignoreCache: the SDK keeps every file read (a failed one too) for the life of the process.
  const { configFile } = await loadSharedConfigFiles({
    ignoreCache: true,
    ...(env['AWS_CONFIG_FILE'] ? { configFilepath: env['AWS_CONFIG_FILE'] } : {}),
    ...(env['AWS_SHARED_CREDENTIALS_FILE'] ? { filepath: env['AWS_SHARED_CREDENTIALS_FILE'] } : {}),
  })
  const name = profile ?? env['AWS_PROFILE'] ?? 'default'
  return configFile[name]?.['region'] || undefined
}
