import type { FaultController, FaultSettings } from './types.js'
import { withoutUndefined } from './withoutUndefined.js'

/** The faults that are counted down as they trigger. */
export type CountedFault = 'dropAfterHandshake' | 'dropAfterAuthenticate' | 'dropMidFrame' | 'tooManyConnectsBurst'

/**
 * The emulator's fault switchboard: tests arm faults through the public {@link FaultController} half,
 * connections consume them through {@link Faults.take}. Shared by every connection of one emulator, so
 * "the next N" counts across connections in the order events happen.
 */
export class Faults implements FaultController {
  private armed: FaultSettings = {}

  set(faults: FaultSettings): void {
    for (const [key, value] of Object.entries(faults) as [keyof FaultSettings, unknown][]) {
      if (value === undefined) continue
      if (key === 'refuseReauthOnce') {
        if (typeof value !== 'boolean') throw new TypeError('refuseReauthOnce must be a boolean')
      } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw new TypeError(`${key} must be a non-negative integer`)
      }
    }
    this.armed = { ...this.armed, ...withoutUndefined(faults) }
  }

  clear(): void {
    this.armed = {}
  }

  active(): FaultSettings {
    return { ...this.armed }
  }

  /** True (and one fewer left) if a counted fault is armed. */
  take(fault: CountedFault): boolean {
    const left = this.armed[fault] ?? 0
    if (left <= 0) return false
    this.armed[fault] = left - 1
    return true
  }

  /** True once after refuseReauthOnce was set. */
  takeRefuseReauth(): boolean {
    if (this.armed.refuseReauthOnce !== true) return false
    this.armed.refuseReauthOnce = false
    return true
  }

  get delayResponsesMs(): number {
    return this.armed.delayResponsesMs ?? 0
  }
}
