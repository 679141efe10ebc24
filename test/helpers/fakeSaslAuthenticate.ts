// A stand-in for kafkajs's `saslAuthenticate` that runs kafkajs 2.2.4's own SaslAuthenticate v1 request
// encoder and response decoder, so the framing under test is exactly kafkajs's: the mechanism's
// `encode()` bytes are copied verbatim into the request, and `decode()` receives the broker's auth bytes
// re-encoded with an int32 length prefix.
import requestV1 from 'kafkajs/src/protocol/requests/saslAuthenticate/v1/request'
import * as responseV1 from 'kafkajs/src/protocol/requests/saslAuthenticate/v1/response'
import type { KafkaLogger, SaslAuthenticateArgs } from '../../src/kafkajsTypes.js'
import { captureForScan } from './secretScan.js'

/** What a fake broker answers to one SaslAuthenticate. */
export interface BrokerAnswer {
  errorCode?: number
  errorMessage?: string | null
  authBytes?: Buffer | null
  sessionLifetimeMs?: bigint
}

/** Everything the fake broker saw: the SASL token without its length prefix, per call. */
export interface FakeBroker {
  tokens: Buffer[]
  saslAuthenticate: SaslAuthenticateArgs['saslAuthenticate']
}

export function fakeBroker(answer: (token: Buffer, call: number) => BrokerAnswer | Promise<BrokerAnswer>): FakeBroker {
  const tokens: Buffer[] = []
  const saslAuthenticate = (async ({ request, response }) => {
    const authBytes = await request.encode()
    const body: Buffer = (await requestV1({ authBytes }).encode()).buffer
    // The broker reads auth_bytes as BYTES: int32 length, then that many bytes.
    const length = body.readInt32BE(0)
    if (length !== body.length - 4) throw new Error(`request auth_bytes length ${length} != ${body.length - 4}`)
    const token = body.subarray(4)
    tokens.push(Buffer.from(token))
    const reply = await answer(Buffer.from(token), tokens.length)
    const decoded = await responseV1.decode(encodeResponseV1(reply))
    await responseV1.parse(decoded)
    if (!response) return
    return response.parse(await response.decode(decoded.authBytes))
  }) as SaslAuthenticateArgs['saslAuthenticate']
  return { tokens, saslAuthenticate }
}

/** SaslAuthenticate Response v1 => error_code:int16 error_message:nullable_string auth_bytes:bytes session_lifetime_ms:int64 */
export function encodeResponseV1(answer: BrokerAnswer): Buffer {
  const message = answer.errorMessage == null ? null : Buffer.from(answer.errorMessage, 'utf8')
  const auth = answer.authBytes ?? null
  const out = Buffer.alloc(2 + 2 + (message?.length ?? 0) + 4 + (auth?.length ?? 0) + 8)
  let o = out.writeInt16BE(answer.errorCode ?? 0, 0)
  o = out.writeInt16BE(message ? message.length : -1, o)
  if (message) o += message.copy(out, o)
  o = out.writeInt32BE(auth ? auth.length : -1, o)
  if (auth) o += auth.copy(out, o)
  out.writeBigInt64BE(answer.sessionLifetimeMs ?? 900_000n, o)
  return out
}

export const okAnswer = (requestId = 'a1b2c3d4-0000-4000-8000-000000000001'): BrokerAnswer => ({
  authBytes: Buffer.from(JSON.stringify({ version: '2020_10_22', 'request-id': requestId })),
})

/** A kafkajs-shaped logger that keeps every line, for assertions and the secret scan. */
export class RecordingLogger implements KafkaLogger {
  readonly lines: Array<{ level: string; message: string; extra: object | undefined }> = []
  debug = (message: string, extra?: object) => this.push('debug', message, extra)
  info = (message: string, extra?: object) => this.push('info', message, extra)
  warn = (message: string, extra?: object) => this.push('warn', message, extra)
  error = (message: string, extra?: object) => this.push('error', message, extra)
  private push(level: string, message: string, extra: object | undefined): void {
    this.lines.push({ level, message, extra })
    captureForScan(`${level} ${message} ${JSON.stringify(extra ?? {})}`)
  }
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.extra ?? {})}`).join('\n')
  }
}
