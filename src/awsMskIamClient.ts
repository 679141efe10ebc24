import { forgetCredentialsAfter, type AuthenticatorDeps } from './authenticator.js'
import { MECHANISM_NAME } from './constants.js'
import { createPayload } from './payload.js'
import type { SaslClient } from './saslClient.js'
import { parseServerResponse } from './saslFraming.js'

/**
 * The AWS_MSK_IAM client: the token is the JSON payload presigned for the broker's own host name, in the
 * region of that host (or the configured one); the broker answers `{"version":…,"request-id":…}`.
 */
export function awsMskIamClient(deps: AuthenticatorDeps): SaslClient {
  return {
    mechanism: MECHANISM_NAME,
    token: async (host) => {
      const region = await deps.resolveRegion(host)
      const credentials = await deps.credentials.get()
      const payload = await createPayload({
        host,
        region,
        credentials,
        now: deps.clock.now(),
        userAgent: deps.userAgent,
      })
      return { bytes: Buffer.from(payload, 'utf8'), region, accessKeyId: credentials.accessKeyId }
    },
    readAnswer: (authBytes) => ({ requestId: parseServerResponse(authBytes).requestId }),
    refused: (error) => void forgetCredentialsAfter(error, deps.credentials),
  }
}
