import { ERROR_CODE, MECHANISM_NAME, NON_IAM_PORTS } from '../../../constants.js'
import { decodeSaslHandshakeResponse, encodeSaslHandshake } from '../../../protocol/saslMessages.js'
import { DOCTOR_CLIENT_ID } from '../../constants.js'
import { ChannelError, type KafkaChannel } from '../net/KafkaChannel.js'
import type { CheckResult, FindingFacts } from '../types.js'

/**
 * SaslHandshake v1 for AWS_MSK_IAM: the broker answers with the mechanisms its listener enables. Error 33
 * names them; error 34 or a silent close means the listener has no SASL at all (9092, 9094).
 */
export async function checkMechanisms(
  channel: KafkaChannel,
  port: number,
  tls: boolean,
  timeoutMs: number,
): Promise<CheckResult> {
  const facts: FindingFacts = { port, tls, timeoutMs }
  const listener = NON_IAM_PORTS[port]
  const portNote = listener === undefined ? '' : `; port ${port} is MSK's ${listener} listener`
  const id = channel.correlationId()
  let answer: { errorCode: number; mechanisms: string[] }
  try {
    answer = decodeSaslHandshakeResponse(
      await channel.request(encodeSaslHandshake(id, DOCTOR_CLIENT_ID, MECHANISM_NAME), id, timeoutMs),
    )
  } catch (error) {
    const reason = error instanceof ChannelError ? error.reason : 'invalid-frame'
    if (reason === 'tls-reply') {
      return {
        check: 'sasl',
        status: 'fail',
        summary: 'the broker answered with TLS: this port needs --tls',
        failure: 'wrong-port',
        facts: { ...facts, errorCode: 'TLS_REPLY' },
      }
    }
    if (reason === 'closed' && !tls) {
      const summary = `the broker closed the connection at SaslHandshake: a TLS port reached with --no-tls, or a listener without SASL${portNote}`
      return {
        check: 'sasl',
        status: 'fail',
        summary,
        failure: 'wrong-port',
        facts: { ...facts, errorCode: 'TLS_EXPECTED' },
      }
    }
    if (reason === 'closed') {
      return {
        check: 'sasl',
        status: 'fail',
        summary: `the broker closed the connection at SaslHandshake: no SASL on this listener${portNote}`,
        failure: 'mechanism-not-enabled',
        facts,
      }
    }
    if (reason === 'timeout') {
      const hint = tls ? 'not a Kafka listener?' : 'not a Kafka listener, or a TLS port reached with --no-tls?'
      return {
        check: 'sasl',
        status: 'fail',
        summary: `no answer to SaslHandshake within ${timeoutMs} ms: ${hint}`,
        failure: 'no-answer',
        facts,
      }
    }
    return {
      check: 'sasl',
      status: 'fail',
      summary: 'the answer to SaslHandshake is not Kafka: not a Kafka listener?',
      failure: 'no-answer',
      facts,
    }
  }
  const offered = answer.mechanisms.length === 0 ? 'none' : answer.mechanisms.join(', ')
  const withMechanisms = { ...facts, mechanisms: answer.mechanisms }
  if (answer.errorCode === ERROR_CODE.NONE && answer.mechanisms.includes(MECHANISM_NAME)) {
    return {
      check: 'sasl',
      status: 'pass',
      summary: `${MECHANISM_NAME} is enabled (offered: ${offered})`,
      facts: withMechanisms,
    }
  }
  if (answer.errorCode === ERROR_CODE.UNSUPPORTED_SASL_MECHANISM || answer.errorCode === ERROR_CODE.NONE) {
    const summary = `${MECHANISM_NAME} is not enabled on this listener (error 33; offered: ${offered})${portNote}`
    return {
      check: 'sasl',
      status: 'fail',
      summary,
      failure: 'mechanism-not-enabled',
      facts: { ...withMechanisms, errorCode: 'UNSUPPORTED_SASL_MECHANISM' },
    }
  }
  if (answer.errorCode === ERROR_CODE.ILLEGAL_SASL_STATE) {
    const summary = `the listener does not do SASL (error 34 ILLEGAL_SASL_STATE)${portNote}`
    return {
      check: 'sasl',
      status: 'fail',
      summary,
      failure: 'mechanism-not-enabled',
      facts: { ...withMechanisms, errorCode: 'ILLEGAL_SASL_STATE' },
    }
  }
  return {
    check: 'sasl',
    status: 'fail',
    summary: `SaslHandshake failed with error ${answer.errorCode}`,
    failure: 'mechanism-not-enabled',
    facts: { ...withMechanisms, errorCode: String(answer.errorCode) },
  }
}
