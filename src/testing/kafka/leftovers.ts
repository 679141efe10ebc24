// Bookkeeping for the nodes of local clusters, so that a process that crashed (or was killed) does not
// leave JVMs and temp dirs behind for ever. Each node has a record naming its owner (the Node process
// that started it); every start sweeps only records whose owner is dead, since several people, projects
// and CI runs may share the machine. Processes are ended by PID, and only when their command line is our
// `java … kafka.Kafka <clusterDir>/node-<id>/server.properties`.
import { readdirSync, unlinkSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { DATA_DIR_PREFIX } from './constants.js'
import { kafkaCacheRoot } from './kafkaCacheRoot.js'
import { commandLine, isAlive, terminate } from './processes.js'

export interface NodeRecord {
  ownerPid: number
  /** Records of another machine sharing the home directory are never acted on. */
  hostname: string
  clusterDir: string
  nodeId: number
  /** The node's JVM, while it runs. */
  pid?: number
  propsFile: string
  bootstrap: string
  startedAt: string
}

const LEFTOVER_GRACE_MS = 2_000

/** Where the records are: `<cache root>/pids` (the cache root is a parameter for the tests). */
export const recordsDir = (root = kafkaCacheRoot()): string => path.join(root, 'pids')

const recordFile = (dir: string, clusterDir: string, nodeId: number): string =>
  path.join(dir, `${process.pid}-${path.basename(clusterDir)}-${nodeId}.json`)

/** Writes (or rewrites, after a restart) the record of one node owned by this process. */
export async function recordNode(
  record: Omit<NodeRecord, 'ownerPid' | 'hostname' | 'startedAt'>,
  dir = recordsDir(),
): Promise<void> {
  const full: NodeRecord = {
    ownerPid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    ...record,
  }
  await mkdir(dir, { recursive: true })
  await writeFile(recordFile(dir, record.clusterDir, record.nodeId), JSON.stringify(full, null, 2) + '\n')
}

/** Removes this process's records of a cluster; synchronous, so that an 'exit' handler can call it. */
export function forgetClusterSync(clusterDir: string, dir = recordsDir()): void {
  const prefix = `${process.pid}-${path.basename(clusterDir)}-`
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    try {
      unlinkSync(path.join(dir, name))
    } catch {
      // already gone
    }
  }
}

/** Is `pid` still the JVM of this record (PIDs get reused)? */
export function isOurKafka(pid: number, propsFile: string): boolean {
  const argv = commandLine(pid)
  if (!argv || argv.length === 0) return false
  return /^java(\.exe)?$/.test(path.basename(argv[0] ?? '')) && argv.includes('kafka.Kafka') && argv.includes(propsFile)
}

/** Only temp dirs this launcher made are ever deleted. */
export function isOurClusterDir(dir: string): boolean {
  return path.dirname(dir) === os.tmpdir() && path.basename(dir).startsWith(DATA_DIR_PREFIX)
}

async function readRecord(file: string): Promise<NodeRecord | undefined> {
  try {
    const r = JSON.parse(await readFile(file, 'utf8')) as Partial<NodeRecord>
    if (typeof r.ownerPid === 'number' && typeof r.clusterDir === 'string' && typeof r.propsFile === 'string')
      return r as NodeRecord
  } catch {
    // unreadable or half-written: treat as garbage below
  }
  return undefined
}

/** Stops nodes (and removes cluster dirs) left behind by processes that are gone; returns what it did. */
export async function cleanupLeftoverNodes(dir = recordsDir()): Promise<string[]> {
  const done: string[] = []
  for (const name of (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json'))) {
    const file = path.join(dir, name)
    const record = await readRecord(file)
    if (!record) {
      await unlink(file).catch(() => undefined)
      continue
    }
    if (record.hostname !== os.hostname() || isAlive(record.ownerPid)) continue
    const ours = record.pid !== undefined && isOurKafka(record.pid, record.propsFile)
    if (ours) await terminate(record.pid!, LEFTOVER_GRACE_MS).catch(() => undefined)
    if (isOurClusterDir(record.clusterDir)) await rm(record.clusterDir, { recursive: true, force: true })
    await unlink(file).catch(() => undefined)
    done.push(
      `${ours ? 'stopped' : 'forgot'} leftover kafka node ${record.nodeId} pid ${record.pid ?? '-'} (${record.bootstrap}) of dead owner ${record.ownerPid}`,
    )
  }
  return done
}
