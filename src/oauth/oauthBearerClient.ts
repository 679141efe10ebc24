import { forgetCredentialsAfter, type AuthenticatorDeps } from '../authenticator.js'
import { OAUTHBEARER_MECHANISM_NAME } from '../constants.js'
import type { SaslClient } from '../saslClient.js'
import type { OAuthTokenCache } from './OAuthTokenCache.js'
import { encodeOAuthBearerMessage, readOAuthBearerAnswer } from './oauthBearerMessage.js'

/**
 * The OAUTHBEARER client: the token (not tied to a broker) comes from the instance's token cache, wrapped
 * in the RFC 7628 client message.
 */
export function oauthBearerClient(tokens: OAuthTokenCache, deps: AuthenticatorDeps): SaslClient {
  return {
    mechanism: OAUTHBEARER_MECHANISM_NAME,
    token: async () => {
      const { token, region, accessKeyId } = await tokens.getSigned()
      return { bytes: encodeOAuthBearerMessage(token.value), region, accessKeyId }
    },
    readAnswer: readOAuthBearerAnswer,
    refused: (error) => {
      // A token signed with credentials that had to go is just as short-lived.
      if (forgetCredentialsAfter(error, deps.credentials)) tokens.invalidate()
    },
  }
}
