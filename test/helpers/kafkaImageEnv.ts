// How the apache/kafka image turns its environment into server.properties, for the tests of what we hand
// Docker users (docker-compose.yml, `kafkajs-msk-iam authorizer`'s KAFKA_* lines). The image cannot run
// here; this is its rule as apache/kafka writes it in docker/resources/utility/utility.go
// (`utility render-properties /etc/kafka/docker/kafka-propertiesSpec.json`, run by the image's `configure`):
// - the environment is read as `NAME=VALUE` lines split at every `=`, and only lines with exactly two parts
//   are kept (ListToMap): a variable whose value holds a `=` is dropped without a word;
// - names starting with `KAFKA` (and not in the spec's excludes) become properties: the prefix and the
//   character after it are cut, each `_` between two other characters becomes `.`, then `___` → `-`,
//   `__` → `_`, lower case (ConvertKey). `[^_]_[^_]` is replaced left to right without overlap, as Go's
//   ReplaceAllStringFunc does and JavaScript's global replace does too.

/** kafka-propertiesSpec.json's `excludes`: read by the image's scripts, not written as properties. */
export const IMAGE_EXCLUDED_VARIABLES = new Set([
  'KAFKA_VERSION',
  'KAFKA_HEAP_OPT',
  'KAFKA_LOG4J_OPTS',
  'KAFKA_OPTS',
  'KAFKA_JMX_OPTS',
  'KAFKA_JVM_PERFORMANCE_OPTS',
  'KAFKA_GC_LOG_OPTS',
  'KAFKA_LOG4J_ROOT_LOGLEVEL',
  'KAFKA_LOG4J_LOGGERS',
  'KAFKA_TOOLS_LOG4J_LOGLEVEL',
])

/** The property a KAFKA_* variable name becomes (ConvertKey, after the prefix is cut). */
export function imagePropertyName(variable: string): string {
  return variable
    .slice('KAFKA_'.length)
    .replace(/[^_]_[^_]/g, (m) => m.replace('_', '.'))
    .replace(/___/g, '-')
    .replace(/__/g, '_')
    .toLowerCase()
}

/** Whether the image keeps `NAME=value` at all (ListToMap's two-part rule). */
export const imageKeepsVariable = (name: string, value: string): boolean => `${name}=${value}`.split('=').length === 2

/** The server.properties the image writes for `environment`, and the variables it dropped. */
export function imageServerProperties(environment: Record<string, string | number>): {
  properties: Record<string, string>
  dropped: string[]
} {
  const properties: Record<string, string> = {}
  const dropped: string[] = []
  for (const [name, raw] of Object.entries(environment)) {
    const value = String(raw)
    if (!imageKeepsVariable(name, value)) {
      dropped.push(name)
      continue
    }
    if (name.startsWith('KAFKA') && !IMAGE_EXCLUDED_VARIABLES.has(name)) properties[imagePropertyName(name)] = value
  }
  return { properties, dropped }
}
