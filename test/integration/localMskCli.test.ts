// `kafkajs-msk-iam local` as a real process: it starts Kafka and the emulator, prints where they are, and
// stops everything on SIGTERM, also under npx when only npx is signalled: no process left (the CLI or any
// Kafka JVM it started), no port left bound.
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { bannerFacts, isRunning, portFree, startCli, waitForText, waitGone } from '../helpers/cliProcess.js'

/** Pids of the processes whose parent is `pid` (the Kafka JVMs of a running `local`). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0)
  } catch {
    return []
  }
}

const READY = 'Ctrl-C stops Kafka and the emulator.'

describe('kafkajs-msk-iam local (child process)', () => {
  it('--brokers 3: ready banner, CA file written; SIGTERM stops the emulator and every broker', async () => {
    const cli = await startCli(['local', '--brokers', '3', '--port', '0', '--ca-out', 'ca.pem'])
    const banner = await waitForText(cli, READY, 120_000)
    const { pid, ports } = bannerFacts(banner)
    expect(pid).toBe(cli.child.pid)
    expect(ports).toHaveLength(3)
    expect(banner).toMatch(/via localhost {6}localhost:\d+,localhost:\d+,localhost:\d+/)
    const caFile = /CA certificate +(\S+)/.exec(banner)![1]!
    expect(path.basename(caFile)).toBe('ca.pem')
    expect(new X509Certificate(await readFile(caFile, 'utf8')).ca).toBe(true)
    const jvms = childrenOf(pid)
    expect(jvms.length).toBeGreaterThanOrEqual(3)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
    expect(cli.stderr()).toMatch(/Stopping \(SIGTERM\)…\nStopped Kafka and the emulator\.\n$/)
    for (const jvm of jvms) expect(await waitGone(jvm)).toBe(true)
    for (const port of ports) expect(await portFree(port)).toBe(true)
  }, 180_000)

  it('under npx, SIGTERM to npx alone stops it and its broker', async () => {
    const cli = await startCli(['local', '--brokers', '1', '--port', '0'], { viaNpx: true })
    const { pid, ports } = bannerFacts(await waitForText(cli, READY, 120_000))
    expect(pid).not.toBe(cli.child.pid)
    const jvms = childrenOf(pid)
    expect(jvms.length).toBeGreaterThanOrEqual(1)
    cli.child.kill('SIGTERM')
    await cli.exited
    expect(await waitGone(pid, 30_000)).toBe(true)
    for (const jvm of jvms) expect(await waitGone(jvm)).toBe(true)
    for (const port of ports) expect(await portFree(port)).toBe(true)
    expect(isRunning(pid)).toBe(false)
  }, 180_000)
})
