// The leftover sweep, on records in a private folder and on real processes: it must end exactly the JVMs
// of dead owners whose command line is still that node's, and touch nothing else.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { DATA_DIR_PREFIX } from '../../../../src/testing/kafka/constants.js'
import {
  cleanupLeftoverNodes,
  forgetClusterSync,
  isOurClusterDir,
  recordNode,
  type NodeRecord,
} from '../../../../src/testing/kafka/leftovers.js'
import { isAlive } from '../../../../src/testing/kafka/processes.js'

let records: string
let clusterDir: string
const children: ChildProcess[] = []

beforeEach(async () => {
  records = await mkdtemp(path.join(os.tmpdir(), 'kafkajs-msk-iam-records-'))
  clusterDir = await mkdtemp(path.join(os.tmpdir(), DATA_DIR_PREFIX))
  await mkdir(path.join(clusterDir, 'node-1'))
})
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  await rm(records, { recursive: true, force: true })
  await rm(clusterDir, { recursive: true, force: true })
})

/** The pid of a process that has exited (and been reaped): a dead owner. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid!
}

/** A long-running process whose command line is `argv0 …args` (argv0 'java' makes it look like our JVM). */
function longRunning(argv0: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', ...args], { argv0, stdio: 'ignore' })
  children.push(child)
  return child
}

async function writeRecord(name: string, record: Partial<NodeRecord>): Promise<void> {
  const full: NodeRecord = {
    ownerPid: process.pid,
    hostname: os.hostname(),
    clusterDir,
    nodeId: 1,
    propsFile: path.join(clusterDir, 'node-1', 'server.properties'),
    bootstrap: '127.0.0.1:1',
    startedAt: new Date().toISOString(),
    ...record,
  }
  await writeFile(path.join(records, name), JSON.stringify(full))
}

describe('cleanupLeftoverNodes', () => {
  it('a dead owner: its JVM (by command line) is ended, the cluster dir and the record removed', async () => {
    const propsFile = path.join(clusterDir, 'node-1', 'server.properties')
    const jvm = longRunning('java', ['kafka.Kafka', propsFile])
    const exited = new Promise((resolve) => jvm.once('exit', resolve))
    await writeRecord('a.json', { ownerPid: await deadPid(), pid: jvm.pid })
    const done = await cleanupLeftoverNodes(records)
    expect(done).toEqual([
      expect.stringMatching(/^stopped leftover kafka node 1 pid \d+ \(127\.0\.0\.1:1\) of dead owner/),
    ])
    await exited
    expect(existsSync(clusterDir)).toBe(false)
    expect(await readdir(records)).toEqual([])
  })

  it('a reused PID (not our kafka.Kafka command line) is never signalled; the record is forgotten', async () => {
    const other = longRunning('node', ['kafka.Kafka', '/somewhere/else/server.properties'])
    await writeRecord('b.json', { ownerPid: await deadPid(), pid: other.pid })
    expect(await cleanupLeftoverNodes(records)).toEqual([expect.stringMatching(/^forgot leftover kafka node 1/)])
    expect(isAlive(other.pid!)).toBe(true)
    expect(await readdir(records)).toEqual([])
  })

  it('leaves records of live owners and of other machines alone; drops unreadable ones', async () => {
    await writeRecord('live.json', { ownerPid: process.pid })
    await writeRecord('elsewhere.json', { ownerPid: await deadPid(), hostname: `not-${os.hostname()}` })
    await writeFile(path.join(records, 'garbage.json'), '{"half":')
    expect(await cleanupLeftoverNodes(records)).toEqual([])
    expect((await readdir(records)).sort()).toEqual(['elsewhere.json', 'live.json'])
    expect(existsSync(clusterDir)).toBe(true)
  })

  it('never deletes a folder the launcher did not make', async () => {
    const foreign = await mkdtemp(path.join(os.tmpdir(), 'someone-elses-'))
    try {
      await writeRecord('c.json', { ownerPid: await deadPid(), clusterDir: foreign })
      await cleanupLeftoverNodes(records)
      expect(existsSync(foreign)).toBe(true)
      expect(isOurClusterDir(foreign)).toBe(false)
      expect(isOurClusterDir(clusterDir)).toBe(true)
    } finally {
      await rm(foreign, { recursive: true, force: true })
    }
  })
})

describe('recordNode / forgetClusterSync', () => {
  it('writes one record per node of this process and forgets exactly that cluster', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), DATA_DIR_PREFIX))
    try {
      const base = { propsFile: 'p', bootstrap: '127.0.0.1:1' }
      await recordNode({ ...base, clusterDir, nodeId: 1, pid: 123 }, records)
      await recordNode({ ...base, clusterDir, nodeId: 2 }, records)
      await recordNode({ ...base, clusterDir: other, nodeId: 1 }, records)
      expect(await readdir(records)).toHaveLength(3)
      forgetClusterSync(clusterDir, records)
      expect(await readdir(records)).toEqual([`${process.pid}-${path.basename(other)}-1.json`])
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })
})
