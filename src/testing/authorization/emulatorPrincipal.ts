import { EMULATOR_PRINCIPAL_PREFIX } from './constants.js'

// The upstream principal names one client connection of one emulator: msk-iam:<emulatorId>:<connectionId>.
// It is the `sub` of the unsecured JWT the emulator sends upstream, and Kafka's principal name for every
// check made on that connection. Identities (who authenticated) stay in the decision service, so a
// re-authentication with other credentials never needs a new upstream connection.

const EMULATOR_ID = /^[A-Za-z0-9_-]{1,64}$/

export function isValidEmulatorId(id: string): boolean {
  return EMULATOR_ID.test(id)
}

export function formatEmulatorPrincipal(emulatorId: string, connectionId: string): string {
  if (!isValidEmulatorId(emulatorId)) throw new RangeError(`emulator id ${JSON.stringify(emulatorId)}`)
  if (connectionId.length === 0) throw new RangeError('empty connection id')
  return `${EMULATOR_PRINCIPAL_PREFIX}${emulatorId}:${connectionId}`
}

/** The parts of an upstream principal name, or undefined when it is not one. */
export function parseEmulatorPrincipal(name: string): { emulatorId: string; connectionId: string } | undefined {
  if (!name.startsWith(EMULATOR_PRINCIPAL_PREFIX)) return undefined
  const rest = name.slice(EMULATOR_PRINCIPAL_PREFIX.length)
  const colon = rest.indexOf(':')
  if (colon <= 0 || colon === rest.length - 1) return undefined
  const emulatorId = rest.slice(0, colon)
  if (!isValidEmulatorId(emulatorId)) return undefined
  return { emulatorId, connectionId: rest.slice(colon + 1) }
}
