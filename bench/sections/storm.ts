// Section 4: a connection storm. 500 kafkajs clients connect at once (a fleet restarting, a Lambda
// scale-out) through the emulator over TLS, each authenticating its own connection.
import { Kafka, logLevel, type Admin, type KafkaConfig, type logCreator } from 'kafkajs'
import { TEST_CA_CERT } from '../../src/testing/index.js'
import type { BenchContext, SectionResult } from '../lib/context.js'
import { table } from '../lib/context.js'
import { IDENTITY, countingProvider } from '../lib/credentials.js'
import type { RemoteEmulator } from '../lib/emulatorProcess.js'
import { loopbackSocketFactory } from '../lib/network.js'
import { PLUGINS, ratiosFor, type Plugin } from '../lib/plugins.js'
import { msSince, num, ratio, sleep } from '../lib/stats.js'

const PROVIDER_LATENCY_MS = 2

interface StormResult {
  connections: number
  wallMs: number
  clientCpuMs: number
  emulatorCpuMs: number
  credentialCalls: number
  failedConnects: number
  errorLogs: number
  errorSample: string | undefined
  accepted: number
  denied: number
  brokerCloses: number
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000

async function storm(ctx: BenchContext, emulator: RemoteEmulator, plugin: Plugin, count: number): Promise<StormResult> {
  const workers = await ctx.emulators()
  const provider = countingProvider(PROVIDER_LATENCY_MS)
  // One sasl value for all 500 clients: one process whose clients share the plugin instance.
  const sasl = plugin.sasl(provider)
  const counter = { errors: 0, sample: undefined as string | undefined }
  const logs: logCreator = () => (entry) => {
    if (entry.level === logLevel.ERROR) {
      counter.errors++
      counter.sample ??= String(entry.log.message)
    }
  }
  const config: KafkaConfig = {
    clientId: `bench-storm-${plugin.id}`,
    brokers: [`${emulator.brokerHost}:${emulator.tlsPort}`],
    ssl: { ca: [TEST_CA_CERT] },
    sasl: sasl as unknown as KafkaConfig['sasl'],
    socketFactory: loopbackSocketFactory,
    // kafkajs's 1 s default connection timeout measures the machine's TLS throughput, not the plugin: give every plugin room.
    connectionTimeout: 30_000,
    authenticationTimeout: 30_000,
    requestTimeout: 30_000,
    retry: { retries: 3, initialRetryTime: 200 },
    logLevel: logLevel.ERROR,
    logCreator: logs,
  }
  const admins: Admin[] = Array.from({ length: count }, () => new Kafka(config).admin())
  const before = await emulator.stats()
  global.gc?.()
  const emulatorCpuBefore = await workers.cpu()
  const cpuBefore = process.cpuUsage()
  const start = process.hrtime.bigint()
  const outcomes = await Promise.allSettled(admins.map((admin) => admin.connect()))
  const wallMs = msSince(start)
  const clientCpuMs = cpuMs(process.cpuUsage(cpuBefore))
  const emulatorCpuMs = cpuMs(await workers.cpu()) - cpuMs(emulatorCpuBefore)
  const after = await emulator.stats()
  await Promise.all(admins.map((admin) => admin.disconnect().catch(() => undefined)))
  const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
  if (failed.length > 0) counter.sample ??= String((failed[0]!.reason as Error)?.message ?? failed[0]!.reason)
  const denied = (s: typeof after): number => Object.values(s.authenticationsDenied).reduce((a, b) => a + (b ?? 0), 0)
  const brokerCloses = (s: typeof after): number =>
    Object.entries(s.closesByReason).reduce(
      (a, [reason, n]) => a + (reason === 'client-closed' || reason === 'emulator-closed' ? 0 : (n ?? 0)),
      0,
    )
  return {
    connections: count,
    wallMs,
    clientCpuMs,
    emulatorCpuMs,
    credentialCalls: provider.calls,
    failedConnects: failed.length,
    errorLogs: counter.errors,
    errorSample: counter.sample,
    accepted: after.authenticationsAccepted - before.authenticationsAccepted,
    denied: denied(after) - denied(before),
    brokerCloses: brokerCloses(after) - brokerCloses(before),
  }
}

/** Waits until the previous storm's connections are all gone from the emulator (at most 10 s), then 0.5 s more. */
async function quiesce(emulator: RemoteEmulator): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const stats = await emulator.stats()
    if (stats.connectionsOpened === stats.connectionsClosed || Date.now() > deadline) break
    await sleep(100)
  }
  await sleep(500)
}

