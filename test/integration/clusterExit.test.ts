// A cluster's owner that ends without close(): on a normal exit its 'exit' handler kills the nodes and
// removes the data; killed with SIGKILL (no handler runs), the next start's leftover sweep does it.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { cleanupLeftoverNodes, recordsDir } from '../../src/testing/kafka/leftovers.js'
import { isAlive } from '../../src/testing/kafka/processes.js'

const REPO = path.resolve(__dirname, '../..')

interface Owned {
  pids: number[]
  dir: string
  exited: Promise<void>
  kill(): void
}

/** Starts test/fixtures/clusterOwner.ts and resolves once its cluster is ready. */
function startOwner(mode: 'exit' | 'hang' | 'stop'): Promise<Owned & { output: () => string }> {
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'test/fixtures/clusterOwner.ts', mode], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line)
        resolve({
          ...(JSON.parse(line) as { pids: number[]; dir: string }),
          exited,
          kill: () => child.kill('SIGKILL'),
          output: () => out,
        })
    })
    void exited.then(() => reject(new Error(`the owner exited before its cluster was ready: ${out}`)))
  })
}

const recordsOf = async (dir: string): Promise<string[]> =>
  (await readdir(recordsDir()).catch(() => [] as string[])).filter((f) => f.includes(path.basename(dir)))

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  return condition()
}

describe('an owner that only awaits the cluster', () => {
  it("stopBroker() and close() resolve although nothing else keeps Node alive (the JVMs are unref'd)", async () => {
    const owned = await startOwner('stop')
    await owned.exited
    expect(owned.output().split('\n').slice(1)).toEqual(['stopped', 'closed', ''])
    expect(owned.pids.filter(isAlive)).toEqual([])
    expect(existsSync(owned.dir)).toBe(false)
  })
})

describe('a cluster whose owner goes away without close()', () => {
  it('process.exit(): the exit handler kills the node by PID and removes its data and records', async () => {
    const owned = await startOwner('exit')
    await owned.exited
    expect(await until(() => owned.pids.every((pid) => !isAlive(pid)), 10_000)).toBe(true)
    expect(existsSync(owned.dir)).toBe(false)
    expect(await recordsOf(owned.dir)).toEqual([])
  })

  it('SIGKILL: the JVM outlives its owner until the leftover sweep, which ends it and removes the data', async () => {
    const owned = await startOwner('hang')
    try {
      owned.kill()
      await owned.exited
      expect(owned.pids.every(isAlive)).toBe(true) // no handler ran
      expect(await recordsOf(owned.dir)).toHaveLength(1)
      const swept = await cleanupLeftoverNodes()
      expect(swept).toEqual(expect.arrayContaining([expect.stringContaining(`pid ${owned.pids[0]}`)]))
      expect(owned.pids.filter(isAlive)).toEqual([])
      expect(existsSync(owned.dir)).toBe(false)
      expect(await recordsOf(owned.dir)).toEqual([])
    } finally {
      for (const pid of owned.pids.filter(isAlive)) process.kill(pid, 'SIGKILL')
    }
  })
})
