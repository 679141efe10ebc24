// What the doctor's checks read from a failed socket, DNS or TLS call (Node errors) for their facts.

/** The `code` of a Node error (ECONNREFUSED, CERT_HAS_EXPIRED, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** An error's message, or the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
