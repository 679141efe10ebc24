// Section 2: how often each plugin calls its credentials provider.
import type { BenchContext, SectionResult } from '../lib/context.js'
import { table } from '../lib/context.js'
import { countingProvider } from '../lib/credentials.js'
import { fakeAuthenticator } from '../lib/fakeSasl.js'
import { PLUGINS, ratiosFor, type Plugin } from '../lib/plugins.js'
import { ratio } from '../lib/stats.js'

const PROVIDER_LATENCY_MS = 2
const CONNECTIONS = 50
const PER_CONNECTION = 20
const CONCURRENT = 500

const hostOf = (i: number): string => `b-${(i % 3) + 1}.local.abc123.c1.kafka.us-east-1.amazonaws.com`

interface Outcome {
  calls: number
  authentications: number
  failed: number
  ms: number
}

/** 50 connections at once, each authenticating 20 times in a row (its first authentication, then re-authentications). */
async function spread(plugin: Plugin): Promise<Outcome> {
  const provider = countingProvider(PROVIDER_LATENCY_MS)
  const sasl = plugin.sasl(provider)
  let failed = 0
  const started = Date.now()
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      // kafkajs hands each connection the same sasl object; each authentication runs authenticationProvider(args).authenticate().
      const connection = fakeAuthenticator(sasl, 9098 + c)
      for (let i = 0; i < PER_CONNECTION; i++) await connection.authenticate(hostOf(c)).catch(() => failed++)
    }),
  )
  return { calls: provider.calls, authentications: CONNECTIONS * PER_CONNECTION, failed, ms: Date.now() - started }
}

/** 500 connections authenticating at the same moment, on a fresh plugin instance (cold cache: a service starting). */
async function concurrent(plugin: Plugin): Promise<Outcome> {
  const provider = countingProvider(PROVIDER_LATENCY_MS)
  const sasl = plugin.sasl(provider)
  let failed = 0
  const started = Date.now()
  await Promise.all(
    Array.from({ length: CONCURRENT }, (_, c) =>
      fakeAuthenticator(sasl, 9098)
        .authenticate(hostOf(c))
        .catch(() => failed++),
    ),
  )
  return { calls: provider.calls, authentications: CONCURRENT, failed, ms: Date.now() - started }
}

export async function credentialCallsSection(ctx: BenchContext): Promise<SectionResult> {
  const results = new Map<string, { spread: Outcome; concurrent: Outcome }>()
  for (const plugin of PLUGINS) {
    results.set(plugin.id, { spread: await spread(plugin), concurrent: await concurrent(plugin) })
  }
  const howCounted: Record<string, string> = {
    ours: 'awsMskIam({ credentials: provider }): the provider is wrapped in the per-instance credential cache',
    'ours-oauth':
      'mskIamOAuthBearer({ credentials: provider, region }).kafkajs(): same credential cache, plus a token cache',
    jm18457: 'createMechanism({ region, credentials: provider }): its documented `credentials` option takes a provider',
    signer:
      "generateAuthTokenFromCredentialsProvider({ region, awsCredentialsProvider: provider }) inside the README's oauthBearerProvider",
  }
  const row = (plugin: Plugin, kind: 'spread' | 'concurrent'): Array<string> => {
    const r = results.get(plugin.id)![kind]
    return [
      plugin.label,
      kind === 'spread'
        ? `${CONNECTIONS * PER_CONNECTION} authentications over ${CONNECTIONS} connections`
        : `${CONCURRENT} concurrent authentications, cold start`,
      String(r.calls),
      (r.calls / r.authentications).toFixed(3),
      String(r.failed),
      ratiosFor(plugin, (id) => results.get(id)![kind].calls, ratio),
      howCounted[plugin.id]!,
      ctx.machine.short,
    ]
  }
  const rows = [...PLUGINS.map((p) => row(p, 'spread')), ...PLUGINS.map((p) => row(p, 'concurrent'))]
  const body = [
    `**What**: calls of the credentials provider. The provider counts its calls and, like the SDK's instance-metadata or STS providers, ` +
      `answers after ${PROVIDER_LATENCY_MS} ms with temporary credentials valid for one more hour (with an \`expiration\`). ` +
      `Each plugin instance is fresh (nothing cached before the first authentication).`,
    `**How**: authentications run exactly as in section 1 (kafkajs's \`authenticationProvider(args).authenticate()\`, no network). ` +
      `"Over ${CONNECTIONS} connections": ${CONNECTIONS} connections start together, each authenticating ${PER_CONNECTION} times in a row ` +
      `(its first authentication, then re-authentications), as kafkajs does on long-lived connections. ` +
      `"Concurrent": ${CONCURRENT} authentications started in the same tick on one plugin instance.`,
    '',
    table(
      [
        'Plugin',
        'Scenario',
        'provider calls',
        'calls per authentication',
        'failed',
        'ratio ours / peer (calls)',
        'How the provider was given',
        'Machine',
      ],
      rows,
    ),
    '',
    'Why: jm18457 reads the provider itself and then hands the same provider to `SignatureV4`, which calls it again while signing: ' +
      'two calls per authentication, and the two can return different credentials if the provider rotates between them. ' +
      'The signer calls the provider once per token and kafkajs asks for a token on every authentication. ' +
      'This package calls it once per instance while the credentials are fresh; concurrent first authentications share one in-flight call ' +
      '(both of its mechanisms share the same credential cache code).',
  ].join('\n')
  const headline = [
    [
      `2. provider calls, ${CONNECTIONS * PER_CONNECTION} auths / ${CONNECTIONS} conns`,
      ...PLUGINS.map((p) => String(results.get(p.id)!.spread.calls)),
      'fewer is better',
    ],
    [
      `2. provider calls, ${CONCURRENT} concurrent auths`,
      ...PLUGINS.map((p) => String(results.get(p.id)!.concurrent.calls)),
      'cold start',
    ],
  ]
  return { title: '2. Credential provider calls', body, headline }
}
