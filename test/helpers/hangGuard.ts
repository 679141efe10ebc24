// A hang detector for fuzz properties, not a speed target: one parse of a few KB that takes seconds is a
// hang or a super-linear path; anything under that (GC pauses on a loaded CI machine) is not a finding.
const HANG_MS = 2_000

/** Runs `fn` and fails if it takes longer than a hang would; exceptions pass through. */
export function withinHangLimit<T>(fn: () => T): T {
  const started = performance.now()
  // Taking too long fails even when fn threw: the hang is the finding.
  const checkTime = (): void => {
    const took = performance.now() - started
    if (took > HANG_MS) throw new Error(`took ${took.toFixed(0)} ms`)
  }
  let result: T
  try {
    result = fn()
  } catch (error) {
    checkTime()
    throw error
  }
  checkTime()
  return result
}
