import { checkJava, parseJavaMajor } from '../../../../src/testing/kafka/checkJava.js'
import { LocalKafkaError } from '../../../../src/testing/kafka/LocalKafkaError.js'
import { fakeBin, javaPrinting, type FakeBin } from '../../../helpers/fakeTools.js'

let bin: FakeBin
beforeEach(async () => {
  bin = await fakeBin()
})
afterEach(() => bin.remove())

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['java version "1.8.0_402"', 8],
    ['openjdk version "21-ea" 2023-09-19', 21],
    ['openjdk version "17" 2021-09-14', 17],
    ['Picked up JAVA_TOOL_OPTIONS: -Xss1m\nopenjdk version "11.0.2" 2019-01-15', 11],
    ['command not found', undefined],
  ])('%j → %j', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major)
  })
})

describe('checkJava', () => {
  it('without java on PATH: JAVA_NOT_FOUND, one line saying what to install and the alternative', async () => {
    const error = await checkJava(bin.env()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LocalKafkaError)
    const e = error as LocalKafkaError
    expect(e.code).toBe('JAVA_NOT_FOUND')
    expect(e.message).not.toContain('\n')
    expect(e.message).toContain('spawn java ENOENT')
    expect(e.message).toMatch(/Java 17\+ \(install a JDK, e\.g\. Temurin 17/)
    expect(e.message).toContain('Maven 3.8+')
    expect(e.message).toContain('startMskIamEmulator({ upstream })')
  })

  it('a JAVA_HOME without bin/java: JAVA_NOT_FOUND naming JAVA_HOME', async () => {
    const error = (await checkJava(bin.env({ JAVA_HOME: `${bin.dir}/no-jdk` })).catch(
      (e: unknown) => e,
    )) as LocalKafkaError
    expect(error.code).toBe('JAVA_NOT_FOUND')
    expect(error.message).toContain(`JAVA_HOME=${bin.dir}/no-jdk`)
  })

  it('Java 11: JAVA_TOO_OLD with the version found', async () => {
    await bin.tool('java', javaPrinting('openjdk version "11.0.2" 2019-01-15'))
    const error = (await checkJava(bin.env()).catch((e: unknown) => e)) as LocalKafkaError
    expect(error).toBeInstanceOf(LocalKafkaError)
    expect(error.code).toBe('JAVA_TOO_OLD')
    expect(error.message).toMatch(/^Java 11 found .*needs Java 17\+/)
    expect(error.message).not.toContain('\n')
  })

  it('Java 8 (1.8): JAVA_TOO_OLD', async () => {
    await bin.tool('java', javaPrinting('java version "1.8.0_402"'))
    await expect(checkJava(bin.env())).rejects.toMatchObject({ code: 'JAVA_TOO_OLD' })
  })

  it('a java that prints no version: JAVA_NOT_FOUND with its output as detail', async () => {
    await bin.tool('java', 'echo "broken install" >&2; exit 1')
    await expect(checkJava(bin.env())).rejects.toMatchObject({ code: 'JAVA_NOT_FOUND', detail: 'broken install' })
  })

  it('Java 17 and 21 pass, from PATH or from JAVA_HOME/bin', async () => {
    await bin.tool('java', javaPrinting('openjdk version "21.0.1" 2023-10-17'))
    await expect(checkJava(bin.env())).resolves.toBe(21)
    // JAVA_HOME wins over PATH, as in Kafka's own scripts.
    await bin.tool('jdk/bin/java', javaPrinting('openjdk version "17.0.15" 2025-04-15'))
    await expect(checkJava(bin.env({ JAVA_HOME: `${bin.dir}/jdk` }))).resolves.toBe(17)
  })
})
