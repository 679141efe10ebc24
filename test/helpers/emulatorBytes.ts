// Hand-built Kafka wire bytes for the emulator's tests, written independently of src/testing/wire so a
// mistake in the emulator's encoders cannot hide behind the same mistake here.

export const i8 = (v: number): Buffer => Buffer.from([v & 0xff])
export const i16 = (v: number): Buffer => {
  const b = Buffer.alloc(2)
  b.writeInt16BE(v)
  return b
}
export const i32 = (v: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(v)
  return b
}
export const i64 = (v: bigint): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigInt64BE(v)
  return b
}
/** Unsigned varint. */
export const uv = (v: number): Buffer => {
  const out: number[] = []
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
  return Buffer.from(out)
}
/** int16-length string; null → -1. */
export const str = (s: string | null): Buffer =>
  s === null ? i16(-1) : Buffer.concat([i16(Buffer.byteLength(s)), Buffer.from(s)])
/** Compact string; null → 0. */
export const cstr = (s: string | null): Buffer =>
  s === null ? uv(0) : Buffer.concat([uv(Buffer.byteLength(s) + 1), Buffer.from(s)])
export const bytes = (b: Buffer): Buffer => Buffer.concat([i32(b.length), b])
export const cbytes = (b: Buffer): Buffer => Buffer.concat([uv(b.length + 1), b])
/** Empty tagged fields. */
export const tags0 = uv(0)
/** Tagged fields with one unknown tag, to check they are skipped or copied. */
export const tagsOne = Buffer.concat([uv(1), uv(7), uv(3), Buffer.from([1, 2, 3])])
export const cat = (...parts: Buffer[]): Buffer => Buffer.concat(parts)
export const frame = (payload: Buffer): Buffer => cat(i32(payload.length), payload)

/** A request payload (no size prefix) with header v1, or v2 when `flexible`. */
export function request(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  body: Buffer,
  flexible = false,
  clientId: string | null = 'test',
): Buffer {
  return cat(i16(apiKey), i16(apiVersion), i32(correlationId), str(clientId), flexible ? tags0 : Buffer.alloc(0), body)
}

/** A response payload (no size prefix) with header v0, or v1 when `flexible`. */
export function response(correlationId: number, body: Buffer, flexible = false): Buffer {
  return cat(i32(correlationId), flexible ? tags0 : Buffer.alloc(0), body)
}
