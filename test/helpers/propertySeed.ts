// One seed policy for every fast-check property: under CI=true a fixed seed, so that CI fails only when the
// code changed, never because a new random seed found an old bug on somebody else's commit; locally a random
// seed per run, so that properties keep exploring. Either way the seed is printed once per test file, and
// PROPERTY_SEED=<n> replays a run. A seed that ever failed becomes a named regression case (FailedSeed).
import path from 'node:path'
import type fc from 'fast-check'

/** The seed of every property under CI=true (any fixed value does; this one has always passed). */
export const CI_PROPERTY_SEED = 20_240_611

/** The seed for this process: PROPERTY_SEED, else fixed under CI=true, else random. */
export function chooseSeed(env: NodeJS.ProcessEnv = process.env, random: () => number = Math.random): SeedChoice {
  const given = env['PROPERTY_SEED']
  if (given !== undefined && given !== '') {
    const seed = Number(given)
    if (!Number.isSafeInteger(seed)) throw new Error(`PROPERTY_SEED must be an integer, got ${JSON.stringify(given)}`)
    return { seed, why: 'PROPERTY_SEED' }
  }
  if (env['CI'] === 'true') return { seed: CI_PROPERTY_SEED, why: 'fixed under CI=true' }
  return { seed: Math.floor(random() * 2 ** 31), why: 'random (local run)' }
}

export interface SeedChoice {
  seed: number
  why: string
}

let chosen: SeedChoice | undefined

/**
 * This test file's seed, chosen on first use and printed once per file, and once more for each `name`
 * given (for properties that call fc.assert themselves).
 */
export function propertySeed(name?: string): number {
  if (!chosen) {
    chosen = chooseSeed()
    const testPath = expect.getState().testPath
    const file = testPath ? path.relative(process.cwd(), testPath) : 'this file'
    process.stdout.write(
      `[property seed] ${file}: ${chosen.seed} (${chosen.why}); replay with PROPERTY_SEED=${chosen.seed}\n`,
    )
  }
  if (name !== undefined) process.stdout.write(`[property seed] ${name}: ${chosen.seed}\n`)
  return chosen.seed
}

/** fast-check parameters of a property: its number of runs and this file's seed. */
export function propertyRuns<Ts>(numRuns: number): fc.Parameters<Ts> {
  return { numRuns, seed: propertySeed() }
}

/** A seed that once made a property fail, kept as a named regression case of that property. */
export interface FailedSeed<Ts extends unknown[]> {
  /** Where it was seen: "fresh-clone CI run, issue 10", … */
  seen: string
  seed: number
  /** The shrunk counterexample fast-check reported: always tried first, so the case survives changes to the arbitraries. */
  counterexample: Ts
}

/**
 * Parameters that replay a failed seed: its counterexample first, then `numRuns` runs from the seed itself
 * (which reproduces the original run as long as the arbitraries are unchanged).
 */
export function replayRuns<Ts extends unknown[]>(failed: FailedSeed<Ts>, numRuns: number): fc.Parameters<Ts> {
  return { numRuns, seed: failed.seed, examples: [failed.counterexample] }
}
