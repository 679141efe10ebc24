// Parent side of bench/emulatorWorker.ts: bundles the worker once with esbuild (as scripts/run-ts.mjs
// does), forks it, and offers the emulator's API over IPC.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import type { EmulatorStats, MskIamEmulatorOptions, MskIamEmulatorSettings } from '../../src/testing/index.js'
import type { WorkerCommand, WorkerReply } from '../emulatorWorker.js'

type CommandBody = WorkerCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never

export interface RemoteEmulator {
  tlsPort: number
  plaintextPort: number
  /** MSK-shaped name of broker 1, e.g. b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com */
  brokerHost: string
  /** `host:port` of every broker (TLS listeners when there are any). */
  bootstrapBrokers: string[]
  /** The CA of the TLS listeners' certificate. */
  caCert: string | undefined
  stats(): Promise<EmulatorStats>
  setOptions(options: MskIamEmulatorSettings): Promise<void>
  /** First authentications since the last call, [ms since epoch, accepted], when started with recordAuthentications. */
  authentications(): Promise<Array<[number, boolean]>>
  close(): Promise<void>
}

export class EmulatorProcess {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: WorkerReply) => {
      const waiter = this.pending.get(reply.id)
      if (!waiter) return
      this.pending.delete(reply.id)
      if (reply.ok) waiter.resolve(reply.result)
      else waiter.reject(new Error(`emulator worker: ${reply.error}`))
    })
    child.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`emulator worker exited (${signal ?? code})`))
      this.pending.clear()
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  static async start(): Promise<EmulatorProcess> {
    const outDir = path.resolve('.cache/run-ts')
    mkdirSync(outDir, { recursive: true })
    const outfile = path.join(outDir, 'bench-emulator-worker.cjs')
    await build({
      entryPoints: ['bench/emulatorWorker.ts'],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      packages: 'external',
      logLevel: 'warning',
    })
    const child = fork(outfile, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] })
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) => reject(new Error(`emulator worker exited at start (${code})`)))
    })
    return new EmulatorProcess(child)
  }

  private call<T>(body: CommandBody): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.child.send({ ...body, id })
    })
  }

  /** CPU time the emulator process has used so far (process.cpuUsage of the child), µs. */
  cpu(): Promise<NodeJS.CpuUsage> {
    return this.call({ cmd: 'cpu' })
  }

  async emulator(options: MskIamEmulatorOptions, recordAuthentications = false): Promise<RemoteEmulator> {
    const started = await this.call<{
      handle: number
      tlsPort: number
      plaintextPort: number
      brokerHost: string
      bootstrapBrokers: string[]
      caCert: string | undefined
    }>({ cmd: 'start', options, recordAuthentications })
    const handle = started.handle
    return {
      tlsPort: started.tlsPort,
      plaintextPort: started.plaintextPort,
      brokerHost: started.brokerHost,
      bootstrapBrokers: started.bootstrapBrokers,
      caCert: started.caCert,
      stats: () => this.call({ cmd: 'stats', emulator: handle }),
      setOptions: (settings) => this.call({ cmd: 'setOptions', emulator: handle, options: settings }),
      authentications: () => this.call({ cmd: 'authentications', emulator: handle }),
      close: () => this.call({ cmd: 'close', emulator: handle }),
    }
  }

  /** Ends the worker (it closes its emulators when the IPC channel goes) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.disconnect()
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
}
