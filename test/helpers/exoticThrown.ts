// Values that code this package does not control (credential sources, kafkajs, user callbacks) can throw,
// chosen because turning them into text or reading their fields throws in turn: String(), template
// literals, property reads and instanceof all fail on one of them.
import fc from 'fast-check'

const boom = (): never => {
  throw new Error('boom from a getter')
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

/** A Proxy whose every trap throws: even `typeof` is fine, `instanceof` and every read are not. */
function hostileProxy(): object {
  return new Proxy(
    {},
    {
      get: boom,
      has: boom,
      getPrototypeOf: boom,
      ownKeys: boom,
      getOwnPropertyDescriptor: boom,
    },
  )
}

function errorWith(fields: Record<string, PropertyDescriptor>): Error {
  return Object.defineProperties(new Error('placeholder'), fields)
}

/** Each one made a crash somewhere, or could; named so that a failure report says which. */
export const EXOTIC_THROWN: ReadonlyArray<readonly [string, () => unknown]> = [
  ['an object whose toString is not a function', () => ({ toString: '' })],
  ['an object whose toString throws', () => ({ toString: boom })],
  ['an object whose Symbol.toPrimitive throws', () => ({ [Symbol.toPrimitive]: boom })],
  ['an object without a prototype', () => Object.create(null) as object],
  ['a symbol', () => Symbol('thrown')],
  ['a bigint', () => 10n],
  ['a function', () => function thrower() {}],
  ['a revoked Proxy', revokedProxy],
  ['a Proxy whose every trap throws', hostileProxy],
  ['an object whose message, name and type getters throw', () => Object.defineProperties({}, getters())],
  ['an Error whose message, name and type getters throw', () => errorWith(getters())],
  [
    'an Error whose message is an object with a throwing toString',
    () => errorWith(value('message', { toString: boom })),
  ],
  ['an Error whose message is a symbol', () => errorWith(value('message', Symbol('message')))],
  ['an Error whose name is an object without a prototype', () => errorWith(value('name', Object.create(null)))],
  ['an Error whose stack getter throws', () => errorWith({ stack: { get: boom } })],
  ['an Error that is its own cause', () => selfCaused()],
  ['a kafkajs-shaped error whose originalError is itself', () => selfWrapped()],
]

function getters(): Record<string, PropertyDescriptor> {
  return Object.fromEntries(
    ['message', 'name', 'type', 'code', 'cause', 'originalError', 'retriable'].map((key) => [
      key,
      { get: boom, enumerable: true },
    ]),
  )
}

function value(key: string, v: unknown): Record<string, PropertyDescriptor> {
  return { [key]: { value: v, enumerable: true } }
}

function selfCaused(): Error {
  const error = new Error('[r-1]: Access denied')
  Object.defineProperty(error, 'cause', { value: error })
  return error
}

function selfWrapped(): Error {
  const error = Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded' })
  return Object.assign(error, { originalError: error, cause: error })
}

/**
 * One of {@link EXOTIC_THROWN}, boxed: fast-check inspects the values it generates and would trip over a
 * Proxy itself. A property calls {@link unbox} on what it draws to get the value to throw.
 */
export class ExoticThrown {
  constructor(
    readonly name: string,
    readonly make: () => unknown,
  ) {}
  [fc.toStringMethod](): string {
    return `exotic thrown value: ${this.name}`
  }
}

export const exoticThrown: fc.Arbitrary<ExoticThrown> = fc
  .constantFrom(...EXOTIC_THROWN)
  .map(([name, make]) => new ExoticThrown(name, make))

/** The value to throw for anything an arbitrary drew: exotic ones are made fresh. */
export function unbox(value: unknown): unknown {
  return value instanceof ExoticThrown ? value.make() : value
}
