import { ByteWriter } from '../../protocol/ByteWriter.js'

/**
 * Copies a response payload while replacing some byte ranges: untouched ranges are copied verbatim,
 * so fields the emulator does not parse (including ones added by future Kafka versions after the
 * parsed part) survive byte for byte.
 */
export class PayloadSplicer {
  private readonly out = new ByteWriter()
  private copied = 0

  constructor(private readonly src: Buffer) {}

  replace(from: number, to: number, bytes: Buffer): void {
    this.out.raw(this.src.subarray(this.copied, from))
    this.out.raw(bytes)
    this.copied = to
  }

  finish(): Buffer {
    this.out.raw(this.src.subarray(this.copied))
    return this.out.toBuffer()
  }
}
