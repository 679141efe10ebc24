import * as path from 'node:path'
import { LOG_LEVEL_PROPERTY } from './constants.js'

export interface JvmSettings {
  classpath: string[]
  log4jConfig: string
  heapMb: number
  /** C1 only (-XX:TieredStopAtLevel=1): starts faster, runs slower under sustained load. */
  fastJit: boolean
  logLevel: string
}

/** JVM options for a broker node or a Kafka tool, then `-cp`; the main class and its arguments follow. */
export function jvmArgs(settings: JvmSettings): string[] {
  return [
    `-Xmx${settings.heapMb}m`,
    `-Xms${Math.min(settings.heapMb, 64)}m`,
    // Serial GC: fewer threads and a faster start than G1 on a 2-core machine for a small heap.
    '-XX:+UseSerialGC',
    ...(settings.fastJit ? ['-XX:TieredStopAtLevel=1'] : []),
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${settings.log4jConfig}`,
    `-D${LOG_LEVEL_PROPERTY}=${settings.logLevel}`,
    '-cp',
    settings.classpath.join(path.delimiter),
  ]
}
