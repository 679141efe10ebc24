// The seed policy of every property test (test/helpers/propertySeed.ts): fixed under CI=true, replayable.
import { chooseSeed, CI_PROPERTY_SEED, replayRuns } from '../../helpers/propertySeed.js'

describe('chooseSeed', () => {
  it('is fixed under CI=true, whatever the random source says', () => {
    expect(chooseSeed({ CI: 'true' }, () => 0.5)).toEqual({ seed: CI_PROPERTY_SEED, why: 'fixed under CI=true' })
    expect(chooseSeed({ CI: 'true' }, () => 0.25).seed).toBe(CI_PROPERTY_SEED)
  })

  it('is random locally (and under CI values other than "true")', () => {
    expect(chooseSeed({}, () => 0.5).seed).toBe(2 ** 30)
    expect(chooseSeed({ CI: '1' }, () => 0.25).seed).toBe(2 ** 29)
  })

  it('replays PROPERTY_SEED, in CI too, and refuses one that is not an integer', () => {
    expect(chooseSeed({ CI: 'true', PROPERTY_SEED: '350513197' })).toEqual({ seed: 350513197, why: 'PROPERTY_SEED' })
    expect(() => chooseSeed({ PROPERTY_SEED: '12abc' })).toThrow(/PROPERTY_SEED must be an integer/)
  })
})

describe('replayRuns', () => {
  it("runs a failed seed's counterexample first, then the seed itself", () => {
    const params = replayRuns({ seen: 'test', seed: 7, counterexample: [{ toString: '' }, 1] as [unknown, number] }, 10)
    expect(params).toEqual({ numRuns: 10, seed: 7, examples: [[{ toString: '' }, 1]] })
  })
})
