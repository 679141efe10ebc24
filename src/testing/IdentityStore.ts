import type { EmulatorIdentity } from './verifier/types.js'

/** The credentials the emulator accepts, by access key id; copies, so callers cannot change them behind its back. */
export class IdentityStore {
  private readonly byAccessKeyId = new Map<string, EmulatorIdentity>()

  constructor(initial: readonly EmulatorIdentity[] = []) {
    for (const identity of initial) this.add(identity)
  }

  add(identity: EmulatorIdentity): void {
    if (
      typeof identity?.accessKeyId !== 'string' ||
      typeof identity.secretAccessKey !== 'string' ||
      typeof identity.principalArn !== 'string'
    ) {
      throw new TypeError('an identity needs accessKeyId, secretAccessKey and principalArn strings')
    }
    this.byAccessKeyId.set(identity.accessKeyId, { ...identity })
  }

  remove(accessKeyId: string): void {
    this.byAccessKeyId.delete(accessKeyId)
  }

  lookup(accessKeyId: string): EmulatorIdentity | undefined {
    return this.byAccessKeyId.get(accessKeyId)
  }
}
