import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { STORAGE_FORMAT_TIMEOUT_MS } from './constants.js'
import { javaBin } from './checkJava.js'
import { jvmArgs, type JvmSettings } from './jvmArgs.js'
import { LocalKafkaError } from './LocalKafkaError.js'

/** A Kafka cluster id: base64url of 16 random bytes, never starting with '-' (Kafka's own rule). */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

/** A string Kafka accepts as cluster id: 16 bytes in base64url (22 characters, no padding). */
export function isClusterId(id: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/.test(id) && Buffer.from(id, 'base64url').length === 16
}

/** `kafka-storage format`: writes meta.properties and the bootstrap metadata into the node's log dir. */
export function formatStorage(settings: JvmSettings, clusterId: string, propsFile: string): Promise<void> {
  const args = [...jvmArgs(settings), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile]
  return new Promise((resolve, reject) => {
    execFile(javaBin(), args, { timeout: STORAGE_FORMAT_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (!error) return resolve()
      // Not error.message: it repeats the whole command line, classpath included.
      const e = error as { code?: number | string; signal?: string }
      reject(
        new LocalKafkaError(
          'KAFKA_START_FAILED',
          `kafka StorageTool format (${propsFile}) failed (${e.signal ?? e.code}): ${stderr.trim().split('\n')[0] ?? ''}`,
          { detail: `${stdout}${stderr}` },
        ),
      )
    })
  })
}
