// The CLI as a real child process (dist/cjs/cli/main.js, built by `npm test`), for the emulator and local
// commands' tests: start it, directly or through npm's npx, wait for its ready banner, read the pid and
// ports it printed, stop it with a signal, and check it left nothing behind.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, symlink } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const REPO = path.resolve(__dirname, '../..')
export const MAIN = path.join(REPO, 'dist/cjs/cli/main.js')

/**
 * Fails clearly when the CLI is not built. Tests never rebuild dist/ themselves: a rebuild empties it
 * first, under the feet of the other test files that run the CLI at the same time.
 */
export function requireBuiltCli(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (\`npm test\` does)`)
}

export interface CliChild {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the child's exit code (or signal name). */
  exited: Promise<number | string>
}

/** Starts `node main.js …args`, or `npx kafkajs-msk-iam …args` from a scratch project whose bin is ours. */
export async function startCli(args: string[], opts: { viaNpx?: boolean; cwd?: string } = {}): Promise<CliChild> {
  const cwd = opts.cwd ?? (await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-cli-')))
  let child: ChildProcess
  if (opts.viaNpx) {
    const bin = path.join(cwd, 'node_modules', '.bin')
    await mkdir(bin, { recursive: true })
    await chmod(MAIN, 0o755)
    await symlink(MAIN, path.join(bin, 'kafkajs-msk-iam')).catch(() => undefined)
    child = spawn('npx', ['--no', 'kafkajs-msk-iam', ...args], {
      cwd,
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_offline: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } else {
    child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  }
  let out = ''
  let err = ''
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s))
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (err += s))
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  )
  return { child, stdout: () => out, stderr: () => err, exited }
}

/** Waits until `text` appears on the child's stderr; rejects if it exits first or after `timeoutMs`. */
export async function waitForText(cli: CliChild, text: string | RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  let exited = false
  void cli.exited.then(() => (exited = true))
  for (;;) {
    const err = cli.stderr()
    if (typeof text === 'string' ? err.includes(text) : text.test(err)) return err
    if (exited) throw new Error(`the CLI exited before printing ${String(text)}:\n${err}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}:\n${err}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The pid and every `host:port` port of the ready banner. */
export function bannerFacts(banner: string): { pid: number; ports: number[] } {
  const pid = Number(/\(pid (\d+)\)/.exec(banner)?.[1])
  const line = /bootstrap brokers {2}(\S+)/.exec(banner)?.[1] ?? ''
  const ports = line.split(',').map((b) => Number(b.slice(b.lastIndexOf(':') + 1)))
  return { pid, ports }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Waits until `pid` is gone; false after `timeoutMs`. */
export async function waitGone(pid: number, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

/** True when nothing listens on 127.0.0.1:`port` any more. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}
