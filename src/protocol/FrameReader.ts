// Kafka framing, both directions: int32 size (big-endian, signed) followed by exactly `size` bytes.

/** Inclusive bounds on a frame's declared size, checked before any of its body is buffered further. */
export interface FrameLimits {
  min: number
  max: number
}

export type FrameResult =
  /** `frame` is the whole frame (prefix included, ready to forward); `payload` is a view of its body. */
  | { kind: 'frame'; frame: Buffer; payload: Buffer }
  | { kind: 'need-more' }
  /** The declared size is outside the limits: the stream cannot be resynchronised, close it. */
  | { kind: 'invalid'; size: number; reason: 'too-small' | 'too-large' }

const PREFIX_BYTES = 4

/**
 * Splits a byte stream into frames. Chunks are kept as they arrive and joined only once a whole frame is
 * there, so a peer that claims a huge size costs nothing until it actually sends the bytes, and the limit
 * is judged on the prefix alone. Pure: no sockets, no timers; the limit may differ frame by frame (Kafka
 * allows larger frames after authentication).
 */
export class FrameReader {
  private chunks: Buffer[] = []
  private buffered = 0

  /** Bytes received and not yet returned as a frame. */
  get bufferedBytes(): number {
    return this.buffered
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.buffered += chunk.length
  }

  /** The next complete frame, if any. Call repeatedly until it says `need-more`. */
  next(limits: FrameLimits): FrameResult {
    if (this.buffered < PREFIX_BYTES) return { kind: 'need-more' }
    const size = this.peekSize()
    if (size < limits.min) return { kind: 'invalid', size, reason: 'too-small' }
    if (size > limits.max) return { kind: 'invalid', size, reason: 'too-large' }
    if (this.buffered < PREFIX_BYTES + size) return { kind: 'need-more' }
    const frame = this.take(PREFIX_BYTES + size)
    return { kind: 'frame', frame, payload: frame.subarray(PREFIX_BYTES) }
  }

  /** Drops everything buffered (the connection is going away). */
  clear(): void {
    this.chunks = []
    this.buffered = 0
  }

  private peekSize(): number {
    const first = this.chunks[0]
    if (first !== undefined && first.length >= PREFIX_BYTES) return first.readInt32BE(0)
    // The prefix itself straddles chunks: copy its four bytes only.
    const prefix = Buffer.alloc(PREFIX_BYTES)
    let filled = 0
    for (const chunk of this.chunks) {
      filled += chunk.copy(prefix, filled, 0, Math.min(chunk.length, PREFIX_BYTES - filled))
      if (filled === PREFIX_BYTES) break
    }
    return prefix.readInt32BE(0)
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]
    if (first !== undefined && first.length >= n) {
      // Common case, one chunk holds the frame: a view, no copy.
      if (first.length === n) this.chunks.shift()
      else this.chunks[0] = first.subarray(n)
      this.buffered -= n
      return first.subarray(0, n)
    }
    const parts: Buffer[] = []
    let missing = n
    while (missing > 0) {
      const chunk = this.chunks[0]
      if (chunk === undefined) throw new Error('FrameReader: buffered byte count out of sync')
      if (chunk.length <= missing) {
        parts.push(chunk)
        this.chunks.shift()
        missing -= chunk.length
      } else {
        parts.push(chunk.subarray(0, missing))
        this.chunks[0] = chunk.subarray(missing)
        missing = 0
      }
    }
    this.buffered -= n
    return Buffer.concat(parts, n)
  }
}
