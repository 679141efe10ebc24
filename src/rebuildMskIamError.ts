import { isMskIamErrorCode, MskIamError } from './errors.js'
import { propertyOf, stringPropertyOf } from './thrownValue.js'

// kafkajs's BrokerPool.connectBroker (kafkajs 2.2.4, src/cluster/brokerPool.js) answers every error whose
// `type` is ILLEGAL_SASL_STATE, which all retriable MskIamErrors carry so that kafkajs rebuilds the
// connection, with `new KafkaJSProtocolError(e, { retriable: true })`. That copy keeps e's message, type and
// code and nothing else: no cause, no fields, so the typed error cannot be looked up. It can be rebuilt: the
// code is one of the closed set (kafkajs's own protocol codes are numbers), and the message names the broker
// and the request-id in the fixed forms below, which every message of this package uses.

/** How a message names the broker's request-id; {@link rebuildMskIamError} reads it back. */
export function requestIdTag(requestId: string | undefined): string {
  return requestId ? ` (request-id ${requestId})` : ''
}

// "Broker h:p …", "… to broker h:p …", "(while authenticating to h:p)".
const BROKER_IN_MESSAGE = /\b(?:[Bb]roker|authenticating to) ([^\s:()[\],;]+:\d{1,5})(?!\d)/
const REQUEST_ID_IN_MESSAGE = /\(request-id ([^\s()]{1,128})\)/

/**
 * The MskIamError that `copy` was copied from, rebuilt from its code and message; undefined when `copy` is
 * not such a copy. `broker` is used when the message names none.
 */
export function rebuildMskIamError(copy: unknown, broker?: string): MskIamError | undefined {
  const code = propertyOf(copy, 'code')
  const message = stringPropertyOf(copy, 'message')
  if (!isMskIamErrorCode(code) || message === undefined) return undefined
  const retriable = propertyOf(copy, 'retriable')
  return new MskIamError(code, message, {
    broker: BROKER_IN_MESSAGE.exec(message)?.[1] ?? broker,
    requestId: REQUEST_ID_IN_MESSAGE.exec(message)?.[1],
    retriable: typeof retriable === 'boolean' ? retriable : undefined,
    cause: copy,
  })
}
