// `kafkajs-msk-iam emulator` as a real process in front of a (fake, two-broker) Kafka: it stops on SIGINT,
// SIGTERM and SIGHUP, and also under npx when only npx is signalled, leaving no process and no bound port.
import { FakeKafkaCluster } from '../helpers/FakeKafkaCluster.js'
import { bannerFacts, isRunning, portFree, startCli, waitForText, waitGone } from '../helpers/cliProcess.js'

describe('kafkajs-msk-iam emulator (child process)', () => {
  let kafka: FakeKafkaCluster
  beforeAll(async () => {
    kafka = await FakeKafkaCluster.start([1, 2])
  })
  afterAll(async () => {
    await kafka.close()
  })
  const args = (): string[] => [
    'emulator',
    '--upstream',
    `127.0.0.1:${kafka.brokers[0]!.port}`,
    '--port',
    '0',
    '--tls-port',
    '0',
  ]

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s stops it: exit 0, ports released', async (signal) => {
    const cli = await startCli(args())
    const { pid, ports } = bannerFacts(await waitForText(cli, 'Ctrl-C stops the emulator.'))
    expect(pid).toBe(cli.child.pid)
    expect(ports).toHaveLength(2)
    for (const port of ports) expect(await portFree(port)).toBe(false)
    cli.child.kill(signal)
    expect(await cli.exited).toBe(0)
    for (const port of ports) expect(await portFree(port)).toBe(true)
  })

  it('under npx, SIGTERM to npx alone stops it too (it notices its parent going away)', async () => {
    const cli = await startCli(args(), { viaNpx: true })
    const { pid, ports } = bannerFacts(await waitForText(cli, 'Ctrl-C stops the emulator.'))
    expect(pid).not.toBe(cli.child.pid)
    cli.child.kill('SIGTERM')
    await cli.exited
    expect(await waitGone(pid)).toBe(true)
    for (const port of ports) expect(await portFree(port)).toBe(true)
  })

  it('refuses to start when Kafka does not answer: exit 1, nothing left running', async () => {
    const cli = await startCli(['emulator', '--upstream', '127.0.0.1:1', '--port', '0', '--tls-port', '0'])
    expect(await cli.exited).toBe(1)
    expect(cli.stderr()).toMatch(/Kafka does not answer .*ECONNREFUSED/)
    expect(isRunning(cli.child.pid!)).toBe(false)
  })
})
