import type { Clock } from '../clock.js'
import type { SaslClient } from '../saslClient.js'
import type { ReauthenticationHooks } from './ReauthenticationHooks.js'

/** Everything one wrapped connection needs; shared by all connections of one socket factory. */
export interface ReauthContext {
  /** The mechanism instance's client: tokens for renewals, its answers, its refusals. */
  client: SaslClient
  clock: Clock
  random: () => number
  answerTimeoutMs: number
  /** Longest time a kafkajs write may be held for a renewal. */
  maxHoldMs: number
  hooks: ReauthenticationHooks
}
