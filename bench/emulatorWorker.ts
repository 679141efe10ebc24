// The MSK IAM emulator in its own process (forked by bench/lib/emulatorProcess.ts), so that the client
// side's CPU time (process.cpuUsage in the bench) does not include the broker side's TLS and signature
// checks, and the two do not share one event loop. Commands arrive over the IPC channel.
import { startMskIamEmulator, type MskIamEmulator, type MskIamEmulatorOptions } from '../src/testing/index.js'

export type WorkerCommand =
  | { id: number; cmd: 'start'; options: MskIamEmulatorOptions; recordAuthentications?: boolean }
  | { id: number; cmd: 'authentications'; emulator: number }
  | { id: number; cmd: 'stats'; emulator: number }
  | { id: number; cmd: 'setOptions'; emulator: number; options: Parameters<MskIamEmulator['setOptions']>[0] }
  | { id: number; cmd: 'cpu' }
  | { id: number; cmd: 'close'; emulator: number }

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string }

const emulators = new Map<number, MskIamEmulator>()
/** First authentications (not re-authentications) per emulator, when asked for: [ms since epoch, accepted]. */
const authentications = new Map<number, Array<[number, boolean]>>()
let nextHandle = 1

async function handle(message: WorkerCommand): Promise<unknown> {
  switch (message.cmd) {
    case 'start': {
      const handle = nextHandle++
      const recorded: Array<[number, boolean]> = []
      const emulator = await startMskIamEmulator({
        ...message.options,
        ...(message.recordAuthentications
          ? {
              log: (entry) => {
                if (entry.event === 'authenticate') recorded.push([Date.now(), entry.outcome === 'accepted'])
              },
            }
          : {}),
      })
      emulators.set(handle, emulator)
      authentications.set(handle, recorded)
      return {
        handle,
        tlsPort: emulator.tlsPort,
        plaintextPort: emulator.plaintextPort,
        brokerHost: emulator.brokerHost(1),
        bootstrapBrokers: emulator.bootstrapBrokers(emulator.tlsPort === undefined ? 'plaintext' : 'tls'),
        caCert: emulator.caCert,
      }
    }
    case 'stats':
      return get(message.emulator).stats()
    case 'setOptions':
      return get(message.emulator).setOptions(message.options)
    case 'cpu':
      return process.cpuUsage()
    case 'authentications': {
      get(message.emulator)
      return authentications.get(message.emulator)!.splice(0)
    }
    case 'close': {
      await get(message.emulator).close()
      emulators.delete(message.emulator)
      authentications.delete(message.emulator)
      return undefined
    }
  }
}

function get(handle: number): MskIamEmulator {
  const emulator = emulators.get(handle)
  if (!emulator) throw new Error(`no emulator ${handle}`)
  return emulator
}

if (!process.send) {
  console.error('bench/emulatorWorker.ts runs as a child of bench/run.ts (it needs an IPC channel)')
  process.exit(2)
}
process.on('message', (message: WorkerCommand) => {
  handle(message).then(
    (result) => process.send!({ id: message.id, ok: true, result } satisfies WorkerReply),
    (error: unknown) =>
      process.send!({
        id: message.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies WorkerReply),
  )
})
// The parent going away (even killed) closes the channel: leave with it.
process.on('disconnect', () => {
  void Promise.all([...emulators.values()].map((e) => e.close())).finally(() => process.exit(0))
})
process.send({ id: 0, ok: true, result: 'ready' } satisfies WorkerReply)
