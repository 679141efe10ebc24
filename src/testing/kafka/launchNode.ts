import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { javaBin } from './checkJava.js'
import { jvmArgs, type JvmSettings } from './jvmArgs.js'
import { LocalKafkaError } from './LocalKafkaError.js'

export interface NodeProcess {
  pid: number
  /** Resolves when the JVM has exited (and Node has reaped it). */
  exited: Promise<void>
  /**
   * The JVM is unref'd (a forgotten cluster must not keep Node alive; the 'exit' handler kills it): while
   * stopping it, call this, or Node may exit before the child's exit event arrives.
   */
  holdUntilExit(): void
  /** `exited (SIGKILL)`, `exited (1)`, or undefined while it runs. */
  exitStatus(): string | undefined
}

/** Starts `kafka.Kafka <propsFile>` as a child JVM whose stdout and stderr are appended to `logFile`. */
export function launchNode(settings: JvmSettings, propsFile: string, logFile: string): NodeProcess {
  const fd = openSync(logFile, 'a')
  let child
  try {
    // A file, not a pipe: the broker never blocks on a full pipe and does not keep Node's event loop alive.
    child = spawn(javaBin(), [...jvmArgs(settings), 'kafka.Kafka', propsFile], { stdio: ['ignore', fd, fd] })
  } finally {
    closeSync(fd)
  }
  child.unref()
  child.once('error', () => undefined) // reported through the exit status and the missing pid below
  const { pid } = child
  if (pid === undefined) throw new LocalKafkaError('KAFKA_START_FAILED', `could not spawn ${javaBin()}`)
  let status: string | undefined
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      status = `exited (${signal ?? code})`
      resolve()
    }),
  )
  return { pid, exited, exitStatus: () => status, holdUntilExit: () => void child.ref() }
}
