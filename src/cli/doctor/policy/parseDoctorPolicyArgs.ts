// `kafkajs-msk-iam doctor policy` arguments.
import { parseClusterArn } from '../../../iam/msk/mskArn.js'
import { type MskCluster } from '../../../iam/msk/mskArn.js'
import { parseCommandArgs, UsageError, type CommandArgsSpec } from '../../parseCommandArgs.js'

export interface DoctorPolicyOptions {
  policyFiles: string[]
  clusterPolicyFile: string | undefined
  cluster: MskCluster | undefined
  principalArn: string | undefined
  produce: string[]
  consume: string[]
  group: string | undefined
  idempotent: boolean
  transactionalId: string | undefined
  admin: boolean
  help: boolean
}

const SPEC: CommandArgsSpec = {
  values: ['policy', 'cluster-policy', 'cluster-arn', 'principal', 'produce', 'consume', 'group', 'transactional-id'],
  switches: ['idempotent', 'admin', 'help'],
  repeatable: ['policy', 'produce', 'consume'],
}

export function parseDoctorPolicyArgs(argv: readonly string[]): DoctorPolicyOptions {
  const args = parseCommandArgs(argv, SPEC)
  const flags = args.switches
  const values = args.lists
  const help = flags.has('help')
  const single = (name: string): string | undefined => args.values.get(name)
  const policyFiles = values.get('policy') ?? []
  if (policyFiles.length === 0 && !help) throw new UsageError('--policy FILE is required')
  const clusterText = single('cluster-arn')
  const cluster = clusterText === undefined ? undefined : parseClusterArn(clusterText)
  if (clusterText !== undefined && !cluster)
    throw new UsageError(
      `--cluster-arn must be a cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>), got "${clusterText}"`,
    )
  const principalArn = single('principal')
  if (principalArn !== undefined && !/^arn:[^:]+:(iam|sts)::\d{12}:.+/.test(principalArn))
    throw new UsageError(`--principal must be an IAM or STS ARN, got "${principalArn}"`)
  const consume = values.get('consume') ?? []
  const group = single('group')
  if (consume.length > 0 && group === undefined) throw new UsageError('--consume needs --group GROUP')
  const produce = values.get('produce') ?? []
  const transactionalId = single('transactional-id')
  if ((flags.has('idempotent') || transactionalId !== undefined) && produce.length === 0)
    throw new UsageError('--idempotent and --transactional-id need --produce TOPIC')
  return {
    policyFiles,
    clusterPolicyFile: single('cluster-policy'),
    cluster,
    principalArn,
    produce,
    consume,
    group,
    idempotent: flags.has('idempotent'),
    transactionalId,
    admin: flags.has('admin'),
    help,
  }
}

export const DOCTOR_POLICY_USAGE = `Usage: kafkajs-msk-iam doctor policy --policy FILE [options]

Checks IAM policies for MSK without any cluster: which actions and resources a workload is missing, and
which statements grant nothing. Prints one finding per line and the statement to add; exits 0 when the
workload would work (without a workload: when no statement is broken), 1 when it would fail, 2 for bad
arguments or unreadable files.

  --policy FILE            identity policy: a JSON document or an array of documents (repeatable)
  --cluster-policy FILE    the cluster's resource policy
  --cluster-arn ARN        the cluster (default: the cluster the policy names)
  --principal ARN          who calls (default: a role in the cluster's account)
  --produce TOPIC          produces to TOPIC (repeatable)
  --idempotent             ... as an idempotent producer (kafkajs idempotent: true; Java's default)
  --transactional-id ID    ... in transactions as ID (with --idempotent: kafkajs's idempotent: true beside
                           transactionalId, which also needs the idempotent producer's permission)
  --consume TOPIC          consumes TOPIC (repeatable) in --group GROUP
  --group GROUP            the consumer group
  --admin                  administers those topics (create, alter, configs, delete) and the group
`
