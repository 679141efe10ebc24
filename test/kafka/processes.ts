// Small process helpers: everything is done by PID (never by process name), because several people and
// CI runs share this machine and each may have its own broker running.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** True while `pid` exists (a zombie counts as alive until its parent reaps it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
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
 * SIGTERM, then SIGKILL after `graceMs`. `exited` (a child's exit event) is needed for our own children:
 * they stay zombies, "alive" for kill(0), until Node reaps them.
 */
export async function terminate(pid: number, graceMs: number, exited?: Promise<unknown>): Promise<void> {
  signal(pid, 'SIGTERM')
  if (await waitUntilGone(pid, graceMs, exited)) return
  signal(pid, 'SIGKILL')
  if (!(await waitUntilGone(pid, 5000, exited))) throw new Error(`process ${pid} survived SIGKILL`)
}

/** A TCP port that was free a moment ago on 127.0.0.1 (the broker binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
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
