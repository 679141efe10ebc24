// Collects text that left the code under test (log lines, error messages, emulator decisions, CLI output)
// and checks that no secret is in it. Each test file's collected text is scanned after the file's tests
// (see test/secretScanSetup.ts); a leak fails that file.

/** Secret values the tests use: none of them may ever show up in captured text. */
export const TEST_SECRETS = {
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
  otherSecretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  otherSessionToken: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN2',
} as const

const extraSecrets = new Set<string>()
const captured: string[] = []

/** Registers another secret value (e.g. one generated at run time) to scan for. */
export function registerSecret(value: string): void {
  if (value.length >= 8) extraSecrets.add(value)
}

/** Records text for the scan: a log line, an error, anything printed. */
export function captureForScan(value: unknown): void {
  if (value instanceof Error) {
    captured.push(`${value.name}: ${value.message}`)
    if (value.cause !== undefined) captureForScan(value.cause)
  } else {
    captured.push(typeof value === 'string' ? value : safeStringify(value))
  }
}

/** Records a thrown value and returns it, for `await promise.catch(caught)`. */
export function caught(value: unknown): unknown {
  captureForScan(value)
  return value
}

// A presigned signature is 64 lowercase hex digits; so is a SHA-256, which nothing here logs either.
const SIGNATURE_SHAPE = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/
const SIGNATURE_FIELDS = /x-amz-signature"?\s*[=:]\s*"?[0-9a-f]{8}/i

/** Returns a description of each leak found in the captured text, and how much text was scanned. */
export function scanCaptured(): { leaks: string[]; scannedChars: number } {
  const text = captured.join('\n')
  return { leaks: findLeaks(text, [...Object.values(TEST_SECRETS), ...extraSecrets]), scannedChars: text.length }
}

/** Pure scan of one text for the given secret values and for signature-shaped strings. */
export function findLeaks(text: string, secrets: readonly string[]): string[] {
  const leaks: string[] = []
  for (const secret of secrets) {
    if (text.includes(secret)) leaks.push(`secret value ${secret.slice(0, 4)}… appears in captured output`)
  }
  if (SIGNATURE_SHAPE.test(text))
    leaks.push(`a signature-shaped hex string appears: …${text.match(SIGNATURE_SHAPE)?.[0].slice(0, 8)}…`)
  if (SIGNATURE_FIELDS.test(text)) leaks.push('an x-amz-signature value appears in captured output')
  return leaks
}

export function capturedCount(): number {
  return captured.length
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value)
  } catch {
    return String(value)
  }
}
