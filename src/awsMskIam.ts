import { authenticateOnce } from './authenticator.js'
import { awsMskIamClient } from './awsMskIamClient.js'
import { MECHANISM_NAME } from './constants.js'
import type { KafkaSaslMechanism } from './kafkajsTypes.js'
import type { AwsMskIamOptions } from './options.js'
import { SIGNER } from './reauth/signer.js'
import { createSigningContext } from './signingContext.js'

/** kafkajs's `sasl` value for AWS_MSK_IAM, as returned by {@link awsMskIam}. */
export interface AwsMskIamMechanism extends KafkaSaslMechanism {
  mechanism: 'AWS_MSK_IAM'
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
  const ctx = createSigningContext(options)
  const client = awsMskIamClient(ctx)
  const mechanism: AwsMskIamMechanism = {
    mechanism: MECHANISM_NAME,
    authenticationProvider: (args) => ({
      authenticate: async () => {
        // Background events happen outside any authentication: report them on the last logger kafkajs gave.
        ctx.setEventSink((level, message, extra) => args.logger[level](message, extra))
        await authenticateOnce(client, ctx.clock, args, args.logger)
      },
    }),
  }
  // Hidden from kafkajs (and from Object.keys): only proactiveReauthentication() reads it.
  Object.defineProperty(mechanism, SIGNER, { value: client, enumerable: false })
  return mechanism
}
