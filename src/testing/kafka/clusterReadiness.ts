// When is a local cluster ready? When every running node answers Metadata listing exactly the running
// nodes (registered and unfenced), every partition has a leader and every running replica is back in its
// ISR (after a restart: caught up, so the next node of a rolling restart may go), and every partition of
// __consumer_offsets is loaded by its coordinator. Without that last step the first consumer group of a
// test meets COORDINATOR_LOAD_IN_PROGRESS, which kafkajs 2.2.4 handles by crashing and restarting the
// consumer (noisy, and about a second lost).
import { HOST, PROBE_API, PROBE_GROUP_PREFIX, PROBE_TIMEOUT_MS, READY_POLL_MS } from './constants.js'
import { kafkaRequest } from './kafkaRequest.js'
import {
  describeGroupsRequest,
  findCoordinatorRequest,
  metadataRequest,
  offsetsPartitionFor,
  readDescribeGroupsErrorCode,
  readFindCoordinatorResponse,
  readMetadataResponse,
} from './probeMessages.js'
import { sleep } from './processes.js'

export interface RunningNode {
  nodeId: number
  /** PLAINTEXT port. */
  port: number
}

const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i])

/** A group id per __consumer_offsets partition, so that describing them all touches every partition. */
export function probeGroups(partitions: number): string[] {
  const groups = new Array<string | undefined>(partitions)
  let found = 0
  for (let i = 0; found < partitions; i++) {
    const group = `${PROBE_GROUP_PREFIX}${i}`
    const p = offsetsPartitionFor(group, partitions)
    if (groups[p] === undefined) {
      groups[p] = group
      found++
    }
  }
  return groups as string[]
}

async function coordinatorGap(running: RunningNode[], group: string): Promise<string | undefined> {
  const asked = running[0]!
  const found = readFindCoordinatorResponse(
    await kafkaRequest(
      { host: HOST, port: asked.port },
      PROBE_API.FIND_COORDINATOR,
      findCoordinatorRequest(group),
      PROBE_TIMEOUT_MS,
    ),
  )
  if (found.errorCode !== 0) return `no coordinator for ${group} yet (error ${found.errorCode})`
  const coordinator = running.find((n) => n.nodeId === found.nodeId)
  if (!coordinator) return `coordinator of ${group} is node ${found.nodeId}, which is not running`
  const errorCode = readDescribeGroupsErrorCode(
    await kafkaRequest(
      { host: HOST, port: coordinator.port },
      PROBE_API.DESCRIBE_GROUPS,
      describeGroupsRequest(group),
      PROBE_TIMEOUT_MS,
    ),
  )
  return errorCode === 0
    ? undefined
    : `the partition of ${group} is not loaded on node ${found.nodeId} (error ${errorCode})`
}

/** One round of checks: undefined when ready, else what is missing (for the timeout message). */
export async function readinessGap(running: RunningNode[], offsetsPartitions: number): Promise<string | undefined> {
  const expected = running.map((n) => n.nodeId).sort((a, b) => a - b)
  let partitions
  for (const node of running) {
    const metadata = readMetadataResponse(
      await kafkaRequest({ host: HOST, port: node.port }, PROBE_API.METADATA, metadataRequest(), PROBE_TIMEOUT_MS),
    )
    if (!same(metadata.brokers, expected))
      return `node ${node.nodeId} lists brokers [${metadata.brokers.join(',')}], not [${expected.join(',')}]`
    partitions ??= metadata.partitions
  }
  for (const p of partitions ?? []) {
    if (p.errorCode !== 0 || p.leader < 0) return `${p.topic}-${p.partition} has no leader (error ${p.errorCode})`
    const behind = p.replicas.filter((r) => expected.includes(r) && !p.isr.includes(r))
    if (behind.length > 0) return `${p.topic}-${p.partition}: node(s) ${behind.join(',')} not in the ISR yet`
  }
  for (const group of probeGroups(offsetsPartitions)) {
    const gap = await coordinatorGap(running, group)
    if (gap) return gap
  }
  return undefined
}

/**
 * Polls readinessGap until it is empty. Rejects with what was still missing at `deadline`, or at once
 * with the error `abort` returns (a node that exited).
 */
export async function waitClusterReady(
  running: () => RunningNode[],
  offsetsPartitions: number,
  deadline: number,
  abort: () => Error | undefined,
): Promise<void> {
  let gap: string
  for (;;) {
    const failure = abort()
    if (failure) throw failure
    try {
      const now = await readinessGap(running(), offsetsPartitions)
      if (now === undefined) return
      gap = now
    } catch (err) {
      gap = (err as Error).message
    }
    if (Date.now() > deadline) throw new Error(gap)
    await sleep(READY_POLL_MS)
  }
}
