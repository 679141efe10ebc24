// Upstream principal names: one per emulator connection, parsed back by the decision service.
import {
  formatEmulatorPrincipal,
  parseEmulatorPrincipal,
} from '../../../../src/testing/authorization/emulatorPrincipal.js'

describe('upstream principals', () => {
  it('name the emulator and the connection; connection ids may contain colons', () => {
    const name = formatEmulatorPrincipal('e-1', 'tls:7')
    expect(name).toBe('msk-iam:e-1:tls:7')
    expect(parseEmulatorPrincipal(name)).toEqual({ emulatorId: 'e-1', connectionId: 'tls:7' })
  })

  it.each(['User:msk-iam:e:c', 'msk-iam:', 'msk-iam:e', 'msk-iam:e:', 'msk-iam::c', 'msk-iam:e.x:c'])(
    '%s is not one',
    (name) => expect(parseEmulatorPrincipal(name)).toBeUndefined(),
  )

  it('cannot be formed from an id that would not parse back', () => {
    expect(() => formatEmulatorPrincipal('a:b', 'c')).toThrow(RangeError)
    expect(() => formatEmulatorPrincipal('a', '')).toThrow(RangeError)
  })
})
