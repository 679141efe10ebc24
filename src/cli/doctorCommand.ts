// `npx kafkajs-msk-iam doctor --brokers host:port[,…]`: diagnoses MSK IAM connectivity step by step (DNS,
// TCP, TLS, SASL mechanisms, a real authentication, Metadata and every broker it advertises, optionally the
// caller identity, and the clock) and explains each known failure in plain words.
import { readFile } from 'node:fs/promises'
import { isMskIamError } from '../errors.js'
import { describeCause, redact } from '../redact.js'
import { DOCTOR_USAGE, parseDoctorArgs } from './doctor/parseDoctorArgs.js'
import { UsageError } from './parseCommandArgs.js'
import { renderJson, renderText } from './doctor/report/renderReport.js'
import { runDoctor } from './doctor/runDoctor.js'
import { doctorSetup } from './doctor/doctorSetup.js'

export interface DoctorIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/**
 * Runs the doctor and resolves to its exit code: 0 when every check passed, 1 when one failed, 2 for bad
 * arguments. `env` (default process.env) supplies the credentials and the test hooks, so tests can run it
 * in-process with their own.
 */
export async function runDoctorCommand(
  argv: string[],
  io: DoctorIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (argv[0] === 'policy') {
    const { runDoctorPolicyCommand } = await import('./doctor/policy/doctorPolicyCommand.js')
    return runDoctorPolicyCommand(argv.slice(1), io)
  }
  let options
  let setup
  let ca: string | undefined
  try {
    options = parseDoctorArgs(argv)
    if (options.help) {
      io.stdout.write(DOCTOR_USAGE)
      return 0
    }
    setup = doctorSetup(options, env)
    if (options.caFile !== undefined) ca = await readCa(options.caFile)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`doctor: ${error.message}\n\n${DOCTOR_USAGE}`)
    return 2
  }
  let result
  try {
    result = await runDoctor(options, setup, ca)
  } catch (error) {
    if (isMskIamError(error) && error.code === 'INVALID_OPTIONS') {
      io.stderr.write(`doctor: ${redact(error.message.replace(/^awsMskIam\(\): /, ''))}\n`)
      return 2
    }
    io.stderr.write(`doctor: unexpected failure: ${describeCause(error)}\n`)
    return 1
  }
  io.stdout.write(options.json ? renderJson(result.report, result.secrets) : renderText(result.report, result.secrets))
  return result.report.ok ? 0 : 1
}

async function readCa(file: string): Promise<string> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`--ca ${file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`)
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${file} holds no PEM certificate`)
  return text
}
