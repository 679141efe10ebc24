// Section 1: what one kafkajs authentication costs each plugin on the client, network excluded.
import { CreatePayload } from '@jm18457/kafkajs-msk-iam-authentication-mechanism/lib/create-payload'
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js'
import { DEFAULT_USER_AGENT } from '../../src/constants.js'
import { signOAuthToken } from '../../src/oauth/oauthToken.js'
import { createPayload } from '../../src/payload.js'
import type { BenchContext, SectionResult } from '../lib/context.js'
import { table } from '../lib/context.js'
import { STATIC_CREDENTIALS } from '../lib/credentials.js'
import { fakeAuthenticator } from '../lib/fakeSasl.js'
import { PLUGINS, REGION, pluginById, ratiosFor, type PluginId } from '../lib/plugins.js'
import { num, ratio, summarize, usSince, type Summary } from '../lib/stats.js'

export const BROKER_HOST = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'

type Op = () => Promise<unknown>

/** Interleaved rounds (A B C A B C …) after a warm-up, so that drift (turbo, GC, other load) hits all alike. */
async function measureInterleaved(
  ops: Array<{ id: string; op: Op }>,
  warmup: number,
  iterations: number,
  rounds: number,
): Promise<Map<string, Summary>> {
  const samples = new Map(ops.map(({ id }) => [id, [] as number[]]))
  for (const { op } of ops) for (let i = 0; i < warmup; i++) await op()
  const perRound = Math.ceil(iterations / rounds)
  for (let round = 0; round < rounds; round++) {
    for (const { id, op } of ops) {
      global.gc?.()
      const out = samples.get(id)!
      for (let i = 0; i < perRound; i++) {
        const start = process.hrtime.bigint()
        await op()
        out.push(usSince(start))
      }
    }
  }
  return new Map([...samples].map(([id, s]) => [id, summarize(s)]))
}

