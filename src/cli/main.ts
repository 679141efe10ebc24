#!/usr/bin/env node
// `npx kafkajs-msk-iam <command>`: a thin dispatcher; each command lives in its own module and takes its
// arguments and output streams as parameters, so tests run them in-process.
import { PACKAGE_VERSION } from '../constants.js'

const USAGE = `kafkajs-msk-iam ${PACKAGE_VERSION}

Usage:
  kafkajs-msk-iam doctor --brokers host:port[,host:port] [options]   diagnose MSK IAM connectivity
  kafkajs-msk-iam doctor policy --policy FILE [workload options]     check IAM policies, no cluster needed
  kafkajs-msk-iam local [--brokers 3] [options]                      run a local MSK cluster (Kafka + emulator)
  kafkajs-msk-iam emulator --upstream host:port [options]            run the MSK IAM emulator in front of a Kafka
  kafkajs-msk-iam authorizer --out DIR --service-url URL             the authorizer jar and settings for your Kafka
  kafkajs-msk-iam <command> --help                                   options of a command
`

export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

type Command = (argv: string[], io: CliIo) => Promise<number>

// Each command is loaded when it runs: `doctor` on a user's machine never loads the emulator, and the reverse.
const commands: Record<string, () => Promise<Command>> = {
  emulator: async () => (await import('./emulatorCommand.js')).runEmulatorCommand,
  local: async () => (await import('./localCommand.js')).runLocalCommand,
  doctor: async () => (await import('./doctorCommand.js')).runDoctorCommand,
  authorizer: async () => (await import('./authorizerCommand.js')).runAuthorizerCommand,
}

/** Runs one CLI invocation and resolves to its exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${PACKAGE_VERSION}\n`)
    return 0
  }
  const load = name === undefined ? undefined : commands[name]
  if (!load) {
    ;(name === undefined || name === '--help' || name === '-h' ? io.stdout : io.stderr).write(USAGE)
    return name === undefined || name === '--help' || name === '-h' ? 0 : 2
  }
  return (await load())(rest, io)
}

if (typeof require !== 'undefined' && require.main === module) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`kafkajs-msk-iam: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
