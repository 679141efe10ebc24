// The per-connection response order: local SASL answers and relayed Kafka answers leave in request order.
import { ResponseQueue, type Delivery } from '../../../src/testing/ResponseQueue.js'

const b = (s: string): Buffer => Buffer.from(s)

describe('ResponseQueue', () => {
  function setup() {
    const out: Delivery[] = []
    return { queue: new ResponseQueue((d) => out.push(d)), out, texts: () => out.map((d) => d.bytes.toString()) }
  }

  it('delivers a slot filled at the head at once', () => {
    const { queue, texts } = setup()
    queue.fill(queue.reserve(false), b('a'))
    expect(texts()).toEqual(['a'])
    expect(queue.pending).toBe(0)
  })

  it('holds later answers until earlier ones are filled', () => {
    const { queue, texts, out } = setup()
    const first = queue.reserve(true)
    const second = queue.reserve(false)
    const third = queue.reserve(true)
    queue.fill(third, b('3'))
    queue.fill(second, b('2'))
    expect(texts()).toEqual([])
    queue.fill(first, b('1'))
    expect(texts()).toEqual(['1', '2', '3'])
    expect(out.map((d) => d.upstream)).toEqual([true, false, true])
  })

  it('stops after a slot with a final action', () => {
    const { queue, texts, out } = setup()
    const failure = queue.reserve(false)
    const later = queue.reserve(true)
    queue.fill(later, b('later'))
    queue.fill(failure, b('denied'), { kind: 'close', reason: 'authentication-failed', delayMs: 100 })
    expect(texts()).toEqual(['denied'])
    expect(out[0]?.after).toEqual({ kind: 'close', reason: 'authentication-failed', delayMs: 100 })
  })

  it('refuses to fill a slot twice', () => {
    const { queue } = setup()
    const slot = queue.reserve(false)
    queue.fill(slot, b('x'))
    expect(() => queue.fill(slot, b('y'))).toThrow(/not open/)
  })

  it('keeps order for any fill order (exhaustive over 4 slots)', () => {
    const permutations = (xs: number[]): number[][] =>
      xs.length <= 1
        ? [xs]
        : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]))
    for (const order of permutations([0, 1, 2, 3])) {
      const { queue, texts } = setup()
      const slots = [0, 1, 2, 3].map((i) => queue.reserve(i % 2 === 0))
      for (const i of order) queue.fill(slots[i]!, b(String(i)))
      expect(texts()).toEqual(['0', '1', '2', '3'])
    }
  })
})
