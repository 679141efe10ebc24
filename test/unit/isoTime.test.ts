import { isoTime } from '../../src/isoTime.js'

describe('isoTime', () => {
  it('an ISO time for any reading Date can hold', () => {
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z')
    expect(isoTime(8.64e15)).toBe('+275760-09-13T00:00:00.000Z')
  })

  it.each([8.64e15 + 1, -8.64e15 - 1, Number.NaN, Number.POSITIVE_INFINITY])(
    'milliseconds since the epoch, never a throw, for %p',
    (ms) => {
      expect(isoTime(ms)).toBe(`${ms} ms since epoch`)
    },
  )
})
