import type { EmulatorIdentity } from '../testing/verifier/types.js'

/** What the emulator and local commands print once they are ready. */
export interface BannerFacts {
  title: string
  /** MSK-shaped `host:port` of every broker (or the bootstrap name). */
  bootstrapBrokers: string[]
  /** `localhost:port` of the same listeners: they answer in localhost terms, so no name resolution is needed. */
  localhostBrokers: string[]
  /** Every advertised name, for a hosts file. */
  names: string[]
  region: string
  identity: EmulatorIdentity
  caFile: string | undefined
  clusterArn?: string
  /** How Kafka requests are authorized, in one line. */
  authorization?: string
  warnings: string[]
  stopHint: string
}

/**
 * The ready banner: where the cluster is, the identity it accepts (its secret included: it is a local
 * test identity the emulator made up, or one the user gave it), and a kafkajs config that works as pasted.
 */
export function localClusterBanner(f: BannerFacts): string {
  const { identity } = f
  const credentials = [
    `accessKeyId: '${identity.accessKeyId}'`,
    `secretAccessKey: '${identity.secretAccessKey}'`,
    ...(identity.sessionToken === undefined ? [] : [`sessionToken: '${identity.sessionToken}'`]),
  ].join(', ')
  const ca = f.caFile === undefined ? '<the CA file>' : f.caFile
  const lines = [
    f.title,
    ...(f.clusterArn === undefined ? [] : [`  cluster ARN        ${f.clusterArn}`]),
    `  bootstrap brokers  ${f.bootstrapBrokers.join(',')}`,
    `  via localhost      ${f.localhostBrokers.join(',')}`,
    `  CA certificate     ${f.caFile ?? '(not written: pass --ca-out FILE)'}`,
    `  identity           access key id ${identity.accessKeyId}, secret access key ${identity.secretAccessKey}` +
      (identity.sessionToken === undefined ? '' : ', with a session token'),
    `                     principal ${identity.principalArn}`,
    ...(f.authorization === undefined ? [] : [`  authorization      ${f.authorization}`]),
    `  MSK names          resolve them to 127.0.0.1 to use them: a socketFactory with a lookup, or /etc/hosts:`,
    `                     127.0.0.1 ${f.names.join(' ')}`,
    ...f.warnings.map((w) => `  warning            ${w}`),
    '',
    'kafkajs config (works as pasted; connecting as localhost needs no name resolution):',
    '',
    "  import { readFileSync } from 'node:fs'",
    "  import { Kafka } from 'kafkajs'",
    "  import { awsMskIam } from 'kafkajs-msk-iam'",
    '',
    '  const kafka = new Kafka({',
    "    clientId: 'my-app',",
    `    brokers: [${f.localhostBrokers.map((b) => `'${b}'`).join(', ')}],`,
    `    ssl: { ca: [readFileSync('${ca}', 'utf8')] },`,
    `    sasl: awsMskIam({ region: '${f.region}', credentials: { ${credentials} } }),`,
    '  })',
    '',
    f.stopHint,
    '',
  ]
  return lines.join('\n')
}
