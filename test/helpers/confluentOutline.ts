// @confluentinc/kafka-javascript is installed by .ci/run only (its install builds librdkafka). Where it is
// missing, the type checks of the snippets and examples compile against an outline of the part they use
// (confluentKafkaOutline.d.ts), and say so; where it is installed, against its own types.
import { readFileSync } from 'node:fs'
import path from 'node:path'

export const CONFLUENT = '@confluentinc/kafka-javascript'

/** test/helpers/confluentKafkaOutline.d.ts as an ambient module, for a program that adds it as a root. */
export const CONFLUENT_OUTLINE = `declare module '${CONFLUENT}' {\n${readFileSync(
  path.join(__dirname, 'confluentKafkaOutline.d.ts'),
  'utf8',
)}\n}\n`

export function isInstalled(name: string, root: string): boolean {
  try {
    require.resolve(`${name}/package.json`, { paths: [root] })
    return true
  } catch {
    return false
  }
}
