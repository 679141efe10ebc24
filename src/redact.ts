// Last line of defence for text that came from outside (SDK error messages, credential_process output)
// before it goes into an error message or a log line: secrets must never leave this package in text.

// 40-character AWS secret access keys, long base64 runs (session tokens), and 64-hex signatures.
const SECRET_SHAPES = [/(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, /[A-Za-z0-9/+=_-]{100,}/g, /\b[0-9a-f]{64}\b/g]

/** Replaces known secret values and anything shaped like a secret with `[redacted]`. */
export function redact(text: string, knownSecrets: ReadonlyArray<string | undefined> = []): string {
  let out = text
  for (const secret of knownSecrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]')
  }
  for (const shape of SECRET_SHAPES) out = out.replace(shape, '[redacted]')
  return out
}

/** A short, redacted description of any thrown value, for messages. */
export function describeCause(cause: unknown, knownSecrets: ReadonlyArray<string | undefined> = []): string {
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
  const short = text.length > 300 ? `${text.slice(0, 300)}…` : text
  return redact(short, knownSecrets)
}
