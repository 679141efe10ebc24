// PLACEHOLDER until F1's startKafkaCluster lands (not committed).
import type { StartKafkaCluster } from './types.js'
export const startKafkaClusterForMsk: StartKafkaCluster = async () => {
  throw new Error('startKafkaCluster is not merged yet')
}
