import { ByteReader } from '../../protocol/ByteReader.js'
import { ByteWriter } from '../../protocol/ByteWriter.js'

// Response frame: int32 size, then the response header, then the body.
//   Response header v0: int32 correlation_id
//   Response header v1: int32 correlation_id, tagged fields (flexible versions; never for ApiVersions)

/** Builds a whole response frame (size prefix included) around an encoded body. */
export function encodeResponseFrame(correlationId: number, headerVersion: 0 | 1, body: Buffer): Buffer {
  const header = new ByteWriter().int32(correlationId)
  if (headerVersion === 1) header.emptyTaggedFields()
  const headerBytes = header.toBuffer()
  return new ByteWriter()
    .int32(headerBytes.length + body.length)
    .raw(headerBytes)
    .raw(body)
    .toBuffer()
}

/** Correlation id and body offset of a response payload (size prefix removed). Throws WireFormatError. */
export function readResponseHeader(
  payload: Buffer,
  headerVersion: 0 | 1,
): { correlationId: number; bodyOffset: number } {
  const reader = new ByteReader(payload)
  const correlationId = reader.int32()
  if (headerVersion === 1) reader.skipTaggedFields()
  return { correlationId, bodyOffset: reader.offset }
}

/** Prefixes a payload with its int32 size. */
export function frameOf(payload: Buffer): Buffer {
  return new ByteWriter().int32(payload.length).raw(payload).toBuffer()
}
