import { ByteReader } from '../../../protocol/ByteReader.js'
import {
  encodeBrokersMetadataRequest,
  readMetadataBrokers,
  type MetadataBroker,
} from '../../../protocol/metadataMessages.js'
import { DOCTOR_CLIENT_ID, LISTED_BROKERS } from '../../constants.js'
import { ChannelError, type KafkaChannel } from '../net/KafkaChannel.js'
import type { CheckResult, FindingFacts } from '../types.js'

export interface MetadataOutcome {
  result: CheckResult
  /** The brokers the cluster names: where kafkajs will connect. */
  brokers?: MetadataBroker[]
}

/**
 * Metadata for no topic on the authenticated connection: the brokers the cluster advertises (kafkajs
 * connects to those names, not to the bootstrap address), and the first request that needs Kafka itself.
 * A SASL front (the emulator, a proxy) answers the SASL exchange on its own; no answer here after an
 * accepted authentication means nothing behind it answers Kafka.
 */
export async function checkMetadata(
  channel: KafkaChannel,
  broker: string,
  timeoutMs: number,
): Promise<MetadataOutcome> {
  const facts: FindingFacts = { broker, timeoutMs }
  const id = channel.correlationId()
  let body: Buffer
  try {
    body = await channel.request(encodeBrokersMetadataRequest(id, DOCTOR_CLIENT_ID), id, timeoutMs)
  } catch (error) {
    const timeout = error instanceof ChannelError && error.reason === 'timeout'
    const summary = timeout
      ? `no answer to Metadata within ${timeoutMs} ms after an accepted authentication: nothing behind this listener answers Kafka`
      : 'the connection closed at Metadata, the first request that needs Kafka: nothing behind this listener answers Kafka'
    return {
      result: {
        check: 'metadata',
        status: 'fail',
        summary,
        failure: 'upstream-down',
        facts: { ...facts, errorCode: timeout ? 'METADATA_TIMEOUT' : 'METADATA_CLOSED' },
      },
    }
  }
  let brokers: MetadataBroker[]
  try {
    brokers = readMetadataBrokers(new ByteReader(body))
  } catch {
    return {
      result: {
        check: 'metadata',
        status: 'warn',
        summary: 'the Metadata answer could not be read: the brokers the cluster names were not checked',
        facts,
      },
    }
  }
  const names = brokers.map((b) => `${b.host}:${b.port}`)
  const listed = names.slice(0, LISTED_BROKERS).join(', ')
  const more = names.length > LISTED_BROKERS ? ` and ${names.length - LISTED_BROKERS} more` : ''
  const summary =
    brokers.length === 0
      ? 'names no broker'
      : `names ${brokers.length} broker${brokers.length === 1 ? '' : 's'}: ${listed}${more}`
  return { result: { check: 'metadata', status: brokers.length === 0 ? 'warn' : 'pass', summary, facts }, brokers }
}
