// The slice of kafkajs's SASL plug-in interface this package uses, declared here so that kafkajs stays an
// optional peer at type level too (it mirrors kafkajs 2.2.4's types/index.d.ts).

/** kafkajs's logger, as handed to an authentication provider. */
export interface KafkaLogger {
  info(message: string, extra?: object): void
  error(message: string, extra?: object): void
  warn(message: string, extra?: object): void
  debug(message: string, extra?: object): void
}

export interface SaslAuthenticationRequest {
  encode: () => Buffer | Promise<Buffer>
}

export interface SaslAuthenticationResponse<ParseResult> {
  decode: (rawResponse: Buffer) => Buffer | Promise<Buffer>
  parse: (data: Buffer) => ParseResult
}

/** What kafkajs passes to `authenticationProvider` for each (re-)authentication. */
export interface SaslAuthenticateArgs {
  host: string
  port: number
  logger: KafkaLogger
  saslAuthenticate: <ParseResult>(args: {
    request: SaslAuthenticationRequest
    response?: SaslAuthenticationResponse<ParseResult>
  }) => Promise<ParseResult | void>
}

/** kafkajs's `sasl` option for a custom mechanism. */
export interface KafkaSaslMechanism {
  mechanism: string
  authenticationProvider: (args: SaslAuthenticateArgs) => { authenticate: () => Promise<void> }
}
