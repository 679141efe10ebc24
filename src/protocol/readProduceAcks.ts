import { PRODUCE_FIRST_FLEXIBLE_VERSION } from '../constants.js'
import { ByteReader } from './ByteReader.js'

// Produce request (api key 0) body up to the acks field:
//   v0–v2:  int16 acks, …
//   v3–v8:  nullable string transactional_id (int16 length), int16 acks, …
//   v9+:    compact nullable string transactional_id, int16 acks, … (flexible)
// acks = 0 means the broker sends no response at all: neither the emulator nor the re-authentication
// scheduler may wait for one.

/** The acks field of a Produce request body. Throws WireFormatError. */
export function readProduceAcks(body: Buffer, apiVersion: number): number {
  const reader = new ByteReader(body)
  if (apiVersion >= PRODUCE_FIRST_FLEXIBLE_VERSION) reader.compactNullableString()
  else if (apiVersion >= 3) reader.nullableString()
  return reader.int16()
}
