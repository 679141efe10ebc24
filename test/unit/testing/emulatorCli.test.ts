// `kafkajs-msk-iam emulator`: argument handling, JSON log lines on stdout, clean stop.
import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runEmulatorCommand } from '../../../src/cli/emulatorCommand.js'
import { captureIo } from '../../helpers/captureIo.js'

const io = captureIo

// Port 1 on loopback refuses at once, so the start-up probe of the upstream fails fast.
const UPSTREAM = ['--upstream', '127.0.0.1:1']

describe('runEmulatorCommand', () => {
  it('prints usage for --help', async () => {
    const t = io()
    expect(await runEmulatorCommand(['--help'], t)).toBe(0)
    expect(t.out()).toMatch(/--upstream host:port/)
  })

  it.each([
    [['--upstream', 'nohost'], /not host:port/],
    [['--port', 'abc', ...UPSTREAM], /--port must be a non-negative integer/],
    [['--bogus', '1'], /unknown option --bogus/],
    [['--port'], /expected "--option value"/],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const t = io()
    expect(await runEmulatorCommand(argv, t)).toBe(2)
    expect(t.err()).toMatch(message)
  })

  it('runs until aborted, logging JSON lines, with identities from a file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-cli-'))
    const file = path.join(dir, 'ids.json')
    await writeFile(
      file,
      JSON.stringify([
        { accessKeyId: 'AKIDCLI', secretAccessKey: 'cli-secret', principalArn: 'arn:aws:iam::1:user/cli' },
      ]),
    )
    const t = io()
    const controller = new AbortController()
    const run = runEmulatorCommand(
      [
        ...UPSTREAM,
        '--port',
        '0',
        '--tls-port',
        '0',
        '--region',
        'eu-west-1',
        '--identities',
        file,
        '--rate-limit',
        '5',
      ],
      { ...t, signal: controller.signal },
    )
    while (!t.out().includes('"listener":"tls"')) await new Promise((resolve) => setTimeout(resolve, 10))
    controller.abort()
    expect(await run).toBe(0)
    const lines = t
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.map((l) => l.event)).toEqual(['upstream-probe', 'listening', 'listening'])
    expect(t.err()).toMatch(/b-1\.local\.abc123\.c1\.kafka\.eu-west-1\.amazonaws\.com.*AKIDCLI/)
    expect(t.out() + t.err()).not.toContain('cli-secret')
    await rm(dir, { recursive: true, force: true })
  })

  it('reports a listener that cannot bind with exit code 1', async () => {
    const t = io()
    expect(await runEmulatorCommand([...UPSTREAM, '--host', '203.0.113.1', '--port', '0', '--tls-port', '0'], t)).toBe(
      1,
    )
    expect(t.err()).toMatch(/could not start/)
  })
})
