import { propertyOf, stringPropertyOf } from './thrownValue.js'

// kafkajs nests errors: KafkaJSNumberOfRetriesExceeded and KafkaJSNonRetriableError keep the error they wrap
// as `cause` (and older wrappers as `originalError`), and the connection errors inside name the broker
// (`broker: 'host:port'`, or `host` and `port`). Everything is read defensively: a chain may be cyclic, and
// any link may be something other code threw.

const MAX_LINKS = 8

/** The error and the errors it wraps, outermost first; cycles and depth are cut. */
export function errorChain(error: unknown): unknown[] {
  const links: unknown[] = []
  const seen = new Set<unknown>()
  let current = error
  while (links.length < MAX_LINKS && isObjectLike(current) && !seen.has(current)) {
    seen.add(current)
    links.push(current)
    current = propertyOf(current, 'originalError') ?? propertyOf(current, 'cause')
  }
  return links
}

/** What a chain says about where and how it failed. */
export interface ChainFacts {
  /** `host:port` from the first link that names one. */
  broker: string | undefined
  port: number | undefined
  /** Every link's name, type, string code and message. */
  names: ReadonlySet<string>
  types: ReadonlySet<string>
  codes: ReadonlySet<string>
  messages: readonly string[]
  /** A link with `type` ILLEGAL_SASL_STATE that kafkajs marked retriable: BrokerPool.connectBroker's copy. */
  rewrappedIllegalSaslState: boolean
}

export function chainFacts(links: readonly unknown[]): ChainFacts {
  const names = new Set<string>()
  const types = new Set<string>()
  const codes = new Set<string>()
  const messages: string[] = []
  let broker: string | undefined
  let rewrappedIllegalSaslState = false
  for (const link of links) {
    const name = stringPropertyOf(link, 'name')
    const type = stringPropertyOf(link, 'type')
    const code = stringPropertyOf(link, 'code')
    const message = stringPropertyOf(link, 'message')
    if (name !== undefined) names.add(name)
    if (type !== undefined) types.add(type)
    if (code !== undefined) codes.add(code)
    if (message !== undefined) messages.push(message)
    if (type === 'ILLEGAL_SASL_STATE' && propertyOf(link, 'retriable') === true) rewrappedIllegalSaslState = true
    broker ??= brokerOf(link)
  }
  return { broker, port: portOf(broker), names, types, codes, messages, rewrappedIllegalSaslState }
}

const HOST_PORT = /^[^\s/]{1,255}:\d{1,5}$/

function brokerOf(link: unknown): string | undefined {
  const named = stringPropertyOf(link, 'broker')
  if (named !== undefined && HOST_PORT.test(named) && !named.startsWith('undefined:')) return named
  const host = stringPropertyOf(link, 'host')
  const port = propertyOf(link, 'port')
  return host !== undefined && typeof port === 'number' ? `${host}:${port}` : undefined
}

/** The port of `host:port`. */
export function portOf(broker: string | undefined): number | undefined {
  const port = broker === undefined ? NaN : Number(broker.slice(broker.lastIndexOf(':') + 1))
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' || typeof value === 'function') && value !== null
}
