import type { ByteReader } from '../../protocol/ByteReader.js'
import { ByteWriter } from '../../protocol/ByteWriter.js'
import type { PayloadSplicer } from './PayloadSplicer.js'

/**
 * Where clients should reach broker `nodeId`; undefined keeps the entry as Kafka sent it (used for the
 * "no coordinator" placeholder, node id -1 with an empty host).
 */
export type EndpointFor = (nodeId: number) => { host: string; port: number } | undefined

// A broker entry's address, as it appears in Metadata, DescribeCluster and FindCoordinator:
//   int32 node_id, string host (compact string in flexible versions), int32 port

/**
 * Reads one `node_id, host, port` triple at the reader's position and, unless `endpointFor` says keep,
 * replaces host and port in the output. Returns the node id.
 */
export function spliceEndpoint(
  reader: ByteReader,
  splicer: PayloadSplicer,
  compact: boolean,
  endpointFor: EndpointFor,
): number {
  const nodeId = reader.int32()
  const start = reader.offset
  if (compact) reader.compactString()
  else reader.string()
  reader.int32()
  const endpoint = endpointFor(nodeId)
  if (endpoint !== undefined) {
    const replacement = new ByteWriter()
    if (compact) replacement.compactNullableString(endpoint.host)
    else replacement.nullableString(endpoint.host)
    splicer.replace(start, reader.offset, replacement.int32(endpoint.port).toBuffer())
  }
  return nodeId
}
