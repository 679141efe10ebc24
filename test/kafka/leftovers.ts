// Bookkeeping for brokers started by test runs, so a run that crashed (or was killed) does not leave a
// JVM and a temp dir behind for ever. Each running broker has a record naming its owner (the Node process
// that started it); the next run cleans up only records whose owner is dead, since several people and CI
// may run tests in this tree at the same time. Processes are ended by PID, and only when their command
// line is our `java … kafka.Kafka <dataDir>/server.properties`.
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { cacheDir } from './jars.js'
import { DATA_DIR_PREFIX, type KafkaBroker } from './launcher.js'
import { commandLine, isAlive, terminate } from './processes.js'

export interface BrokerRecord {
  ownerPid: number
  pid: number
  dataDir: string
  bootstrap: string
  startedAt: string
}

const recordsDir = (): string => path.join(cacheDir(), 'pids')

/** Writes `.cache/kafka/pids/<owner>-<pid>.json` for a broker owned by this process; returns its path. */
export async function recordBroker(broker: KafkaBroker): Promise<string> {
  const record: BrokerRecord = {
    ownerPid: process.pid,
    pid: broker.pid,
    dataDir: broker.dataDir,
    bootstrap: broker.bootstrap,
    startedAt: new Date().toISOString(),
  }
  await mkdir(recordsDir(), { recursive: true })
  const file = path.join(recordsDir(), `${record.ownerPid}-${record.pid}.json`)
  await writeFile(file, JSON.stringify(record, null, 2) + '\n')
  return file
}

export async function forgetBroker(file: string): Promise<void> {
  await unlink(file).catch(() => undefined)
}

/** Is `pid` still the broker of this record (PIDs get reused)? */
export function isOurKafka(pid: number, dataDir: string): boolean {
  const argv = commandLine(pid)
  if (!argv || argv.length === 0) return false
  const exe = path.basename(argv[0] ?? '')
  return exe === 'java' && argv.includes('kafka.Kafka') && argv.includes(path.join(dataDir, 'server.properties'))
}

/** Only temp dirs this launcher made are ever deleted. */
function isOurDataDir(dir: string): boolean {
  return path.dirname(dir) === os.tmpdir() && path.basename(dir).startsWith(DATA_DIR_PREFIX)
}

async function readRecord(file: string): Promise<BrokerRecord | undefined> {
  try {
    const r = JSON.parse(await readFile(file, 'utf8')) as Partial<BrokerRecord>
    if (typeof r.pid === 'number' && typeof r.ownerPid === 'number' && typeof r.dataDir === 'string')
      return r as BrokerRecord
  } catch {
    // unreadable or half-written: treat as garbage below
  }
  return undefined
}

async function cleanRecord(file: string, record: BrokerRecord): Promise<string> {
  const ours = isOurKafka(record.pid, record.dataDir)
  if (ours) await terminate(record.pid, 5000)
  if (isOurDataDir(record.dataDir)) await rm(record.dataDir, { recursive: true, force: true })
  await forgetBroker(file)
  return `${ours ? 'stopped' : 'forgot'} leftover broker pid ${record.pid} (${record.bootstrap}) of dead owner ${record.ownerPid}`
}

/** Stops brokers (and removes data dirs) left behind by runs whose owner process is gone. */
export async function cleanupLeftoverBrokers(): Promise<string[]> {
  const files = await readdir(recordsDir()).catch(() => [] as string[])
  const done: string[] = []
  for (const name of files.filter((f) => f.endsWith('.json'))) {
    const file = path.join(recordsDir(), name)
    const record = await readRecord(file)
    if (!record) {
      await forgetBroker(file)
      continue
    }
    if (isAlive(record.ownerPid)) continue
    done.push(await cleanRecord(file, record))
  }
  return done
}
