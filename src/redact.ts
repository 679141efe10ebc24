import { isInstanceOf, propertyOf, stringPropertyOf, textOf } from './thrownValue.js'

// Last line of defence for text that came from outside (SDK error messages, credential_process output)
// before it goes into an error message or a log line: secrets must never leave this package in text.

// 40-character AWS secret access keys, long base64 runs (session tokens), and 64-hex signatures.
const SECRET_SHAPES = [
  /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
  /[A-Za-z0-9/+=_-]{100,}/g,
  /\b[0-9a-f]{64}\b/g,
]
// Values of fields that hold secrets, whatever their length: JSON ("SessionToken": "…"), ini and env
// (aws_session_token = …) and query (X-Amz-Signature=…) spellings.
const SECRET_FIELDS =
  /((?:secret_?access_?key|session_?token|security_?token|x-amz-signature|x-amz-security-token|\btoken|\bsecret|password)["']?\s*[:=]\s*["']?)[^"'\s,;&}]+/gi

/** Replaces known secret values and anything shaped like a secret with `[redacted]`. */
export function redact(text: string, knownSecrets: ReadonlyArray<string | undefined> = []): string {
  let out = text
  for (const secret of knownSecrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]')
  }
  out = out.replace(SECRET_FIELDS, '$1[redacted]')
  for (const shape of SECRET_SHAPES) out = out.replace(shape, '[redacted]')
  return out
}

/** A short, redacted description of any thrown value, for messages; never throws, whatever was thrown. */
export function describeCause(cause: unknown, knownSecrets: ReadonlyArray<string | undefined> = []): string {
  const text = textOf(cause)
  const short = text.length > 300 ? `${text.slice(0, 300)}…` : text
  return redact(short, knownSecrets)
}

/**
 * The same error with secrets removed from its message and stack, for use as a `cause`. A clean error is
 * returned as it is, so that callers keep the original object whenever it is safe to.
 */
export function redactError(error: unknown): unknown {
  if (typeof error === 'string') return redact(error)
  if (!isInstanceOf(error, Error)) return error
  const original = stringPropertyOf(error, 'message')
  const message = redact(original ?? describeCause(error))
  if (message === original) return error
  const copy = new Error(message)
  copy.name = stringPropertyOf(error, 'name') ?? 'Error'
  copy.stack = redact(stringPropertyOf(error, 'stack') ?? '')
  for (const key of ['code', '$metadata', '$retryable', 'retriable'] as const) {
    const value = propertyOf(error, key)
    if (value !== undefined) Object.assign(copy, { [key]: value })
  }
  return copy
}
