// The Kafka broker's jars: kafka_2.13 (the KRaft server, `kafka.Kafka`, `kafka.tools.StorageTool`) and
// a log4j2 backend, resolved from Maven Central by resolveMavenJars. The pom and the log4j2 config are
// kept here as text, not as files beside the code, so they ship inside the compiled module and work the
// same from dist/cjs, dist/esm and any bundle: nothing has to be found on disk next to this file.
import * as path from 'node:path'
import { KAFKA_VERSION, LOG4J_VERSION, LOG_LEVEL_PROPERTY, MAVEN_DEPENDENCY_PLUGIN_VERSION } from './constants.js'
import { resolveMavenJars, type MavenJarsSpec } from './resolveMavenJars.js'

/** A Maven dependency on log4j2 as slf4j 1.7's backend (Kafka 4 logs through slf4j 1.7). */
export const LOG4J_DEPENDENCIES = `
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>${LOG4J_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>${LOG4J_VERSION}</version>
    </dependency>`

/**
 * A pom that resolves nothing but copies `dependencies` (runtime scope) into `lib/` beside it:
 * `mvn -q -f pom.xml dependency:copy-dependencies`. `extra` goes into <project> (e.g. dependencyManagement).
 */
export function jarsPom(artifactId: string, dependencies: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafkajs-msk-iam.local</groupId>
  <artifactId>${artifactId}</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
${extra}
  <dependencies>${dependencies}
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>${MAVEN_DEPENDENCY_PLUGIN_VERSION}</version>
        <configuration>
          <includeScope>runtime</includeScope>
          <outputDirectory>\${project.basedir}/lib</outputDirectory>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
`
}

/**
 * Quiet logging for the brokers (and the Java console clients of the tests): everything to stderr, so a
 * console consumer's stdout carries only records. The level comes from -Dkafka.test.log.level.
 */
export const LOG4J2_PROPERTIES = `# Written by kafkajs-msk-iam's Kafka launcher.
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = \${sys:${LOG_LEVEL_PROPERTY}:-WARN}
rootLogger.appenderRef.err.ref = STDERR
`

export const LOG4J2_FILE = 'log4j2.properties'

// 4.4.0 is listed on Central but its kafka-tools and kafka-tools-api jars are missing there (kafka_2.13
// 4.4.0 needs kafka-tools-api), so it cannot be resolved yet: KAFKA_VERSION is the newest complete 4.x.
const BROKER: MavenJarsSpec = {
  name: 'kafka-broker',
  pom: jarsPom(
    'kafka-broker',
    `
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>${KAFKA_VERSION}</version>
    </dependency>${LOG4J_DEPENDENCIES}`,
  ),
  files: { [LOG4J2_FILE]: LOG4J2_PROPERTIES },
}

export interface KafkaBrokerJars {
  classpath: string[]
  /** The log4j2 config to pass as -Dlog4j2.configurationFile. */
  log4jConfig: string
}

/** The broker's classpath and log4j2 config; cold: one Maven run, warm: one directory listing. */
export async function kafkaBrokerJars(env: NodeJS.ProcessEnv = process.env): Promise<KafkaBrokerJars> {
  const { dir, jars } = await resolveMavenJars(BROKER, env)
  return { classpath: jars, log4jConfig: path.join(dir, LOG4J2_FILE) }
}
