import { API_KEY } from '../constants.js'
import { ByteReader } from './ByteReader.js'
import { ByteWriter } from './ByteWriter.js'
import { parseRequestHeader } from './parseRequestHeader.js'
import { readProduceAcks } from './readProduceAcks.js'

// Request frames as a client writes them, and what it reads of them again:
//   int32 size | request header | body
//   request header v1: int16 api_key | int16 api_version | int32 correlation_id | nullable string client_id
//   request header v2: the same, then tagged fields (client_id keeps its int16 length: RequestHeader.json)
// Produce's body up to acks is readProduceAcks.ts's (acks = 0: the broker sends no response at all).

/** A whole request frame: size prefix, header v1 (v2 when `flexible`, with no tagged fields), body. */
export function encodeRequestFrame(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  clientId: string | null,
  body: Uint8Array,
  flexible = false,
): Buffer {
  const message = new ByteWriter().int16(apiKey).int16(apiVersion).int32(correlationId).nullableString(clientId)
  if (flexible) message.emptyTaggedFields()
  const bytes = message.raw(body).toBuffer()
  return new ByteWriter().int32(bytes.length).raw(bytes).toBuffer()
}

/** Bytes of a request frame peekRequest reads: the size prefix, api key, version and correlation id. */
export const REQUEST_PEEK_BYTES = 12

/** Api key, version and correlation id of a request frame of at least {@link REQUEST_PEEK_BYTES}. */
export function peekRequest(frame: Buffer): { apiKey: number; apiVersion: number; correlationId: number } {
  return { apiKey: frame.readInt16BE(4), apiVersion: frame.readInt16BE(6), correlationId: frame.readInt32BE(8) }
}

/** The client id of a request frame; undefined when it is null or cut short. Nothing after it is read. */
export function readClientId(frame: Buffer): string | undefined {
  try {
    return new ByteReader(frame, REQUEST_PEEK_BYTES).nullableString() ?? undefined
  } catch {
    return undefined
  }
}

/**
 * Whether the broker answers this request: every request does, except Produce with acks = 0. A frame that
 * cannot be read is assumed to be answered, the safe guess for whoever waits for answers in order.
 */
export function expectsResponse(frame: Buffer): boolean {
  if (frame.readInt16BE(4) !== API_KEY.PRODUCE) return true
  try {
    const payload = frame.subarray(4)
    const { apiVersion, bodyOffset } = parseRequestHeader(payload)
    return readProduceAcks(payload.subarray(bodyOffset), apiVersion) !== 0
  } catch {
    return true
  }
}