export async function signingSection(ctx: BenchContext): Promise<SectionResult> {
  const started = Date.now()
  const iterations = ctx.quick ? 2_000 : 10_000
  const warmup = ctx.quick ? 300 : 2_000
  const rounds = 5

  // 1a. The whole kafkajs authentication as kafkajs runs it (authenticationProvider(args).authenticate()).
  const authOps = PLUGINS.map((plugin) => {
    const auth = fakeAuthenticator(plugin.sasl(STATIC_CREDENTIALS))
    return { id: plugin.id, op: () => auth.authenticate(BROKER_HOST) }
  })
  ctx.log(`  1a: ${iterations} authentications per plugin (after ${warmup} warm-up), ${rounds} interleaved rounds`)
  const full = await measureInterleaved(authOps, warmup, iterations, rounds)

  // 1b. The signing call alone, to show where the time goes (internal entry points, for explanation only).
  const jmPayload = new CreatePayload({ region: REGION, credentials: STATIC_CREDENTIALS })
  const signerProvider = async () => STATIC_CREDENTIALS
  const rawOps: Array<{ id: PluginId; op: Op }> = [
    {
      id: 'ours',
      op: () =>
        createPayload({
          host: BROKER_HOST,
          region: REGION,
          credentials: STATIC_CREDENTIALS,
          now: Date.now(),
          userAgent: DEFAULT_USER_AGENT,
        }),
    },
    {
      id: 'ours-oauth',
      op: () =>
        signOAuthToken({
          region: REGION,
          credentials: STATIC_CREDENTIALS,
          now: Date.now(),
          userAgent: DEFAULT_USER_AGENT,
        }),
    },
    { id: 'jm18457', op: () => jmPayload.create({ brokerHost: BROKER_HOST }) },
    {
      id: 'signer',
      op: () => generateAuthTokenFromCredentialsProvider({ region: REGION, awsCredentialsProvider: signerProvider }),
    },
  ]
  const rawIterations = Math.round(iterations / 2)
  ctx.log(`  1b: ${rawIterations} bare signing calls per plugin`)
  const raw = await measureInterleaved(rawOps, Math.round(warmup / 2), rawIterations, rounds)

  const o = full.get('ours')!
  ctx.shared.set('signing.ours.medianUs', o.median)
  const how = `hrtime around each awaited call; ${iterations} per plugin in ${rounds} interleaved rounds after ${warmup} warm-up; --expose-gc, gc() before each round`
  const rows = PLUGINS.map((plugin) => {
    const s = full.get(plugin.id)!
    return [
      plugin.label,
      plugin.mechanism,
      num(s.median),
      num(s.p99),
      num(s.mean),
      num(1e6 / s.mean, 3),
      `median ${ratiosFor(plugin, (id) => full.get(id)!.median, ratio)}`,
      `p99 ${ratiosFor(plugin, (id) => full.get(id)!.p99, ratio)}`,
      ctx.machine.short,
    ]
  })
  const rawRows = rawOps.map(({ id }) => {
    const s = raw.get(id)!
    const plugin = pluginById(id)
    const what = {
      ours: 'createPayload() (src/payload.ts): SigV4 presign with @smithy/signature-v4 + node:crypto, JSON string',
      'ours-oauth':
        'signOAuthToken() (src/oauth/oauthToken.ts): the same presign for kafka.<region>.amazonaws.com, URL, base64url',
      jm18457: 'new CreatePayload(opts) once, then .create({ brokerHost }) per call (@aws-crypto/sha256-js, pure JS)',
      signer:
        'generateAuthTokenFromCredentialsProvider(): new SignatureV4 per call (@aws-crypto/sha256-js), presign, formatUrl, base64url',
    }[id]
    return [
      plugin.label,
      what,
      num(s.median),
      num(s.p99),
      `median ${ratiosFor(plugin, (x) => raw.get(x)!.median, ratio)}`,
      ctx.machine.short,
    ]
  })
  const body = [
    `**What**: the client-side cost of one authentication as kafkajs runs it: \`sasl.authenticationProvider({ host, port, logger, saslAuthenticate }).authenticate()\` ` +
      `(for the signer: kafkajs's own OAUTHBEARER authenticator calling the README's \`oauthBearerProvider\`), with a \`saslAuthenticate\` that calls \`request.encode()\` ` +
      `and hands back a canned successful answer framed as kafkajs frames it, so the network is excluded and everything the plugin does is included ` +
      `(credential lookup, region, signing, JSON/base64 encoding, response parsing, log calls on a kafkajs logger at kafkajs's default INFO level with output discarded). ` +
      `Same static credentials (access key, secret, session token) for all three; broker host \`${BROKER_HOST}\`.`,
    `**How**: ${how}.`,
    '',
    table(
      [
        'Plugin',
        'Mechanism',
        'median µs/op',
        'p99 µs/op',
        'mean µs/op',
        'ops/s (1/mean)',
        'ratio ours / peer (median)',
        'ratio ours / peer (p99)',
        'Machine',
      ],
      rows,
    ),
    '',
    `Where the time goes: the signing call alone (${rawIterations} calls per plugin, same method). These are internal entry points, shown only to explain the rows above.`,
    '',
    table(['Plugin', 'Call measured', 'median µs/op', 'p99 µs/op', 'ratio ours / peer', 'Machine'], rawRows),
    '',
    `Reading the OAUTHBEARER rows: \`mskIamOAuthBearer()\` reuses one token until less than max(20 % of its lifetime, 5 min) is left, ` +
      `so a kafkajs authentication with it normally costs a cache lookup and the SASL framing, not a signature; the signer, as its README wires it, ` +
      `signs a new token on every authentication. The bare-signing table compares the signature work itself (\`signOAuthToken\` vs ` +
      `\`generateAuthTokenFromCredentialsProvider\`).`,
  ].join('\n')
  const headline = [
    [
      '1. authentication µs/op, median (p99)',
      ...PLUGINS.map((p) => `${num(full.get(p.id)!.median)} (${num(full.get(p.id)!.p99)})`),
      'kafkajs authenticate(), no network',
    ],
    ['1. bare signing µs/op, median', ...PLUGINS.map((p) => num(raw.get(p.id)!.median)), 'one fresh signature each'],
  ]
  return {
    title: '1. Signing: client-side cost of one authentication',
    body,
    headline,
    seconds: (Date.now() - started) / 1000,
  }
}
