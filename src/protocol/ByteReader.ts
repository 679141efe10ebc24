/** Bytes that do not follow the Kafka wire format (truncated, bad length, overlong varint). */
export class WireFormatError extends Error {
  override readonly name = 'WireFormatError'
}

// Kafka primitive types (https://kafka.apache.org/protocol#protocol_types), all big-endian:
//   int8/16/32/64, string = int16 length + UTF-8 (nullable: length -1 = null),
//   bytes = int32 length + data, array = int32 count (nullable: -1),
//   unsigned varint = 7 bits a byte, low group first, high bit = more,
//   compact string/bytes/array = unsigned varint (length + 1), 0 = null,
//   tagged fields = unsigned varint count, then per field: uvarint tag, uvarint size, size bytes.

/**
 * A bounds-checked cursor over one Kafka message. Every read throws {@link WireFormatError} instead of
 * reading past the end, so a malformed frame from either side ends in one catch, never in garbage.
 */
export class ByteReader {
  offset: number

  constructor(
    readonly buf: Buffer,
    offset = 0,
  ) {
    this.offset = offset
  }

  get remaining(): number {
    return this.buf.length - this.offset
  }

  private need(n: number): number {
    if (n < 0 || this.offset + n > this.buf.length) {
      throw new WireFormatError(`need ${n} bytes at offset ${this.offset}, have ${this.remaining}`)
    }
    const at = this.offset
    this.offset += n
    return at
  }

  skip(n: number): void {
    this.need(n)
  }

  int8(): number {
    return this.buf.readInt8(this.need(1))
  }

  int16(): number {
    return this.buf.readInt16BE(this.need(2))
  }

  int32(): number {
    return this.buf.readInt32BE(this.need(4))
  }

  int64(): bigint {
    return this.buf.readBigInt64BE(this.need(8))
  }

  /** Unsigned varint of at most 32 bits (5 bytes), as Kafka writes lengths and tags. */
  uvarint(): number {
    let value = 0
    for (let i = 0; i < 5; i++) {
      const byte = this.buf.readUInt8(this.need(1))
      value += (byte & 0x7f) * 2 ** (7 * i)
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) throw new WireFormatError('unsigned varint exceeds 32 bits')
        return value
      }
    }
    throw new WireFormatError('unsigned varint longer than 5 bytes')
  }

  private utf8(length: number): string {
    const at = this.need(length)
    return this.buf.toString('utf8', at, at + length)
  }

  nullableString(): string | null {
    const length = this.int16()
    if (length === -1) return null
    if (length < 0) throw new WireFormatError(`string length ${length}`)
    return this.utf8(length)
  }

  string(): string {
    const value = this.nullableString()
    if (value === null) throw new WireFormatError('null in a non-nullable string')
    return value
  }

  compactNullableString(): string | null {
    const lengthPlusOne = this.uvarint()
    return lengthPlusOne === 0 ? null : this.utf8(lengthPlusOne - 1)
  }

  compactString(): string {
    const value = this.compactNullableString()
    if (value === null) throw new WireFormatError('null in a non-nullable compact string')
    return value
  }

  /** Non-nullable int32-length bytes; the result is a view, not a copy. */
  bytes(): Buffer {
    const length = this.int32()
    if (length < 0) throw new WireFormatError(`bytes length ${length}`)
    const at = this.need(length)
    return this.buf.subarray(at, at + length)
  }

  compactBytes(): Buffer {
    const lengthPlusOne = this.uvarint()
    if (lengthPlusOne === 0) throw new WireFormatError('null in non-nullable compact bytes')
    const at = this.need(lengthPlusOne - 1)
    return this.buf.subarray(at, at + lengthPlusOne - 1)
  }

  /** int32 element count; -1 (null) is returned as is for the caller to judge. */
  arrayLength(): number {
    const count = this.int32()
    if (count < -1) throw new WireFormatError(`array length ${count}`)
    return count
  }

  /** Compact element count; -1 means null. */
  compactArrayLength(): number {
    return this.uvarint() - 1
  }

  skipString(compact: boolean): void {
    if (compact) this.compactNullableString()
    else this.nullableString()
  }

  skipTaggedFields(): void {
    const count = this.uvarint()
    for (let i = 0; i < count; i++) {
      this.uvarint()
      this.skip(this.uvarint())
    }
  }
}
