// Small statistics and formatting helpers shared by every section.

export interface Summary {
  count: number
  median: number
  p99: number
  mean: number
  min: number
  max: number
}

/** Nearest-rank percentile of an already sorted array (q in 0..1). */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}

export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort()
  let sum = 0
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!
  return {
    count: sorted.length,
    median: percentileSorted(sorted, 0.5),
    p99: percentileSorted(sorted, 0.99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted.length ? sorted[0]! : Number.NaN,
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  }
}

/** Fixed significant digits without exponent noise: 1234 → "1234", 12.345 → "12.3", 0.01234 → "0.0123". */
export function num(value: number, digits = 3): string {
  if (Number.isNaN(value)) return '—'
  if (!Number.isFinite(value)) return String(value)
  if (value === 0) return '0'
  const magnitude = Math.floor(Math.log10(Math.abs(value)))
  const decimals = Math.max(0, digits - 1 - magnitude)
  return value.toFixed(Math.min(decimals, 4))
}

/** `ours / peer` for a cost (lower is better), with a word saying who is ahead. */
export function ratio(ours: number, peer: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) {
    if (ours === 0 && peer === 0) return 'equal (both 0)'
    if (peer === 0) return `n/a (peer 0)`
    return 'n/a'
  }
  const r = ours / peer
  if (Math.abs(r - 1) < 0.03) return `${num(r, 3)}× (≈ equal)`
  return r < 1 ? `${num(r, 3)}× (ours ${num(1 / r, 2)}× lower)` : `${num(r, 3)}× (ours ${num(r, 2)}× higher)`
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Microseconds elapsed since a process.hrtime.bigint() reading. */
export function usSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1000
}

/** Milliseconds elapsed since a process.hrtime.bigint() reading. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6
}

/** Runs `tasks` with at most `limit` in flight; resolves with their settled results in order. */
export async function pool<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results = new Array<PromiseSettledResult<T>>(count)
  let next = 0
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++
      if (index >= count) return
      try {
        results[index] = { status: 'fulfilled', value: await task(index) }
      } catch (reason) {
        results[index] = { status: 'rejected', reason }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker))
  return results
}
