// `kafkajs-msk-iam doctor policy` arguments.
import { parseClusterArn } from '../../../iam/msk/mskArn.js'
import { type MskCluster } from '../../../iam/msk/mskArn.js'
import { DoctorUsageError } from '../parseDoctorArgs.js'

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

const VALUE_FLAGS = new Set([
  'policy',
  'cluster-policy',
  'cluster-arn',
  'principal',
  'produce',
  'consume',
  'group',
  'transactional-id',
])
const REPEATABLE = new Set(['policy', 'produce', 'consume'])
const BOOLEAN_FLAGS = new Set(['idempotent', 'admin', 'help'])

export function parseDoctorPolicyArgs(argv: readonly string[]): DoctorPolicyOptions {
  const values = new Map<string, string[]>()
  const flags = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '-h') {
      flags.add('help')
      continue
    }
    if (!arg.startsWith('--')) throw new DoctorUsageError(`unexpected argument "${arg}"`)
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq !== -1) throw new DoctorUsageError(`--${name} takes no value`)
      flags.add(name)
      continue
    }
    if (!VALUE_FLAGS.has(name)) throw new DoctorUsageError(`unknown option --${name}`)
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--')))
      throw new DoctorUsageError(`--${name} needs a value`)
    const list = values.get(name) ?? []
    if (list.length > 0 && !REPEATABLE.has(name)) throw new DoctorUsageError(`--${name} was given more than once`)
    values.set(name, [...list, value])
  }
  const help = flags.has('help')
  const single = (name: string) => values.get(name)?.[0]
  const policyFiles = values.get('policy') ?? []
  if (policyFiles.length === 0 && !help) throw new DoctorUsageError('--policy FILE is required')
  const clusterText = single('cluster-arn')
  const cluster = clusterText === undefined ? undefined : parseClusterArn(clusterText)
  if (clusterText !== undefined && !cluster)
    throw new DoctorUsageError(
      `--cluster-arn must be a cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>), got "${clusterText}"`,
    )
  const principalArn = single('principal')
  if (principalArn !== undefined && !/^arn:[^:]+:(iam|sts)::\d{12}:.+/.test(principalArn))
    throw new DoctorUsageError(`--principal must be an IAM or STS ARN, got "${principalArn}"`)
  const consume = values.get('consume') ?? []
  const group = single('group')
  if (consume.length > 0 && group === undefined) throw new DoctorUsageError('--consume needs --group GROUP')
  const produce = values.get('produce') ?? []
  const transactionalId = single('transactional-id')
  if ((flags.has('idempotent') || transactionalId !== undefined) && produce.length === 0)
    throw new DoctorUsageError('--idempotent and --transactional-id need --produce TOPIC')
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
