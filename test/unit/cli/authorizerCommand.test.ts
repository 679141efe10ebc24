// `kafkajs-msk-iam authorizer`: the jar and the broker settings for a Kafka the user runs, as files and as
// the apache/kafka image's environment variables (its docker/examples README: `.` → `_`, `_` → `__`,
// `-` → `___`, prefix KAFKA_). The jar build itself is ensureAuthorizerJar's (its own tests).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { dockerEnvName, runAuthorizerCommand } from '../../../src/cli/authorizerCommand.js'
import { captureIo } from '../../helpers/captureIo.js'
import { imageServerProperties } from '../../helpers/kafkaImageEnv.js'

describe('runAuthorizerCommand', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'authorizer-cli-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('copies the jar, writes server.properties and prints the same settings as KAFKA_* variables', async () => {
    const built = path.join(dir, 'built.jar')
    await writeFile(built, 'jar bytes')
    const out = path.join(dir, 'out')
    const t = captureIo()
    const versions: string[] = []
    const code = await runAuthorizerCommand(['--out', out, '--service-url', 'http://emulator:9400'], {
      ...t,
      buildJar: async (version) => (versions.push(version), built),
    })
    expect(code).toBe(0)
    expect(versions).toEqual(['4.3.1'])
    expect(await readFile(path.join(out, 'msk-iam-authorizer.jar'), 'utf8')).toBe('jar bytes')
    const properties = await readFile(path.join(out, 'server.properties'), 'utf8')
    expect(properties).toContain('authorizer.class.name=dev.kafkajsmskiam.authorizer.MskIamAuthorizer\n')
    expect(properties).toContain('msk.iam.authorizer.url=http://emulator:9400\n')
    expect(properties).toContain('listener.name.iam_upstream.sasl.enabled.mechanisms=OAUTHBEARER\n')
    expect(t.out()).toContain('KAFKA_AUTHORIZER_CLASS_NAME=dev.kafkajsmskiam.authorizer.MskIamAuthorizer\n')
    expect(t.out()).toContain('KAFKA_MSK_IAM_AUTHORIZER_URL=http://emulator:9400\n')
    expect(t.out()).toContain('KAFKA_LISTENER_NAME_IAM__UPSTREAM_SASL_ENABLED_MECHANISMS=OAUTHBEARER\n')
  })

  it('prints variables the apache/kafka image turns back into exactly the written properties', async () => {
    const built = path.join(dir, 'built.jar')
    await writeFile(built, 'jar bytes')
    const out = path.join(dir, 'out')
    const t = captureIo()
    const argv = ['--out', out, '--service-url', 'http://emulator:9400']
    expect(await runAuthorizerCommand(argv, { ...t, buildJar: async () => built })).toBe(0)
    const environment = Object.fromEntries(
      t
        .out()
        .trimEnd()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    )
    const written = Object.fromEntries(
      (await readFile(path.join(out, 'server.properties'), 'utf8'))
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    )
    // The image silently drops a variable whose value holds a `=` (a JAAS option, say).
    expect(imageServerProperties(environment)).toEqual({ properties: written, dropped: [] })
  })

  it.each([
    ['abc.def', 'KAFKA_ABC_DEF'],
    ['abc-def', 'KAFKA_ABC___DEF'],
    ['abc_def', 'KAFKA_ABC__DEF'],
    [
      'listener.name.iam_upstream.oauthbearer.sasl.jaas.config',
      'KAFKA_LISTENER_NAME_IAM__UPSTREAM_OAUTHBEARER_SASL_JAAS_CONFIG',
    ],
  ])('%s → %s', (property, name) => {
    expect(dockerEnvName(property)).toBe(name)
  })

  it.each([
    [[], /--out DIR is required/],
    [['--out', 'x'], /--service-url URL is required/],
    [['--out', 'x', '--service-url', 'emulator:9400'], /--service-url must be http:\/\/host:port/],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const t = captureIo()
    expect(await runAuthorizerCommand(argv, { ...t, buildJar: async () => 'never' })).toBe(2)
    expect(t.err()).toMatch(message)
  })

  it('says what is missing when the jar cannot be built', async () => {
    const t = captureIo()
    const code = await runAuthorizerCommand(['--out', dir, '--service-url', 'http://e:1'], {
      ...t,
      buildJar: async () => {
        throw new Error('mvn: not found')
      },
    })
    expect(code).toBe(1)
    expect(t.err()).toMatch(/could not build the jar \(needs Java 17\+ and Maven\): mvn: not found/)
  })
})
