// Produce's acks field in every body layout (acks = 0: no answer is sent).
import { readProduceAcks } from '../../../src/protocol/readProduceAcks.js'
import { cat, cstr, i16, i32, str } from '../../helpers/emulatorBytes.js'

describe('readProduceAcks', () => {
  const rest = cat(i32(30000), i32(0))
  it('reads acks first in v0–v2', () => {
    expect(readProduceAcks(cat(i16(0), rest), 2)).toBe(0)
    expect(readProduceAcks(cat(i16(-1), rest), 0)).toBe(-1)
  })
  it('reads acks after the nullable transactional id in v3–v8', () => {
    expect(readProduceAcks(cat(str(null), i16(0), rest), 3)).toBe(0)
    expect(readProduceAcks(cat(str('tx-1'), i16(1), rest), 8)).toBe(1)
  })
  it('reads acks after the compact nullable transactional id in v9+', () => {
    expect(readProduceAcks(cat(cstr(null), i16(0), rest), 9)).toBe(0)
    expect(readProduceAcks(cat(cstr('tx'), i16(-1), rest), 13)).toBe(-1)
  })
  it('throws on a truncated body', () => {
    expect(() => readProduceAcks(str('tx'), 3)).toThrow()
  })
})
