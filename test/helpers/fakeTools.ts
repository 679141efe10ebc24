// Fake `java` and `mvn` executables in a private bin folder, for tests that run the launcher's tool checks
// with a PATH of their own (spawned with a custom env; nothing on the machine is touched or mocked).
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export interface FakeBin {
  dir: string
  /** An environment whose PATH is only this folder (no JAVA_HOME); scripts run by absolute #!/bin/sh. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv
  /** Writes an executable shell script `name` (a path inside the folder) with this body. */
  tool(name: string, body: string): Promise<void>
  remove(): Promise<void>
}

export async function fakeBin(): Promise<FakeBin> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-fakebin-'))
  return {
    dir,
    env: (extra = {}) => ({ PATH: dir, HOME: os.homedir(), ...extra }),
    async tool(name, body) {
      const file = path.join(dir, name)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, `#!/bin/sh\n${body}\n`)
      await chmod(file, 0o755)
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

/** A `java` that prints this version banner to stderr, as the real one does. */
export const javaPrinting = (banner: string): string => `echo '${banner}' >&2`
