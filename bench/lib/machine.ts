// What the numbers were measured on: stated in the report's header and, in short form, on every row.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

export interface Machine {
  cpuModel: string
  cores: number
  node: string
  kafkajs: string
  os: string
  memoryGb: number
  loadAtStart: string
  /** One short form for table rows. */
  short: string
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'))
    if (line) return line.slice(line.indexOf(':') + 1).trim()
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown CPU'
}

// Resolved from the repository root (the bench always runs there), so bundling does not matter.
const rootRequire = createRequire(path.join(process.cwd(), 'package.json'))

/** The installed version of a package, or of this repository's package.json when `file` is given. */
export function packageVersion(name: string, file?: string): string {
  try {
    const manifest = file
      ? readJson(path.join(process.cwd(), 'package.json'))
      : (rootRequire(`${name}/package.json`) as { version: string })
    return manifest.version
  } catch {
    return 'unknown'
  }
}

function readJson(file: string): { version: string } {
  return JSON.parse(readFileSync(file, 'utf8')) as { version: string }
}

export function describeMachine(): Machine {
  const model = cpuModel()
  const cores = os.availableParallelism?.() ?? os.cpus().length
  const node = process.version
  const shortModel = model
    .replace(/\(R\)|\(TM\)|CPU|Processor|@.*$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return {
    cpuModel: model,
    cores,
    node,
    kafkajs: packageVersion('kafkajs'),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAtStart: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
    short: `${shortModel}, ${cores} cores, Node ${node}`,
  }
}
