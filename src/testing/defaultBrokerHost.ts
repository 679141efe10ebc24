/**
 * MSK's provisioned broker naming, `b-<nodeId>.<cluster>.<id>.c1.kafka.<region>.amazonaws.com`. The
 * bundled test certificate covers `*.local.abc123.c1.kafka.<region>.amazonaws.com` for the defaults.
 */
export function defaultBrokerHost(clusterName: string, clusterId: string, region: string): (nodeId: number) => string {
  return (nodeId) => `b-${nodeId}.${clusterName}.${clusterId}.c1.kafka.${region}.amazonaws.com`
}
