// Small process helpers: everything is done by PID (never by process name), because several people and
// CI runs share this machine and each may have its own broker running.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as net from 'node:net'

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A zombie has exited and waits only for its parent to reap it (Linux; elsewhere: never). */
function isZombie(pid: number): boolean {
  try {
    // "pid (comm) S …": the state follows the last ')', since comm may itself hold parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z'
  } catch {
    return false
  }
}

/** True while `pid` exists and has not exited (a zombie, exited but not reaped yet, is not alive). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return !isZombie(pid)
}

/** The process's argv (Linux /proc, else `ps`), or undefined when it is gone. */
export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  } catch {
    // not Linux, or gone: fall through to ps
  }
  try {
    const out = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim()
    return out ? out.split(/\s+/) : undefined
  } catch {
    return undefined
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err
  }
}

async function waitUntilGone(pid: number, timeoutMs: number, exited?: Promise<unknown>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  let done = false
  void exited?.then(() => (done = true))
  while (Date.now() < deadline) {
    if (done || !isAlive(pid)) return true
    await sleep(50)
  }
  return done || !isAlive(pid)
}

/**
 * SIGTERM, then SIGKILL after `graceMs` (at once when it is 0). For our own children pass `exited` (their
 * exit event), so that the call returns once Node has reaped them.
 */
export async function terminate(pid: number, graceMs: number, exited?: Promise<unknown>): Promise<void> {
  if (graceMs > 0) {
    signal(pid, 'SIGTERM')
    if (await waitUntilGone(pid, graceMs, exited)) return
  }
  signal(pid, 'SIGKILL')
  if (!(await waitUntilGone(pid, 5000, exited))) throw new Error(`process ${pid} survived SIGKILL`)
}

/**
 * `count` distinct TCP ports that were free a moment ago on `host` (the brokers bind them right after).
 * All are held open together while picking, so the OS never hands out the same port twice.
 */
export async function freePorts(count: number, host: string): Promise<number[]> {
  const servers: net.Server[] = []
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer()
      servers.push(server)
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(0, host, () => resolve())
      })
    }
    return servers.map((server) => (server.address() as net.AddressInfo).port)
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  }
}

/** Resolves once something accepts TCP connections on host:port, or rejects at the deadline. */
export async function waitForPort(
  host: string,
  port: number,
  deadline: number,
  abort: () => Error | undefined,
): Promise<void> {
  for (;;) {
    const failure = abort()
    if (failure) throw failure
    if (await canConnect(host, port)) return
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port}`)
    await sleep(100)
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
