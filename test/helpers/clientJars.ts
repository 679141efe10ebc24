// The Java reference clients' jars (test-only, not shipped): Kafka's console producer and consumer
// (kafka-tools) with aws-msk-iam-auth, for conformance tests of our AWS_MSK_IAM / OAUTHBEARER code and of
// the emulator. A classpath of their own, apart from the broker's: the two pull different Jackson and
// AWS SDK versions, and neither should be tested against a mix of jars it was never built with.
import {
  jarsPom,
  kafkaBrokerJars,
  LOG4J_DEPENDENCIES,
  LOG4J2_FILE,
  LOG4J2_PROPERTIES,
} from '../../src/testing/kafka/kafkaBrokerJars.js'
import { KAFKA_VERSION } from '../../src/testing/kafka/constants.js'
import { resolveMavenJars } from '../../src/testing/kafka/resolveMavenJars.js'
import path from 'node:path'

const MSK_IAM_AUTH_VERSION = '2.3.9'
// aws-msk-iam-auth asks for Jackson 2.22.x, kafka-tools for 2.21.x: pin one whole Jackson release (Kafka's)
// so that databind, core, annotations and the dataformats never come from different versions.
const JACKSON_VERSION = '2.21.2'

const CLIENTS_POM = jarsPom(
  'kafka-clients',
  `
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>${KAFKA_VERSION}</version>
      <exclusions>
        <!-- Only the Connect tools need it; it drags in Jetty/Jersey (~50 jars) the console clients never load. -->
        <exclusion>
          <groupId>org.apache.kafka</groupId>
          <artifactId>connect-runtime</artifactId>
        </exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>software.amazon.msk</groupId>
      <artifactId>aws-msk-iam-auth</artifactId>
      <version>${MSK_IAM_AUTH_VERSION}</version>
    </dependency>${LOG4J_DEPENDENCIES}`,
  `  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.fasterxml.jackson</groupId>
        <artifactId>jackson-bom</artifactId>
        <version>${JACKSON_VERSION}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>`,
)

export interface ClientJars {
  classpath: string[]
  log4jConfig: string
}

/** The console clients' classpath, resolved into the per-user cache beside the broker's jars. */
export async function clientJars(): Promise<ClientJars> {
  const { dir, jars } = await resolveMavenJars({
    name: 'kafka-clients',
    pom: CLIENTS_POM,
    files: { [LOG4J2_FILE]: LOG4J2_PROPERTIES },
  })
  return { classpath: jars, log4jConfig: path.join(dir, LOG4J2_FILE) }
}

/** Both classpaths (for `scripts/kafka.mjs jars`). */
export async function allJars(): Promise<{ broker: string[]; clients: string[] }> {
  const [broker, clients] = await Promise.all([kafkaBrokerJars(), clientJars()])
  return { broker: broker.classpath, clients: clients.classpath }
}
