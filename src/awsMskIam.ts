import { authenticateOnce } from './authenticator.js'
import { awsMskIamClient } from './awsMskIamClient.js'
import { MECHANISM_NAME } from './constants.js'
import { MechanismLogger } from './MechanismLogger.js'
import type { SaslClient } from './saslClient.js'
import type { KafkaSaslMechanism } from './kafkajsTypes.js'
import type { AwsMskIamOptions } from './options.js'
import type { RenewableSasl } from './reauth/types.js'
import { createSigningContext } from './signingContext.js'
import { warningsLogger } from './warningsLogger.js'

/** kafkajs's `sasl` value for AWS_MSK_IAM, as returned by {@link awsMskIam}. */
export interface AwsMskIamMechanism extends KafkaSaslMechanism, RenewableSasl {
  mechanism: 'AWS_MSK_IAM'
  /**
   * This instance's AWS_MSK_IAM client (its credential cache and region lookup), for
   * `proactiveReauthentication(sasl)`. kafkajs ignores it; keep it when copying or wrapping the object.
   */
  readonly saslClient: SaslClient
}

/**
 * The AWS_MSK_IAM SASL mechanism for kafkajs:
 * `new Kafka({ brokers, ssl: true, sasl: awsMskIam() })`.
 *
 * Build it once per client (or share it between clients): each instance holds one credential cache,
 * refreshed in the background before expiry, so authentications sign at once without network I/O.
 *
 * @throws {@link MskIamError} with code `INVALID_OPTIONS` when an option is malformed.
 */
export function awsMskIam(options: AwsMskIamOptions = {}): AwsMskIamMechanism {
  const log = new MechanismLogger(options.logger, warningsLogger())
  const ctx = createSigningContext(options, { onEvent: log.credentialEvents })
  const client = awsMskIamClient(ctx)
  return {
    mechanism: MECHANISM_NAME,
    saslClient: client,
    authenticationProvider: (args) => ({
      authenticate: async () =>
        void (await authenticateOnce(client, ctx.clock, args, log.forAuthentication(args.logger))),
    }),
  }
}
