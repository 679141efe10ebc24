// @confluentinc/kafka-javascript is installed by .ci/run only (its install builds librdkafka). Where it is
// missing, the type checks of the snippets and examples compile against this outline of the part they use,
// and say so; where it is installed, against its own types.
export const CONFLUENT = '@confluentinc/kafka-javascript'

export const CONFLUENT_OUTLINE = `
declare module '${CONFLUENT}' {
  export namespace KafkaJS {
    interface OAuthBearerToken { value: string; principal: string; lifetime: number }
    enum logLevel { NOTHING = 0, ERROR = 1, WARN = 2, INFO = 3, DEBUG = 4 }
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
    interface RecordMetadata { topicName: string; partition: number; baseOffset?: string }
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
}
`

export function isInstalled(name: string, root: string): boolean {
  try {
    require.resolve(`${name}/package.json`, { paths: [root] })
    return true
  } catch {
    return false
  }
}
