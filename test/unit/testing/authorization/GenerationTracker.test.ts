// The generation long poll and its acknowledgements, on a fake clock: no real waiting anywhere.
import { GenerationTracker } from '../../../../src/testing/authorization/GenerationTracker.js'
import { FakeClock, flushMicrotasks } from '../../../helpers/FakeClock.js'

const STALE_MS = 10_000

function setup() {
  const clock = new FakeClock()
  const tracker = new GenerationTracker(clock, STALE_MS)
  const answers: Array<[string, number]> = []
  const poll = (id: string, after: number, waitMs = 20_000) =>
    tracker.poll(id, after, waitMs, (generation) => answers.push([id, generation]))
  return { clock, tracker, answers, poll }
}

/** Whether the promise has settled after the microtasks run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(
    () => (done = true),
    () => (done = true),
  )
  await flushMicrotasks()
  return done
}

describe('GenerationTracker', () => {
  it('answers a poll for an older generation at once, and holds one for the current generation', async () => {
    const { clock, tracker, answers, poll } = setup()
    poll('a', -1)
    expect(answers).toEqual([['a', 1]])
    poll('a', 1)
    expect(answers).toHaveLength(1)
    await clock.advance(19_999)
    expect(answers).toHaveLength(1)
    await clock.advance(1)
    expect(answers).toEqual([
      ['a', 1],
      ['a', 1],
    ])
    expect(tracker.current).toBe(1)
  })

  it('answers every held poll when the generation changes', () => {
    const { tracker, answers, poll } = setup()
    poll('a', 1)
    poll('b', 1)
    expect(tracker.bump()).toBe(2)
    expect(answers).toEqual([
      ['a', 2],
      ['b', 2],
    ])
  })

  it('a cancelled poll is never answered', () => {
    const { tracker, answers, poll } = setup()
    poll('a', 1).cancel()
    tracker.bump()
    expect(answers).toEqual([])
  })

  it('awaitGeneration resolves once every live authorizer polled with the new generation', async () => {
    const { tracker, poll } = setup()
    poll('broker', 1)
    poll('controller', 1)
    const n = tracker.bump()
    const applied = tracker.awaitGeneration(n, 30_000)
    expect(await settled(applied)).toBe(false)
    poll('broker', n)
    expect(await settled(applied)).toBe(false)
    poll('controller', n)
    expect(await settled(applied)).toBe(true)
    expect(tracker.status()).toEqual([
      { id: 'broker', acknowledged: 2, live: true },
      { id: 'controller', acknowledged: 2, live: true },
    ])
  })

  it('resolves at once with no authorizer, or when all already acknowledged', async () => {
    const { tracker, poll } = setup()
    expect(await settled(tracker.awaitGeneration(1, 30_000))).toBe(true)
    poll('a', 1)
    expect(await settled(tracker.awaitGeneration(1, 30_000))).toBe(true)
  })

  it('stops waiting for an authorizer that was answered and never came back (its broker stopped)', async () => {
    const { clock, tracker, poll } = setup()
    poll('gone', 1)
    poll('alive', 1)
    const n = tracker.bump()
    poll('alive', n)
    const applied = tracker.awaitGeneration(n, 30_000)
    await clock.advance(STALE_MS - 1)
    expect(await settled(applied)).toBe(false)
    await clock.advance(1)
    expect(await settled(applied)).toBe(true)
    expect(tracker.status().find((a) => a.id === 'gone')?.live).toBe(false)
  })

  it('rejects after the timeout, naming the laggards', async () => {
    const { clock, tracker, poll } = setup()
    const n = tracker.bump()
    // Keeps polling with the old generation: live, never acknowledging.
    poll('stuck', 1, 60_000)
    const applied = tracker.awaitGeneration(n, 5000)
    const outcome = applied.catch((err: Error) => err.message)
    await clock.advance(5000)
    expect(await outcome).toBe('generation 2 not acknowledged within 5000 ms by stuck')
  })

  it('close() answers held polls and releases waiters', async () => {
    const { tracker, answers, poll } = setup()
    poll('a', 1)
    poll('b', -1)
    const n = tracker.bump()
    const applied = tracker.awaitGeneration(n, 30_000)
    poll('a', n)
    tracker.close()
    expect(answers.filter(([id]) => id === 'a').map(([, g]) => g)).toEqual([2, 2])
    expect(await settled(applied)).toBe(true)
  })
})
