// The decision service's validation of GET /generation (the authorizer's long poll).
import { parseGenerationQuery } from '../../../../src/testing/authorization/parseGenerationQuery.js'

describe('parseGenerationQuery', () => {
  const limits = { defaultWaitMs: 20_000, maxWaitMs: 60_000 }
  const parse = (query: string) => parseGenerationQuery(new URLSearchParams(query), limits)

  it('reads the poll and caps its wait', () => {
    expect(parse('authorizer=a&after=-1')).toEqual({ ok: true, value: { authorizer: 'a', after: -1, waitMs: 20_000 } })
    expect(parse('authorizer=a&after=7&waitMs=999999')).toEqual({
      ok: true,
      value: { authorizer: 'a', after: 7, waitMs: 60_000 },
    })
  })

  it.each([
    ['after=1', 'authorizer must be 1–200 characters'],
    [`authorizer=${'x'.repeat(201)}&after=1`, 'authorizer must be 1–200 characters'],
    ['authorizer=a', 'after must be an integer ≥ -1'],
    ['authorizer=a&after=-2', 'after must be an integer ≥ -1'],
    ['authorizer=a&after=1.5', 'after must be an integer ≥ -1'],
    ['authorizer=a&after=1&waitMs=-1', 'waitMs must be a non-negative integer'],
    ['authorizer=a&after=1&other=1', 'other is not expected'],
  ])('refuses %s', (query, error) => {
    expect(parse(query)).toEqual({ ok: false, error })
  })
})
