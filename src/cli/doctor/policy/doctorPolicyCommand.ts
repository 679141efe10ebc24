// `npx kafkajs-msk-iam doctor policy --policy FILE …`: reads the policy files and prints the report.
import { readFile } from 'node:fs/promises'
import { UsageError } from '../../parseCommandArgs.js'
import { DOCTOR_POLICY_USAGE, parseDoctorPolicyArgs } from './parseDoctorPolicyArgs.js'
import { type NamedDocument } from './inferCluster.js'
import { runDoctorPolicy } from './runDoctorPolicy.js'

export interface DoctorPolicyIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** Resolves to the exit code: 0 the workload would work, 1 it would fail, 2 bad arguments or files. */
export async function runDoctorPolicyCommand(
  argv: string[],
  io: DoctorPolicyIo,
  now: () => number = Date.now,
): Promise<number> {
  try {
    const options = parseDoctorPolicyArgs(argv)
    if (options.help) {
      io.stdout.write(DOCTOR_POLICY_USAGE)
      return 0
    }
    const identity: NamedDocument[] = []
    for (const file of options.policyFiles) {
      const content = await readJson(file, '--policy')
      const documents = Array.isArray(content) ? content : [content]
      documents.forEach((document, i) =>
        identity.push({ name: documents.length > 1 ? `${file}[${i}]` : file, document }),
      )
    }
    const clusterPolicy =
      options.clusterPolicyFile === undefined
        ? undefined
        : { name: options.clusterPolicyFile, document: await readJson(options.clusterPolicyFile, '--cluster-policy') }
    const report = runDoctorPolicy(options, identity, clusterPolicy, now())
    io.stdout.write(`${report.lines.join('\n')}\n`)
    return report.ok ? 0 : 1
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`doctor policy: ${error.message}\n\n${DOCTOR_POLICY_USAGE}`)
    return 2
  }
}

async function readJson(file: string, flag: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new UsageError(`${flag} ${file} is not JSON: ${(error as Error).message}`)
  }
}
