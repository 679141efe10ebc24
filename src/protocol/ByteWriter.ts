// Writes the Kafka primitive types described in ByteReader.ts. Big-endian throughout; compact forms
// write (length + 1) as an unsigned varint and 0 for null.

/** Collects encoded parts and joins them once, so callers never compute sizes up front. */
export class ByteWriter {
  private readonly parts: Buffer[] = []
  private size = 0

  raw(bytes: Uint8Array): this {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.parts.push(buf)
    this.size += buf.length
    return this
  }

  int8(value: number): this {
    const buf = Buffer.allocUnsafe(1)
    buf.writeInt8(value)
    return this.raw(buf)
  }

  int16(value: number): this {
    const buf = Buffer.allocUnsafe(2)
    buf.writeInt16BE(value)
    return this.raw(buf)
  }

  int32(value: number): this {
    const buf = Buffer.allocUnsafe(4)
    buf.writeInt32BE(value)
    return this.raw(buf)
  }

  int64(value: bigint): this {
    const buf = Buffer.allocUnsafe(8)
    buf.writeBigInt64BE(value)
    return this.raw(buf)
  }

  uvarint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`uvarint ${value}`)
    const bytes: number[] = []
    let rest = value
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) | 0x80)
      rest = Math.floor(rest / 0x80)
    }
    bytes.push(rest)
    return this.raw(Buffer.from(bytes))
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1)
    const utf8 = Buffer.from(value, 'utf8')
    if (utf8.length > 0x7fff) throw new RangeError('string longer than 32767 bytes')
    return this.int16(utf8.length).raw(utf8)
  }

  compactNullableString(value: string | null): this {
    if (value === null) return this.uvarint(0)
    const utf8 = Buffer.from(value, 'utf8')
    return this.uvarint(utf8.length + 1).raw(utf8)
  }

  bytes(value: Uint8Array): this {
    return this.int32(value.length).raw(value)
  }

  compactBytes(value: Uint8Array): this {
    return this.uvarint(value.length + 1).raw(value)
  }

  /** An empty tagged-field section: count 0. */
  emptyTaggedFields(): this {
    return this.uvarint(0)
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts, this.size)
  }
}
