import { EventEmitter } from 'node:events'
import type { KafkaSocket } from './types.js'

/** The optional net.Socket methods kafkajs or a user may call on the sockets of a socket factory. */
interface OptionalSocketMethods {
  ref?: () => void
  setKeepAlive?: (enable?: boolean, delay?: number) => void
  setTimeout?: (ms: number, callback?: () => void) => void
  setNoDelay?: (noDelay?: boolean) => void
}

/**
 * The socket surface kafkajs uses (net.Socket's subset), forwarded to the socket a base factory made.
 * Subclasses see the bytes in both directions (`write`, {@link onInnerData}) and are told when the
 * connection goes, however it goes ({@link onClosing}).
 */
export abstract class WrappedSocket extends EventEmitter {
  constructor(protected readonly inner: KafkaSocket) {
    super()
    inner.on('data', (chunk: Buffer) => this.onInnerData(chunk))
    inner.on('end', () => this.emit('end'))
    inner.on('error', (error: Error) => this.emit('error', error))
    inner.on('timeout', () => this.emit('timeout'))
    inner.on('close', () => this.onClosing())
  }

  abstract write(data: Buffer | string, encoding?: BufferEncoding): boolean

  /** Bytes from the broker, before kafkajs sees them. */
  protected abstract onInnerData(chunk: Buffer): void

  /** The connection is going (closed by either side); called at least once, maybe more. */
  protected abstract onClosing(): void

  end(): this {
    this.onClosing()
    this.inner.end()
    return this
  }

  destroy(error?: Error): this {
    this.onClosing()
    this.inner.destroy(error)
    return this
  }

  unref(): this {
    this.inner.unref()
    return this
  }

  ref(): this {
    this.optional.ref?.()
    return this
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.optional.setKeepAlive?.(enable, delay)
    return this
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.optional.setTimeout?.(ms, callback)
    return this
  }

  setNoDelay(noDelay?: boolean): this {
    this.optional.setNoDelay?.(noDelay)
    return this
  }

  private get optional(): OptionalSocketMethods {
    return this.inner as unknown as OptionalSocketMethods
  }
}
