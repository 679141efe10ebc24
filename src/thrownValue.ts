// Reading what other code threw or passed in. Credential sources, kafkajs and user callbacks can throw anything, and
// String(), template literals, property reads and even `instanceof` throw in turn on some values: an object
// whose toString is not a function, one without a prototype, a symbol, a revoked Proxy, getters that throw.
// Code that explains a failure must never fail itself, so it reads thrown values only through these.

/** `value[key]`, or undefined when `value` is not an object or reading the property throws. */
export function propertyOf(value: unknown, key: string): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined
  try {
    return (value as Record<string, unknown>)[key]
  } catch {
    return undefined
  }
}

/** `value[key]` when it is a string, else undefined. */
export function stringPropertyOf(value: unknown, key: string): string | undefined {
  const property = propertyOf(value, key)
  return typeof property === 'string' ? property : undefined
}

/** `value instanceof type`, false when the check throws (a Proxy's getPrototypeOf trap). */
export function isInstanceOf(value: unknown, type: abstract new (...args: never[]) => unknown): boolean {
  try {
    return value instanceof type
  } catch {
    return false
  }
}

/** Text for any value, never throwing: "Name: message" for errors, String() otherwise, or a description of its kind. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  const message = stringPropertyOf(value, 'message')
  if (isInstanceOf(value, Error) || message !== undefined) {
    const name = stringPropertyOf(value, 'name') ?? 'Error'
    return message === undefined || message === '' ? name : `${name}: ${message}`
  }
  try {
    return String(value)
  } catch {
    // String() throws for objects without a usable toString (no prototype, toString not callable).
  }
  try {
    return Object.prototype.toString.call(value)
  } catch {
    return `[${typeof value}]`
  }
}

/** JSON for a value a user passed (to quote it in a message), never throwing: bigints, cycles and throwing toJSON fall back to {@link textOf}. */
export function jsonOf(value: unknown): string {
  try {
    const json = JSON.stringify(value)
    if (json !== undefined) return json.length > 200 ? `${json.slice(0, 200)}…` : json
  } catch {
    // BigInt, cyclic structures, a toJSON that throws.
  }
  const text = textOf(value)
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
