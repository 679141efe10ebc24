// Runs in every test file (setupFilesAfterEnv): captures console output and process stdout/stderr writes,
// then scans everything captured by the file for secrets once its tests are done.
import { captureForScan, scanCaptured } from './helpers/secretScan.js'

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console)
  console[method] = (...args: unknown[]) => {
    for (const arg of args) captureForScan(arg)
    original(...args)
  }
}
for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean
  stream.write = (chunk: unknown, ...rest: unknown[]) => {
    captureForScan(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk))
    return original(chunk, ...rest)
  }
}

afterAll(() => {
  const { leaks } = scanCaptured()
  if (leaks.length > 0) throw new Error(`Secret scan failed:\n${leaks.join('\n')}`)
})
