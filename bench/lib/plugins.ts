// The plugins under test, each driven the way its README tells kafkajs users to drive it, behind one shape:
// a kafkajs `sasl` value built from given credentials, and the authenticator kafkajs would run for it.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { createMechanism } from '@jm18457/kafkajs-msk-iam-authentication-mechanism'
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js'
import { awsMskIam, mskIamOAuthBearer } from '../../src/index.js'
import type { SaslAuthenticateArgs } from '../../src/kafkajsTypes.js'
import { packageVersion } from './machine.js'

// kafkajs's own OAUTHBEARER authenticator, exactly as kafkajs runs it for `mechanism: 'oauthbearer'`.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded as kafkajs loads it; the cast states its shape
const kafkajsOauthBearer = require('kafkajs/src/broker/saslAuthenticator/oauthBearer') as (
  sasl: object,
) => Authenticator

export type PluginId = 'ours' | 'ours-oauth' | 'jm18457' | 'signer'

export type Authenticator = (args: SaslAuthenticateArgs) => { authenticate: () => Promise<void> }

/** What kafkajs accepts as `sasl` (custom mechanism or built-in OAUTHBEARER). */
export type KafkaSasl = {
  mechanism: string
  authenticationProvider?: Authenticator
  oauthBearerProvider?: () => Promise<{ value: string }>
}

export interface Plugin {
  id: PluginId
  /** Package and version, for the report. */
  label: string
  /** The SASL mechanism on the wire. */
  mechanism: 'AWS_MSK_IAM' | 'OAUTHBEARER'
  /** Our plugin for the same mechanism: the one a peer is compared with. */
  counterpart: PluginId
  /** A fresh kafkajs `sasl` value (a fresh credential cache, for plugins that have one). */
  sasl(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider): KafkaSasl
}

export const REGION = 'us-east-1'

/** kafkajs's SASLAuthenticator: a custom mechanism's provider, else the built-in one for the mechanism. */
export function authenticatorOf(sasl: KafkaSasl): Authenticator {
  if (sasl.authenticationProvider) return sasl.authenticationProvider
  if (sasl.mechanism.toUpperCase() === 'OAUTHBEARER') return kafkajsOauthBearer(sasl)
  throw new Error(`no authenticator for ${sasl.mechanism}`)
}

const asProvider = (
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
): AwsCredentialIdentityProvider => (typeof credentials === 'function' ? credentials : async () => credentials)

export const OURS: Plugin = {
  id: 'ours',
  label: `kafkajs-msk-iam ${packageVersion('kafkajs-msk-iam', '../../package.json')} awsMskIam() (this package)`,
  mechanism: 'AWS_MSK_IAM',
  counterpart: 'ours',
  // Region inferred from the MSK broker name, as users run it.
  sasl: (credentials) => awsMskIam({ credentials }),
}

export const OURS_OAUTH: Plugin = {
  id: 'ours-oauth',
  label: `kafkajs-msk-iam ${packageVersion('kafkajs-msk-iam', '../../package.json')} mskIamOAuthBearer().kafkajs() (this package)`,
  mechanism: 'OAUTHBEARER',
  counterpart: 'ours-oauth',
  // A token is not tied to a broker: the region is an option (or AWS_REGION), as for the signer.
  sasl: (credentials) => mskIamOAuthBearer({ credentials, region: REGION }).kafkajs(),
}

export const JM18457: Plugin = {
  id: 'jm18457',
  label: `@jm18457/kafkajs-msk-iam-authentication-mechanism ${packageVersion('@jm18457/kafkajs-msk-iam-authentication-mechanism')}`,
  mechanism: 'AWS_MSK_IAM',
  counterpart: 'ours',
  // Its README: createMechanism({ region, credentials? }); credentials may be static or a provider.
  sasl: (credentials) => createMechanism({ region: REGION, credentials }) as unknown as KafkaSasl,
}

export const SIGNER: Plugin = {
  id: 'signer',
  label: `aws-msk-iam-sasl-signer-js ${packageVersion('aws-msk-iam-sasl-signer-js')} (OAUTHBEARER)`,
  mechanism: 'OAUTHBEARER',
  counterpart: 'ours-oauth',
  // Its README for kafkajs: `oauthbearer` with an oauthBearerProvider that signs a new token on every call
  // (kafkajs calls it on every authentication). generateAuthTokenFromCredentialsProvider is the README's
  // entry point for "bring your own credentials provider".
  sasl: (credentials) => {
    const awsCredentialsProvider = asProvider(credentials)
    return {
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => {
        const { token } = await generateAuthTokenFromCredentialsProvider({ region: REGION, awsCredentialsProvider })
        return { value: token }
      },
    }
  },
}

export const PLUGINS: Plugin[] = [OURS, OURS_OAUTH, JM18457, SIGNER]
export const PEERS: Plugin[] = [JM18457, SIGNER]
export const isOurs = (plugin: Plugin): boolean => plugin.id === 'ours' || plugin.id === 'ours-oauth'
export const pluginById = (id: PluginId): Plugin => PLUGINS.find((p) => p.id === id)!

/**
 * The ratio cell of a row: for our plugins, ours / each peer; for a peer, our plugin of the same mechanism
 * / that peer. `get` reads the measured cost (lower is better) of a plugin.
 */
export function ratiosFor(
  plugin: Plugin,
  get: (id: PluginId) => number,
  format: (ours: number, peer: number) => string,
): string {
  if (isOurs(plugin)) return PEERS.map((peer) => `vs ${peer.id}: ${format(get(plugin.id), get(peer.id))}`).join('; ')
  return `${plugin.counterpart} / ${plugin.id}: ${format(get(plugin.counterpart), get(plugin.id))}`
}
