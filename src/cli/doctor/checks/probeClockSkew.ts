import { PROBE_SHIFTS_MINUTES } from '../../constants.js'
import type { AuthenticationOutcome } from './checkAuthentication.js'

/** Stop after this many attempts in a row end in something other than an answer (connection trouble). */
const MAX_CONSECUTIVE_ERRORS = 2

export interface ClockProbeResult {
  /** Local clock minus the broker's, when a shifted signature was accepted. */
  skewMs?: number
  /** The shift that was accepted, or the largest one tried when none was. */
  probedShiftMs: number
  attempts: number
  /** The probe ended early on connection trouble: nothing can be concluded. */
  inconclusive: boolean
}

export interface ClockProbeOptions {
  shiftsMinutes?: readonly number[]
  /** Pause between attempts, so that the probe stays under MSK's connection-rate limit. */
  pauseMs?: number
}

/**
 * Tells a skewed clock apart from other causes of "Access denied": signs again dated earlier and later
 * than this machine's clock. A shifted signature that the broker accepts means the local clock is off by
 * about that shift (and that credentials and policy are fine).
 */
export async function probeClockSkew(
  attempt: (shiftMs: number) => Promise<AuthenticationOutcome>,
  options: ClockProbeOptions = {},
): Promise<ClockProbeResult> {
  const shifts = options.shiftsMinutes ?? PROBE_SHIFTS_MINUTES
  const pauseMs = options.pauseMs ?? 250
  let attempts = 0
  let errorsInARow = 0
  let largest = 0
  for (const minutes of shifts) {
    for (const direction of [-1, 1]) {
      const shiftMs = direction * minutes * 60_000
      if (attempts > 0 && pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs))
      attempts++
      const outcome = await attempt(shiftMs)
      if (outcome === 'accepted')
        return { skewMs: -shiftMs, probedShiftMs: Math.abs(shiftMs), attempts, inconclusive: false }
      errorsInARow = outcome === 'error' ? errorsInARow + 1 : 0
      if (errorsInARow >= MAX_CONSECUTIVE_ERRORS) return { probedShiftMs: largest, attempts, inconclusive: true }
      if (outcome === 'denied') largest = Math.max(largest, Math.abs(shiftMs))
    }
  }
  return { probedShiftMs: largest, attempts, inconclusive: false }
}
