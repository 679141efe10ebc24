import type { KafkaLogger } from './kafkajsTypes.js'

/** What the credential cache reports (its `CredentialEventSink`), stated here so that this file depends on kafkajs's logger shape only. */
type CredentialEvent = (level: 'debug' | 'info' | 'warn', message: string, extra: Record<string, unknown>) => void

/**
 * Where one mechanism instance reports: its own authentication lines, and what happens outside any
 * authentication (background credential refreshes, a failed refresh falling back to cached credentials).
 *
 * The `logger` option, when given, takes everything. Otherwise authentication lines go to the logger kafkajs
 * hands that authentication, and background events to the logger of the instance's first authentication,
 * kept from then on; before any kafkajs authentication (OAUTHBEARER tokens for other clients), warnings and
 * errors go to `fallback`.
 */
export class MechanismLogger {
  private firstKafkajsLogger: KafkaLogger | undefined

  constructor(
    private readonly configured: KafkaLogger | undefined,
    private readonly fallback: KafkaLogger,
  ) {}

  /** The logger for one kafkajs authentication's own lines; the first one is kept for background events. */
  forAuthentication(kafkajsLogger: KafkaLogger): KafkaLogger {
    this.firstKafkajsLogger ??= kafkajsLogger
    return this.configured ?? kafkajsLogger
  }

  /** The credential cache's event sink, bound once when the instance is built. */
  readonly credentialEvents: CredentialEvent = (level, message, extra) => {
    const logger = this.configured ?? this.firstKafkajsLogger ?? this.fallback
    logger[level](message, extra)
  }
}
