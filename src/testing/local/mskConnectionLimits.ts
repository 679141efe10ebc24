import { MSK_CONNECTION_LIMITS } from '../constants.js'
import type { ConnectionLimits } from '../types.js'

/**
 * MSK's IAM connection limits for a cluster profile and broker type (sources in the emulator reference):
 * provisioned 20 new connections per second per broker (4 on kafka.t3.small) and 3000 open per broker;
 * serverless 100 connection attempts per second and 1000 connections for the whole cluster.
 */
export function mskConnectionLimits(profile: 'provisioned' | 'serverless', instanceType: string): ConnectionLimits {
  const l = MSK_CONNECTION_LIMITS
  if (profile === 'serverless') {
    return { perSecond: l.SERVERLESS_PER_SECOND, maxConnections: l.SERVERLESS_MAX_CONNECTIONS, scope: 'cluster' }
  }
  const perSecond = instanceType === 'kafka.t3.small' ? l.T3_SMALL_PER_SECOND : l.PROVISIONED_PER_SECOND
  return { perSecond, maxConnections: l.PROVISIONED_MAX_CONNECTIONS_PER_BROKER, scope: 'broker' }
}
