/** `850 ms`, `12 s`, `15 min`, `2 h 5 min`: coarse on purpose, for people. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < 1000) return `${Math.round(abs)} ms`
  if (abs < 120_000) return `${Math.round(abs / 1000)} s`
  if (abs < 2 * 3_600_000) return `${Math.round(abs / 60_000)} min`
  const hours = Math.floor(abs / 3_600_000)
  const minutes = Math.round((abs - hours * 3_600_000) / 60_000)
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`
}

/** "about 10 min fast" / "about 3 s slow" for a skew of local minus reference. */
export function describeSkew(skewMs: number): string {
  return `about ${formatDuration(skewMs)} ${skewMs > 0 ? 'fast' : 'slow'}`
}
