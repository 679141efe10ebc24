/** Resolves with the promise's outcome or after `ms`, whichever comes first; never rejects. */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise((resolve) => (timer = setTimeout(resolve, ms)))
  return Promise.race([promise.catch(() => undefined), limit]).finally(() => clearTimeout(timer))
}
