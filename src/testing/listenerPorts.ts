import { BROKER_PORT_STRIDE } from './constants.js'

/**
 * Each broker's port for one listener kind, in node-id order: 0 (free ports) by default; from a first port,
 * that port plus {@link BROKER_PORT_STRIDE} per broker; or exactly the list given.
 */
export function listenerPorts(option: number | readonly number[] | undefined, brokers: number, kind: string): number[] {
  // A boolean, not a type guard: a failed guard would narrow `option` to never in the message below.
  const valid = (p: unknown): boolean => Number.isInteger(p) && (p as number) >= 0 && (p as number) <= 65535
  if (option === undefined) return Array<number>(brokers).fill(0)
  if (typeof option === 'number') {
    if (!valid(option)) throw new TypeError(`${kind} listener port ${option} is not a port number`)
    const ports = Array.from({ length: brokers }, (_, i) => (option === 0 ? 0 : option + i * BROKER_PORT_STRIDE))
    if (!ports.every(valid)) throw new TypeError(`${kind} listener ports from ${option} go past 65535`)
    return ports
  }
  const given: unknown = option // checked as a value: callers from JavaScript may pass anything
  if (!Array.isArray(given) || given.length < brokers || !given.every(valid)) {
    throw new TypeError(`${kind} listener ports must list a port for each of the ${brokers} brokers`)
  }
  return option.slice(0, brokers)
}
