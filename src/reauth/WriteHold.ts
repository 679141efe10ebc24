/**
 * kafkajs's writes held back while a renewal is under way (nothing may reach the broker between the
 * renewal's SaslHandshake and SaslAuthenticate, KIP-368), and released in their order afterwards.
 */
export class WriteHold {
  private frames: Buffer[] = []
  private active = false

  get holding(): boolean {
    return this.active
  }

  start(): void {
    this.active = true
  }

  push(frame: Buffer): void {
    this.frames.push(frame)
  }

  /** Ends the hold; the held frames, oldest first, for the caller to write. */
  release(): Buffer[] {
    const frames = this.frames
    this.frames = []
    this.active = false
    return frames
  }

  /** Drops the held frames (the connection is closing: kafkajs fails their requests itself). */
  clear(): void {
    this.frames = []
    this.active = false
  }
}
