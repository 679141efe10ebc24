// Section 5: does anything grow? Heap, live timers, active handles and listeners before and after
// 10,000 authentications per plugin, and 10,000 connect/disconnect cycles of a connection wrapped by
// proactiveReauthentication().
import { createHook } from 'node:async_hooks'
import net from 'node:net'
import { awsMskIam, proactiveReauthentication } from '../../src/index.js'
import type { BenchContext, SectionResult } from '../lib/context.js'
import { table } from '../lib/context.js'
import { countingProvider, STATIC_CREDENTIALS } from '../lib/credentials.js'
import { fakeAuthenticator } from '../lib/fakeSasl.js'
import { saslRequestFrames, startFakeBroker } from '../lib/fakeBroker.js'
import { PLUGINS } from '../lib/plugins.js'
import { num, pool } from '../lib/stats.js'
import { BROKER_HOST } from './signing.js'

interface Snapshot {
  heapUsedMb: number
  liveTimers: number
  activeResources: Record<string, number>
  processListeners: number
}

/** Every Timeout alive (ref'ed or not: the package unrefs its timers, which getActiveResourcesInfo does not list). */
class TimerTracker {
  private readonly live = new Set<number>()
  private readonly hook = createHook({
    init: (asyncId, type) => {
      if (type === 'Timeout') this.live.add(asyncId)
    },
    destroy: (asyncId) => {
      this.live.delete(asyncId)
    },
  })
  enable(): void {
    this.hook.enable()
  }
  disable(): void {
    this.hook.disable()
  }
  get count(): number {
    return this.live.size
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) {
    global.gc?.()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

async function snapshot(timers: TimerTracker): Promise<Snapshot> {
  await settle()
  const activeResources: Record<string, number> = {}
  for (const type of process.getActiveResourcesInfo()) activeResources[type] = (activeResources[type] ?? 0) + 1
  return {
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
    liveTimers: timers.count,
    activeResources,
    processListeners: process.eventNames().reduce((n, name) => n + process.listenerCount(name), 0),
  }
}

const resources = (r: Record<string, number>): string =>
  Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}×${v}`)
    .join(', ') || 'none'

const fmt = (value: number): string => (Number.isInteger(value) ? String(value) : num(value))
const delta = (before: number, after: number): string =>
  `${fmt(before)} → ${fmt(after)} (${after - before >= 0 ? '+' : ''}${fmt(after - before)})`

const fmtSigned = (value: number): string => `${value >= 0 ? '+' : ''}${fmt(value)}`

interface WrappedResult {
  before: Snapshot
  after: Snapshot
  seconds: number
  sessions: number
  created: number
  collected: number
  notCollected: number
}

/** `count` connect → authenticate → end() cycles of a proactiveReauthentication() socket (after 200 warm-up cycles). */
async function wrappedCycles(
  port: number,
  count: number,
  timers: TimerTracker,
  random: (() => number) | undefined,
): Promise<WrappedResult> {
  let created = 0
  let collected = 0
  let sessions = 0
  const registry = new FinalizationRegistry<undefined>(() => void collected++)
  const innerSockets: net.Socket[] = []
  const sasl = awsMskIam({ credentials: STATIC_CREDENTIALS })
  const factory = proactiveReauthentication(sasl, {
    socketFactory: ({ port: p, onConnect }) => {
      const socket = net.connect({ host: '127.0.0.1', port: p }, onConnect)
      innerSockets.push(socket)
      return socket
    },
    onReauthenticated: (event) => {
      if (event.kind === 'initial') sessions++
    },
    ...(random ? { random } : {}),
  })
  const { handshake, authenticate } = saslRequestFrames(Buffer.from('{"version":"2020_10_22"}'))
  const cycle = async (): Promise<void> => {
    innerSockets.length = 0
    let connected!: () => void
    const isConnected = new Promise<void>((resolve) => (connected = resolve))
    // Plaintext, as kafkajs calls it without `ssl` (the option's type has changed over time: cast).
    const args = { host: BROKER_HOST, port, ssl: undefined, onConnect: () => connected() }
    const socket = factory(args as unknown as Parameters<typeof factory>[0])
    const inner = innerSockets[0]!
    created++
    registry.register(socket, undefined)
    const closed = new Promise<void>((resolve) => inner.once('close', () => resolve()))
    await isConnected
    let answers = 0
    const answered = new Promise<void>((resolve, reject) => {
      socket.on('data', () => ++answers === 2 && resolve())
      socket.on('error', reject)
    })
    socket.write(handshake)
    socket.write(authenticate)
    await answered
    // What kafkajs's Connection.disconnect() does.
    socket.end()
    socket.unref()
    await closed
  }
  for (let i = 0; i < 200; i++) await cycle()
  const before = await snapshot(timers)
  const [createdBefore, collectedBefore, sessionsBefore] = [created, collected, sessions]
  const started = Date.now()
  // One at a time keeps innerSockets unambiguous; a cycle is well under a millisecond on loopback.
  await pool(count, 1, () => cycle())
  const seconds = (Date.now() - started) / 1000
  await new Promise((resolve) => setTimeout(resolve, 100))
  const after = await snapshot(timers)
  return {
    before,
    after,
    seconds,
    sessions: sessions - sessionsBefore,
    created: created - createdBefore,
    collected: collected - collectedBefore,
    notCollected: created - collected,
  }
}

export async function memorySection(ctx: BenchContext): Promise<SectionResult> {
  if (typeof global.gc !== 'function') throw new Error('section 5 needs node --expose-gc')
  const cycles = ctx.quick ? 2_000 : 10_000
  const timers = new TimerTracker()
  timers.enable()
  try {
    // 5a. Authentications.
    const authRows: string[][] = []
    for (const plugin of PLUGINS) {
      // Temporary credentials (with an expiration) from a provider, so that a credential cache's refresh timer is exercised.
      const auth = fakeAuthenticator(plugin.sasl(countingProvider(0)))
      for (let i = 0; i < 500; i++) await auth.authenticate(BROKER_HOST)
      const before = await snapshot(timers)
      for (let i = 0; i < cycles; i++) await auth.authenticate(BROKER_HOST)
      const after = await snapshot(timers)
      authRows.push([
        plugin.label,
        `${cycles} authenticate() cycles`,
        delta(before.heapUsedMb, after.heapUsedMb),
        delta(before.liveTimers, after.liveTimers),
        `${resources(before.activeResources)} → ${resources(after.activeResources)}`,
        delta(before.processListeners, after.processListeners),
        ctx.machine.short,
      ])
    }
    ctx.log(`  5a: ${cycles} authentications per plugin done`)

    // 5b. Connect/disconnect cycles of a wrapped connection, each authenticated (so each arms a renewal timer).
    const broker = await startFakeBroker(10 * 60_000)
    const wrapRows: string[][] = []
    const growth: Array<{ heapMb: number; timers: number; leftover: number }> = []
    try {
      for (const control of [false, true]) {
        const r = await wrappedCycles(broker.port, cycles, timers, control ? () => 0.5 : undefined)
        growth.push({
          heapMb: r.after.heapUsedMb - r.before.heapUsedMb,
          timers: r.after.liveTimers - r.before.liveTimers,
          leftover: r.notCollected,
        })
        wrapRows.push([
          control
            ? 'control: the same with `random: () => 0.5` (every renewal delay identical)'
            : 'proactiveReauthentication(awsMskIam()) socket, TCP to an in-process SASL-only broker',
          `${cycles} connect → SaslHandshake → SaslAuthenticate (lifetime 10 min) → end() cycles in ${num(r.seconds)} s; ${r.sessions} sessions taken over (each armed a renewal timer)`,
          delta(r.before.heapUsedMb, r.after.heapUsedMb),
          delta(r.before.liveTimers, r.after.liveTimers),
          `${resources(r.before.activeResources)} → ${resources(r.after.activeResources)}`,
          delta(r.before.processListeners, r.after.processListeners),
          `${r.created} created, ${r.collected} garbage-collected; ${r.notCollected} still reachable after gc()`,
          ctx.machine.short,
        ])
      }
    } finally {
      await broker.close()
    }
    ctx.log(`  5b: ${cycles} wrapped connect/disconnect cycles, twice`)
    // 5c. Node itself: set and clear an unref'ed timer 10 000 times, with random or identical delays.
    const nodeRows: string[][] = []
    const nodeGrowth: number[] = []
    for (const randomDelays of [true, false]) {
      const before = await snapshot(timers)
      for (let i = 0; i < cycles; i++) {
        const delay = randomDelays ? 510_000 + Math.floor(Math.random() * 60_000) : 540_000
        const timer = setTimeout(() => undefined, delay)
        timer.unref()
        clearTimeout(timer)
      }
      const after = await snapshot(timers)
      nodeGrowth.push(after.heapUsedMb - before.heapUsedMb)
      nodeRows.push([
        `Node ${process.version} alone: setTimeout(…, ${randomDelays ? 'random 510 000–570 000' : 'always 540 000'} ms).unref() then clearTimeout, ${cycles} times`,
        delta(before.heapUsedMb, after.heapUsedMb),
        delta(before.liveTimers, after.liveTimers),
        ctx.machine.short,
      ])
    }
    const body = [
      `**What**: growth across many cycles. Heap = \`process.memoryUsage().heapUsed\` after \`global.gc()\` (three gc + setImmediate rounds); ` +
        `live timers = every \`Timeout\` created and not yet fired or cleared (tracked with an \`async_hooks\` init/destroy hook: ` +
        `\`process.getActiveResourcesInfo()\` does not list unref'ed timers, and this package unrefs its own); ` +
        `active resources = \`process.getActiveResourcesInfo()\` by type; listeners = all listeners on \`process\`.`,
      `**How** (5a): per plugin, 500 warm-up authentications, snapshot, ${cycles} more authentications as in section 1 (kafkajs's authenticate(), no network), ` +
        `with temporary credentials from a provider (so a credential cache's refresh timer is involved), snapshot.`,
      '',
      table(
        [
          'Plugin',
          'Cycles',
          'heap MB before → after',
          'live timers',
          'active resources',
          'process listeners',
          'Machine',
        ],
        authRows,
      ),
      '',
      `**How** (5b): the socket kafkajs would get from \`proactiveReauthentication(awsMskIam())\`, on a real TCP connection to an in-process broker that ` +
        `answers SaslHandshake and SaslAuthenticate v1 (session lifetime 10 min, so every connection arms a renewal timer and must cancel it), ` +
        `written and closed as kafkajs does (\`write()\` per request, then \`end()\` + \`unref()\`). 200 warm-up cycles, snapshot, ${cycles} cycles, snapshot.`,
      '',
      table(
        [
          'What',
          'Cycles',
          'heap MB before → after',
          'live timers',
          'active resources',
          'process listeners',
          'wrapped sockets',
          'Machine',
        ],
        wrapRows,
      ),
      '',
      `Where the wrapped sockets' heap growth comes from (5c): Node keeps one timer list per distinct delay in milliseconds, and a list ` +
        `emptied by \`clearTimeout\` is dropped only when its delay would have elapsed. The scheduler picks a random 85–95 % of each session, ` +
        `so every connection leaves a distinct delay behind until then. In this run: ${fmtSigned(growth[0]!.heapMb)} MB with random delays, ` +
        `${fmtSigned(growth[1]!.heapMb)} MB with the delay fixed (control); Node alone ${fmtSigned(nodeGrowth[0]!)} MB with random delays, ` +
        `${fmtSigned(nodeGrowth[1]!)} MB with a fixed one${cycles < 10_000 ? ' (few cycles in quick mode: within noise)' : ''}. ` +
        `The growth is therefore bounded: by the number of distinct delays in the 85–95 % window (60 000 for 10-minute sessions, 90 000 for ` +
        `a 15-minute one) and by time (each list goes when its delay passes). Rounding the renewal delay to whole seconds would remove it.`,
      '',
      table(['What', 'heap MB before → after', 'live timers', 'Machine'], nodeRows),
    ].join('\n')
    const liveAfterAuth = authRows.map((r) => r[3]!)
    const headline = [
      [
        `5. heap MB / live timers growth over ${cycles} authentications`,
        ...PLUGINS.map(
          (_, i) =>
            `${authRows[i]![2]!.replace(/^.*\(/, '').replace(')', '')} MB / ${liveAfterAuth[i]!.replace(/^.*\(/, '').replace(')', '')}`,
        ),
        'after gc()',
      ],
      [
        `5. ${cycles} wrapped connect/disconnect cycles: heap / timers / sockets left`,
        `${fmtSigned(growth[0]!.heapMb)} MB / ${fmtSigned(growth[0]!.timers)} / ${growth[0]!.leftover} (control, fixed delay: ${fmtSigned(growth[1]!.heapMb)} MB)`,
        'n/a',
        'n/a',
        'n/a',
        'not measured (the same socket wrapper as AWS_MSK_IAM)',
      ],
    ]
    return { title: '5. Memory and handles', body, headline }
  } finally {
    timers.disable()
  }
}
