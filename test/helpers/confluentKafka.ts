// @confluentinc/kafka-javascript is not a devDependency: .ci/run installs it, since its install may have to
// build librdkafka. So its types are there only sometimes, and the tests that drive it load it by name and
// see it through this outline of the part they call: they type-check and lint the same with it or without.
// Where it is installed, test/unit/oauth/mskIamOAuthBearer.test.ts also checks our shape against its types.

export const CONFLUENT = '@confluentinc/kafka-javascript'

export interface ConfluentToken {
  value: string
  principal: string
  lifetime: number
}

/** The client's KafkaJS-compatible API, as far as the tests use it. */
export interface ConfluentKafkaJs {
  logLevel: { NOTHING: number }
  Kafka: new (config: {
    kafkaJS: {
      clientId: string
      brokers: string[]
      ssl: boolean
      sasl: { mechanism: 'oauthbearer'; oauthBearerProvider: () => Promise<ConfluentToken> }
      logLevel: number
    }
    [librdkafkaProperty: string]: unknown
  }) => {
    admin(): {
      connect(): Promise<void>
      createTopics(options: {
        topics: Array<{ topic: string; numPartitions: number; replicationFactor?: number }>
      }): Promise<boolean>
      disconnect(): Promise<void>
    }
    producer(): {
      connect(): Promise<void>
      send(record: { topic: string; messages: Array<{ value: string; partition?: number }> }): Promise<unknown>
      disconnect(): Promise<void>
    }
    consumer(config: { kafkaJS: { groupId: string; fromBeginning: boolean } }): {
      connect(): Promise<void>
      subscribe(options: { topics: string[] }): Promise<void>
      run(options: { eachMessage(payload: { message: { value: Buffer | null } }): Promise<void> }): Promise<void>
      disconnect(): Promise<void>
    }
  }
}

/** Why the client cannot be loaded here (its first line), or undefined when it can. */
export function confluentLoadError(): string | undefined {
  try {
    loadConfluent()
    return undefined
  } catch (error) {
    return (error as Error).message.split('\n')[0]
  }
}

/**
 * The client's KafkaJS API, through jest's own module registry: CommonJS with a native addon, and the client's
 * instanceof checks must see the objects the test makes.
 */
export function loadConfluent(): ConfluentKafkaJs {
  return jest.requireActual<{ KafkaJS: ConfluentKafkaJs }>(CONFLUENT).KafkaJS
}
