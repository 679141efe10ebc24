import type { CloseReason, DenialReason, EmulatorStats } from './types.js'

/** The emulator's counters; {@link StatsCounter.snapshot} hands out copies. */
export class StatsCounter {
  private readonly stats: EmulatorStats = {
    connectionsOpened: 0,
    connectionsClosed: 0,
    closesByReason: {},
    authenticationsAccepted: 0,
    authenticationsDenied: {},
    reauthentications: 0,
    requestsForwarded: 0,
  }

  connectionOpened(): void {
    this.stats.connectionsOpened++
  }

  connectionClosed(reason: CloseReason): void {
    this.stats.connectionsClosed++
    this.stats.closesByReason[reason] = (this.stats.closesByReason[reason] ?? 0) + 1
  }

  authenticated(reauthentication: boolean): void {
    if (reauthentication) this.stats.reauthentications++
    else this.stats.authenticationsAccepted++
  }

  denied(reason: DenialReason): void {
    this.stats.authenticationsDenied[reason] = (this.stats.authenticationsDenied[reason] ?? 0) + 1
  }

  forwarded(): void {
    this.stats.requestsForwarded++
  }

  snapshot(): EmulatorStats {
    return {
      ...this.stats,
      closesByReason: { ...this.stats.closesByReason },
      authenticationsDenied: { ...this.stats.authenticationsDenied },
    }
  }
}
