/**
 * Local clock minus a server's, from the server's HTTP Date header. HTTP dates have whole seconds: compare the
 * middle of the exchange with the middle of the server's second.
 */
export function skewFromDate(date: string | null, sentAt: number, receivedAt: number): number | undefined {
  const serverMs = date ? Date.parse(date) : NaN
  if (Number.isNaN(serverMs)) return undefined
  return Math.round((sentAt + receivedAt) / 2 - (serverMs + 500))
}
