import { systemClock } from '../../clock.js'
import { MskIamError } from '../../errors.js'
import { parseClusterArn } from '../../iam/msk/mskArn.js'
import { DEFAULT_POLICY_PROPAGATION_MS } from '../constants.js'
import type { AuthorizedIdentity, EmulatorAuthorizationOptions } from '../types.js'
import { EmulatorAuthorization } from './EmulatorAuthorization.js'

/**
 * Checks the authorization options (mode, cluster ARN, propagation delay, every policy document) and
 * starts the emulator's authorization; rejects with MskIamError INVALID_OPTIONS / INVALID_POLICY first.
 */
export async function startEmulatorAuthorization(
  options: EmulatorAuthorizationOptions,
  context: {
    identities: readonly AuthorizedIdentity[]
    defaultClusterArn: string
    now: () => number
  },
): Promise<EmulatorAuthorization> {
  const fail = (message: string): never => {
    throw new MskIamError('INVALID_OPTIONS', `authorization: ${message}`)
  }
  if (typeof options !== 'object' || options === null) fail('must be an object')
  if (options.mode !== 'enforce' && options.mode !== 'record') fail(`mode must be 'enforce' or 'record'`)
  const arn = options.clusterArn ?? context.defaultClusterArn
  const cluster = typeof arn === 'string' ? parseClusterArn(arn) : undefined
  if (cluster === undefined) fail(`clusterArn ${JSON.stringify(arn)} is not an MSK cluster ARN`)
  const delay = options.policyPropagationMs ?? DEFAULT_POLICY_PROPAGATION_MS
  if (!(Number.isFinite(delay) && delay >= 0)) fail('policyPropagationMs must be a non-negative number')
  const tags = options.clusterTags
  if (
    tags !== undefined &&
    (typeof tags !== 'object' || tags === null || !Object.values(tags).every((v) => typeof v === 'string'))
  )
    fail('clusterTags must map tag keys to strings')
  return EmulatorAuthorization.start({
    mode: options.mode,
    cluster: cluster!,
    clusterPolicy: options.clusterPolicy,
    clusterTags: tags,
    policyPropagationMs: delay,
    identities: context.identities,
    decisionService: options.decisionService ?? {},
    clock: systemClock,
    now: context.now,
  })
}
