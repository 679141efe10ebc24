import { PACKAGE_NAME } from './constants.js'
import type { KafkaLogger } from './kafkajsTypes.js'

/**
 * A logger that writes warnings and errors, one line each (`kafkajs-msk-iam WARN <message> <extra JSON>`),
 * and drops debug and info: the default where no kafkajs logger is at hand. Extras never hold a secret.
 */
export function warningsLogger(write: (line: string) => void = (line) => void process.stderr.write(line)): KafkaLogger {
  const line = (level: string) => (message: string, extra?: object) =>
    write(`${PACKAGE_NAME} ${level} ${message}${extra === undefined ? '' : ` ${JSON.stringify(extra)}`}\n`)
  return { debug: () => undefined, info: () => undefined, warn: line('WARN'), error: line('ERROR') }
}
