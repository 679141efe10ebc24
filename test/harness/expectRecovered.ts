// What "recovered with no error surfaced" means for a fault scenario, shared by the fault test files.
import type { FaultOutcome } from './startFaultRun.js'

/** Nothing lost, no failed send, no crash kafkajs did not restart by itself, no duplicate written. */
export function expectRecovered(outcome: FaultOutcome): void {
  const { result } = outcome
  expect({
    lost: result.lost,
    drained: outcome.drained,
    sendFailures: result.sendFailures,
    logDuplicates: result.logDuplicates,
  }).toEqual({
    lost: [],
    drained: true,
    sendFailures: 0,
    logDuplicates: 0,
  })
  expect(result.consumerCrashes.filter((c) => !c.restart)).toEqual([])
  expect(result.unique).toBe(result.acked)
}
