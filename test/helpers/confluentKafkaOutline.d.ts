// An outline of the part of @confluentinc/kafka-javascript's types the examples and doc snippets use, for
// where it is not installed (only .ci/run installs it: its install builds librdkafka). examples/tsconfig.json
// falls back to this file when the package is missing; test/helpers/confluentOutline.ts wraps it for the
// snippet and example type checks.
export namespace KafkaJS {
  interface OAuthBearerToken {
    value: string
    principal: string
    lifetime: number
  }
  enum logLevel {
    NOTHING = 0,
    ERROR = 1,
    WARN = 2,
    INFO = 3,
    DEBUG = 4,
  }
  interface CommonConfig {
    kafkaJS?: {
      brokers: string[]
      clientId?: string
      ssl?: boolean
      sasl?: { mechanism: 'oauthbearer'; oauthBearerProvider: () => Promise<OAuthBearerToken> }
      logLevel?: logLevel
    }
    [librdkafkaProperty: string]: unknown
  }
  interface RecordMetadata {
    topicName: string
    partition: number
    baseOffset?: string
  }
  interface Producer {
    connect(): Promise<void>
    send(record: { topic: string; messages: Array<{ key?: string; value: string }> }): Promise<RecordMetadata[]>
    disconnect(): Promise<void>
  }
  class Kafka {
    constructor(config: CommonConfig)
    producer(): Producer
  }
}
