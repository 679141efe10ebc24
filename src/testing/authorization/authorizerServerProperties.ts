import {
  AUTHORIZER_CLASS,
  AUTHORIZER_PROPERTY,
  DEFAULT_AUTHORIZER_REQUEST_TIMEOUT_MS,
  DEFAULT_POLL_WAIT_MS,
  UPSTREAM_JAAS_CONFIG,
  UPSTREAM_LISTENER_NAME,
  UPSTREAM_MECHANISM,
} from './constants.js'

/** The upstream listener every broker needs beside PLAINTEXT and CONTROLLER, bound to 127.0.0.1. */
export const UPSTREAM_LISTENER = { name: UPSTREAM_LISTENER_NAME, securityProtocol: 'SASL_PLAINTEXT' } as const

export interface AuthorizerPropertiesOptions {
  /** The decision service (DecisionService.url). */
  serviceUrl: string
  /** Default IAM_UPSTREAM; the launcher defines the listener itself (name, port, SASL_PLAINTEXT). */
  listenerName?: string
  /** One authorize call's bound; beyond it the broker denies. Default 5 s. */
  requestTimeoutMs?: number
  /** How long the authorizer's generation poll is held. Default 20 s. */
  pollWaitMs?: number
}

/**
 * The server.properties entries that load the authorizer and make the upstream listener accept the
 * emulator's unsecured OAUTHBEARER tokens with Kafka's default validator
 * (OAuthBearerUnsecuredValidatorCallbackHandler: no `…server.callback.handler.class` is set, and Kafka
 * 4.3 needs no allow-list for it). The listener itself (listeners, advertised.listeners, the
 * security protocol map) belongs to the launcher: add {@link UPSTREAM_LISTENER} there, on 127.0.0.1 only.
 * The jar goes on the broker's classpath (ensureAuthorizerJar()).
 */
export function authorizerServerProperties(options: AuthorizerPropertiesOptions): Record<string, string> {
  const listener = (options.listenerName ?? UPSTREAM_LISTENER_NAME).toLowerCase()
  const mechanism = UPSTREAM_MECHANISM.toLowerCase()
  return {
    'authorizer.class.name': AUTHORIZER_CLASS,
    [AUTHORIZER_PROPERTY.URL]: options.serviceUrl,
    [AUTHORIZER_PROPERTY.REQUEST_TIMEOUT_MS]: String(options.requestTimeoutMs ?? DEFAULT_AUTHORIZER_REQUEST_TIMEOUT_MS),
    [AUTHORIZER_PROPERTY.POLL_WAIT_MS]: String(options.pollWaitMs ?? DEFAULT_POLL_WAIT_MS),
    [`listener.name.${listener}.sasl.enabled.mechanisms`]: UPSTREAM_MECHANISM,
    [`listener.name.${listener}.${mechanism}.sasl.jaas.config`]: UPSTREAM_JAAS_CONFIG,
    // No re-authentication cap upstream: the emulator re-authenticates clients itself, and the principal of
    // an upstream connection (one client connection) never changes. Kafka still ends the session at the
    // token's exp, hence the long-lived token (UPSTREAM_TOKEN_LIFETIME_MS).
    [`listener.name.${listener}.${mechanism}.connections.max.reauth.ms`]: '0',
  }
}
