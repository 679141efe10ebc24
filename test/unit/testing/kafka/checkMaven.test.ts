import { checkMaven, parseMavenVersion } from '../../../../src/testing/kafka/checkMaven.js'
import { LocalKafkaError } from '../../../../src/testing/kafka/LocalKafkaError.js'
import { fakeBin, type FakeBin } from '../../../helpers/fakeTools.js'

let bin: FakeBin
beforeEach(async () => {
  bin = await fakeBin()
})
afterEach(() => bin.remove())

const WHY = 'to fetch kafka-broker jars from Maven Central into /cache'

describe('parseMavenVersion', () => {
  it.each([
    ['Apache Maven 3.8.7 (b89d5959fcde851dcb1c8946a785a163f14e1e29)', [3, 8]],
    ['\u001b[1mApache Maven 3.9.11\u001b[m (3e54c93a)', [3, 9]],
    ['Apache Maven 4.0.0-rc-4', [4, 0]],
    ['mvn: command not found', undefined],
  ])('%j → %j', (output, version) => {
    expect(parseMavenVersion(output)).toEqual(version)
  })
})

describe('checkMaven', () => {
  it('without mvn on PATH: MAVEN_NOT_FOUND, one line saying why Maven is needed and what to install', async () => {
    const error = await checkMaven(WHY, bin.env()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LocalKafkaError)
    const e = error as LocalKafkaError
    expect(e.code).toBe('MAVEN_NOT_FOUND')
    expect(e.message).not.toContain('\n')
    expect(e.message).toContain('spawn mvn ENOENT')
    expect(e.message).toContain('Maven 3.8+ once, to fetch kafka-broker jars')
    expect(e.message).toContain('https://maven.apache.org/install.html')
    expect(e.message).toContain('startMskIamEmulator({ upstream })')
  })

  it('Maven 3.6: MAVEN_TOO_OLD', async () => {
    await bin.tool('mvn', "echo 'Apache Maven 3.6.3 (cecedd343002696d0abb50b32b541b8a6ba2883f)'")
    await expect(checkMaven(WHY, bin.env())).rejects.toMatchObject({
      code: 'MAVEN_TOO_OLD',
      message: expect.stringMatching(/^Maven 3\.6 found, but a local Kafka needs Maven 3\.8\+/) as unknown,
    })
  })

  it('an mvn that fails without a version (e.g. no Java for Maven): MAVEN_NOT_FOUND with its output', async () => {
    await bin.tool('mvn', 'echo "The JAVA_HOME environment variable is not defined correctly" >&2; exit 1')
    await expect(checkMaven(WHY, bin.env())).rejects.toMatchObject({
      code: 'MAVEN_NOT_FOUND',
      message: expect.stringContaining('exit 1') as unknown,
      detail: expect.stringContaining('JAVA_HOME') as unknown,
    })
  })

  it('Maven 3.8 and later pass', async () => {
    await bin.tool('mvn', "echo 'Apache Maven 3.8.7 (b89d5959)'")
    await expect(checkMaven(WHY, bin.env())).resolves.toBeUndefined()
  })
})