export async function stormSection(ctx: BenchContext): Promise<SectionResult> {
  const upstream = await ctx.upstream()
  const workers = await ctx.emulators()
  const emulator = await workers.emulator({
    upstream: { host: upstream.host, port: upstream.port },
    identities: [IDENTITY],
    listeners: { tls: { port: 0 }, plaintext: false },
  })
  const count = ctx.quick ? 150 : 500
  const repeats = ctx.quick ? 1 : 3
  try {
    ctx.log(`  warm-up: 50 connections per plugin`)
    for (const plugin of PLUGINS) await storm(ctx, emulator, plugin, 50)
    const results = new Map<string, StormResult[]>(PLUGINS.map((p) => [p.id, []]))
    for (let r = 0; r < repeats; r++) {
      // Alternate the order, so that no plugin always runs first (or last) after a pause.
      const order = r % 2 === 0 ? PLUGINS : [...PLUGINS].reverse()
      for (const plugin of order) {
        await quiesce(emulator)
        ctx.log(`  storm ${r + 1}/${repeats}: ${count} connections at once, ${plugin.id}`)
        results.get(plugin.id)!.push(await storm(ctx, emulator, plugin, count))
      }
    }
    // Every storm is listed; comparisons use each plugin's median (single storms vary by ±20 % on a shared 2-core machine).
    const median = (rs: StormResult[], f: (r: StormResult) => number): number => {
      const sorted = rs.map(f).sort((x, y) => x - y)
      return sorted.length % 2 === 1
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2
    }
    const rows = PLUGINS.flatMap((plugin) =>
      results
        .get(plugin.id)!
        .map((r, i) => [
          plugin.label,
          `${i + 1}`,
          `${r.connections}`,
          num(r.wallMs),
          num(r.clientCpuMs),
          num(r.emulatorCpuMs),
          `${r.credentialCalls}`,
          `${r.failedConnects} failed connects, ${r.errorLogs} kafkajs error logs, ${r.denied} denied, ${r.brokerCloses} broker closes${r.errorSample ? ` (${r.errorSample.slice(0, 80)})` : ''}`,
          `${r.accepted}`,
          `wall ${ratiosFor(plugin, (id) => median(results.get(id)!, (x) => x.wallMs), ratio)}; client CPU ${ratiosFor(plugin, (id) => median(results.get(id)!, (x) => x.clientCpuMs), ratio)}`,
          ctx.machine.short,
        ]),
    )
    const body = [
      `**What**: ${count} kafkajs clients (\`kafka.admin().connect()\`: TLS, ApiVersions, SASL, Metadata) started in the same tick against the emulator's ` +
        `TLS listener, one plugin instance shared by all of them, with a fresh counting credentials provider (${PROVIDER_LATENCY_MS} ms per call, as in section 2).`,
      `**How**: wall time until every connect settled; client CPU = \`process.cpuUsage()\` of the bench process (kafkajs, TLS client side, the plugin); ` +
        `emulator CPU = \`process.cpuUsage()\` of the emulator's own process (TLS server side, signature checks, relaying to Kafka). ` +
        `kafkajs timeouts raised to 30 s for every plugin (its 1 s connection timeout would measure this machine's TLS throughput). ` +
        `A 50-connection warm-up per plugin first; then ${repeats} storm(s) per plugin, order alternated (forward, reversed, …), each storm starting once the previous one's connections are closed and 0.5 s has passed; every storm is listed; ratios and the summary use each plugin's median.`,
      '',
      table(
        [
          'Plugin',
          'storm',
          'connections',
          'wall ms',
          'client CPU ms',
          'emulator CPU ms',
          'credential calls',
          'errors',
          'authentications accepted',
          'ratio ours / peer (medians)',
          'Machine',
        ],
        rows,
      ),
      '',
      (() => {
        const ranges = PLUGINS.map((p) => {
          const walls = results.get(p.id)!.map((r) => r.wallMs)
          return { id: p.id, min: Math.min(...walls), max: Math.max(...walls) }
        })
        const overlap = Math.max(...ranges.map((r) => r.min)) <= Math.min(...ranges.map((r) => r.max))
        return (
          `Spread of wall times across storms: ${ranges.map((r) => `${r.id} ${num(r.min)}–${num(r.max)} ms`).join(', ')}. ` +
          (repeats < 2
            ? 'One storm per plugin (quick mode): not enough to tell plugins apart. '
            : overlap
              ? 'The ranges overlap: no plugin is measurably faster in a storm (it is dominated by TLS and kafkajs); the difference that remains is in credential calls. '
              : 'The ranges do not all overlap: see the medians. ')
        )
      })() +
        'No rate limit is configured in the emulator here (MSK would refuse most of such a storm with `Too many connects`, about 20 new connections per second per broker); ' +
        'this measures the client and broker cost of the storm itself.',
    ].join('\n')
    const headline = [
      [
        `4. storm of ${count}: wall ms / client CPU ms / credential calls`,
        ...PLUGINS.map((p) => {
          const rs = results.get(p.id)!
          return `${num(median(rs, (r) => r.wallMs))} / ${num(median(rs, (r) => r.clientCpuMs))} / ${num(median(rs, (r) => r.credentialCalls))}`
        }),
        `errors: ${PLUGINS.map((p) => results.get(p.id)!.reduce((a, r) => a + r.failedConnects + r.errorLogs, 0)).join(' / ')}`,
      ],
    ]
    return { title: `4. Connection storm: ${count} connections authenticating at once`, body, headline }
  } finally {
    await emulator.close()
  }
}
