import { MAX_UNDERSTOOD_VERSION } from '../constants.js'
import { API_KEY } from '../../constants.js'
import { clampApiVersionsResponse } from './clampApiVersionsResponse.js'
import { rewriteDescribeClusterResponse } from './rewriteDescribeClusterResponse.js'
import { rewriteFindCoordinatorResponse } from './rewriteFindCoordinatorResponse.js'
import { rewriteMetadataResponse } from './rewriteMetadataResponse.js'
import { rewriteShareResponse } from './rewriteShareResponse.js'
import type { EndpointFor } from './spliceEndpoint.js'

/**
 * The response payload (size prefix removed) a client should see for a request of `apiKey`/`apiVersion`
 * answered by Kafka: broker addresses replaced with the emulator's, ApiVersions clamped, everything else
 * the same object. Throws WireFormatError when Kafka's bytes do not match the expected layout.
 */
export function rewriteResponse(apiKey: number, apiVersion: number, payload: Buffer, endpointFor: EndpointFor): Buffer {
  switch (apiKey) {
    case API_KEY.METADATA:
      return rewriteMetadataResponse(payload, apiVersion, endpointFor)
    case API_KEY.FIND_COORDINATOR:
      return rewriteFindCoordinatorResponse(payload, apiVersion, endpointFor)
    case API_KEY.DESCRIBE_CLUSTER:
      return rewriteDescribeClusterResponse(payload, apiVersion, endpointFor)
    case API_KEY.SHARE_FETCH:
    case API_KEY.SHARE_ACKNOWLEDGE:
      return rewriteShareResponse(apiKey, payload, apiVersion, endpointFor)
    case API_KEY.API_VERSIONS:
      return clampApiVersionsResponse(payload, apiVersion)
    default:
      return payload
  }
}

/**
 * False for a version of an API the emulator parses but does not know (newer than its schemas). ApiVersions
 * is exempt: Kafka answers unknown ApiVersions versions itself, in the v0 layout.
 */
export function isUnderstoodVersion(apiKey: number, apiVersion: number): boolean {
  if (apiKey === API_KEY.API_VERSIONS) return true
  const max = MAX_UNDERSTOOD_VERSION.get(apiKey)
  return max === undefined || (apiVersion >= 0 && apiVersion <= max)
}
