import { MAX_SERVER_RESPONSE_BYTES, MECHANISM_NAME, PAYLOAD_VERSION } from './constants.js'
import { MskIamError } from './errors.js'
import type { SaslClient } from './saslClient.js'

// kafkajs copies the bytes returned by `request.encode()` verbatim into SaslAuthenticate's auth_bytes field
// after writing its own length, and hands `response.decode()` the broker's auth_bytes re-encoded with an
// int32 length prefix. Both sides of that framing live here, apart from any logic.

/**
 * Client token as kafkajs wants it from `request.encode()`:
 *   int32 big-endian length | payload bytes (AWS_MSK_IAM: compact UTF-8 JSON; OAUTHBEARER: the client message)
 */
export function encodeSaslToken(payload: string | Uint8Array): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload
  const framed = Buffer.allocUnsafe(4 + body.length)
  framed.writeInt32BE(body.length, 0)
  framed.set(body, 4)
  return framed
}

/**
 * Broker auth bytes as kafkajs passes them to `response.decode()`:
 *   int32 big-endian length (-1 for null) | bytes
 * Returns the bytes without the prefix. The declared length must match exactly what was received, so a
 * lying prefix is an error, never an allocation. `mechanism` is the one whose answer this is, for the error.
 */
export function decodeSaslResponse(raw: Buffer, mechanism: SaslClient['mechanism'] = MECHANISM_NAME): Buffer {
  const invalid = (reason: string): MskIamError => malformed(mechanism, reason)
  if (!Buffer.isBuffer(raw) || raw.length < 4) {
    throw invalid(`expected at least 4 bytes of length prefix, got ${Buffer.isBuffer(raw) ? raw.length : typeof raw}`)
  }
  const declared = raw.readInt32BE(0)
  if (declared === -1 || declared === 0) return Buffer.alloc(0)
  if (declared < 0 || declared !== raw.length - 4) {
    throw invalid(`length prefix says ${declared} bytes but ${raw.length - 4} arrived`)
  }
  if (declared > MAX_SERVER_RESPONSE_BYTES) {
    throw invalid(`${declared} bytes is larger than an MSK answer can be (${MAX_SERVER_RESPONSE_BYTES})`)
  }
  return raw.subarray(4)
}

/** What MSK answers after a successful authentication. */
export interface ServerResponse {
  version: string
  requestId: string
}

/**
 * Broker answer (UTF-8 JSON), exactly two string fields, as the reference library insists:
 *   {"version":"2020_10_22","request-id":"<id>"}
 */
export function parseServerResponse(bytes: Buffer): ServerResponse {
  const invalid = (reason: string, cause?: unknown): MskIamError => malformed(MECHANISM_NAME, reason, cause)
  if (bytes.length === 0) throw invalid('the broker sent an empty answer')
  if (bytes.length > MAX_SERVER_RESPONSE_BYTES) throw invalid(`answer of ${bytes.length} bytes is too large`)
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (cause) {
    throw invalid('the answer is not UTF-8 JSON', cause)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('the answer is not a JSON object')
  }
  const record = parsed as Record<string, unknown>
  const keys = Object.keys(record).sort()
  if (keys.length !== 2 || keys[0] !== 'request-id' || keys[1] !== 'version') {
    throw invalid(`expected exactly "version" and "request-id", got ${describeKeys(keys)}`)
  }
  const version = record['version']
  const requestId = record['request-id']
  if (version !== PAYLOAD_VERSION) {
    throw invalid(`unsupported answer version ${JSON.stringify(version)?.slice(0, 40)}, expected ${PAYLOAD_VERSION}`)
  }
  if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > 256) {
    throw invalid('"request-id" is not a non-empty string')
  }
  return { version, requestId }
}

function describeKeys(keys: string[]): string {
  const shown = keys.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 40)))
  return `[${shown.join(', ')}${keys.length > 5 ? `, … ${keys.length} keys` : ''}]`
}

function malformed(mechanism: SaslClient['mechanism'], reason: string, cause?: unknown): MskIamError {
  return new MskIamError(
    'INVALID_BROKER_RESPONSE',
    `The broker's answer to ${mechanism} authentication is malformed: ${reason}. ` +
      'Make sure the client talks to an MSK IAM listener (port 9098, or 9198 for public access) and not through a proxy that rewrites SASL.',
    { cause, retriable: true },
  )
}
