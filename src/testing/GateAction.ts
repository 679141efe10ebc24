import type { AuthenticationPolicy } from './decideAuthentication.js'
import type { CountedFault, Faults } from './Faults.js'
import type { AfterWrite } from './ResponseQueue.js'
import type { StatsCounter } from './StatsCounter.js'
import type { CloseReason, EmulatorLogEntry } from './types.js'
import type { RequestHeader } from '../protocol/parseRequestHeader.js'

/** What the connection should do with one request. */
export type GateAction =
  | { kind: 'forward' }
  | { kind: 'respond'; bytes: Buffer; after?: AfterWrite }
  /** Close at once, without answering (Kafka drops in-flight responses too). */
  | { kind: 'close'; reason: CloseReason; detail: string }
  /** The connection is already on its way out. */
  | { kind: 'ignore' }

/** What the SASL gate needs from its emulator; read on every decision so setOptions() applies at once. */
export interface GateEnvironment {
  connectionId: string
  expectedHost: string | undefined
  mechanisms(): readonly string[]
  /** A policy for an authentication happening now (clock read once). */
  policy(): AuthenticationPolicy
  faults: Faults
  stats: StatsCounter
  log(entry: Omit<EmulatorLogEntry, 'time'>): void
  /** With authorization: after every accepted (re-)authentication, who is on this connection now. */
  onAuthenticated?(identity: { accessKeyId: string; principalArn: string }): void
}

/** An authenticated session of one connection. */
export interface Session {
  principalArn: string
  mechanism: string
  /** Kafka: authentication end + session lifetime; after it only SaslHandshake is allowed. */
  expiresAt: number
  /** Start of the latest re-authentication; the first authentication does not count (as in Kafka). */
  lastReauthStartAt: number | undefined
}

/** Answers `bytes`; when `fault` is armed (it counts down here), drops the connection once they are written. */
export function respondThenDropOn(fault: CountedFault, bytes: Buffer, faults: Faults): GateAction {
  const drop = faults.take(fault)
  return { kind: 'respond', bytes, after: drop ? { kind: 'drop', reason: 'fault', detail: fault } : undefined }
}

/** Closes without an answer, naming the request in the log. */
export function closeFor(header: RequestHeader, when: string, reason: CloseReason): GateAction {
  return { kind: 'close', reason, detail: `api key ${header.apiKey} v${header.apiVersion} ${when}` }
}
