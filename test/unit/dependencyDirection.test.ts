// Dependencies run one way: library code never depends on the CLI or the emulator, the CLI never on tests,
// tests never on scripts/, integration tests never on unit tests, and the emulator's verifier never on the
// client's signing code (it checks what the signer produces, so it must not share its mistakes).
import path from 'node:path'
import { importEdges, readSources, violations, type DependencyRule } from '../helpers/importGraph.js'

const under = (dir: string) => (file: string) => file.startsWith(dir)
const isCli = under('src/cli/')
const isEmulator = under('src/testing/')
const isLibrary = (file: string): boolean => file.startsWith('src/') && !isCli(file) && !isEmulator(file)

const RULES: readonly DependencyRule[] = [
  {
    name: 'library code imports neither the CLI nor the emulator',
    forbids: ({ from, to }) => isLibrary(from) && (isCli(to) || isEmulator(to)),
  },
  {
    name: 'only the CLI imports the CLI',
    forbids: ({ from, to }) => from.startsWith('src/') && !isCli(from) && isCli(to),
  },
  {
    name: 'src/ imports no test, benchmark or script',
    forbids: ({ from, to }) => from.startsWith('src/') && /^(test|bench|scripts)\//.test(to),
  },
  {
    name: 'tests import nothing from scripts/',
    forbids: ({ from, to }) => from.startsWith('test/') && to.startsWith('scripts/'),
  },
  {
    name: 'integration tests import nothing from test/unit/',
    forbids: ({ from, to }) => from.startsWith('test/integration/') && to.startsWith('test/unit/'),
  },
  {
    name: 'shared test code (test/helpers/, test/harness/) imports no test file',
    forbids: ({ from, to }) => /^test\/(helpers|harness)\//.test(from) && /^test\/(unit|integration|fuzz)\//.test(to),
  },
  {
    name: 'the verifier imports only itself, Kafka numbers, byte primitives, isoTime and Node',
    forbids: ({ from, to }) =>
      from.startsWith('src/testing/verifier/') &&
      !/^(src\/testing\/verifier\/|src\/constants\.ts$|src\/protocol\/|src\/isoTime\.ts$|node:)/.test(to),
  },
]

describe('dependency direction', () => {
  const root = path.resolve(__dirname, '../..')
  const sources = readSources(root, ['src', 'test', 'bench', 'scripts'])
  // This file's examples below are strings that read like imports on purpose.
  sources.delete('test/unit/dependencyDirection.test.ts')
  const edges = importEdges(sources)

  it('reads the graph (static, dynamic and type imports resolve to files)', () => {
    expect(edges).toContainEqual({
      from: 'test/integration/faults.test.ts',
      to: 'test/harness/startFaultRun.ts',
      specifier: '../harness/startFaultRun.js',
    })
    expect(edges).toContainEqual({
      from: 'src/cli/main.ts',
      to: 'src/cli/doctorCommand.ts',
      specifier: './doctorCommand.js',
    })
    expect(edges.length).toBeGreaterThan(1000)
  })

  it('no import runs against the rules', () => {
    expect(violations(edges, RULES)).toEqual([])
  })
})

describe('the rules catch each wrong direction', () => {
  const wrong = new Map([
    ['src/oauth/compat.ts', "import { checkCallerIdentity } from '../cli/doctor/checks/checkCallerIdentity.js'"],
    ['src/testing/emulator.ts', "import { x } from '../cli/parseCommandArgs.js'"],
    ['src/payload.ts', "const v = require('../test/helpers/vectors.js')"],
    ['src/awsMskIam.ts', "export { start } from './testing/startMskIamEmulator.js'"],
    ['test/integration/faults.test.ts', "import { runSoak } from '../../scripts/soak.js'"],
    ['test/integration/emulator.test.ts', "import { sign } from '../unit/testing/emulatorTestSigner.js'"],
    ['test/helpers/broker.ts', "jest.mock('../unit/payload.test.js')"],
    ['src/testing/verifier/signature.ts', "const { sign } = await import('../../payload.js')"],
    ['src/cli/parseCommandArgs.ts', ''],
    ['src/cli/doctor/checks/checkCallerIdentity.ts', ''],
    ['src/testing/startMskIamEmulator.ts', ''],
    ['test/unit/payload.test.ts', ''],
    ['test/unit/testing/emulatorTestSigner.ts', ''],
    ['test/helpers/vectors.ts', ''],
  ])

  it('each file above breaks at least one rule, and every rule is broken', () => {
    const found = violations(importEdges(wrong), RULES)
    const offenders = new Set(found.map((line) => line.split(' → ')[0]))
    for (const [file, text] of wrong) if (text !== '') expect(offenders).toContain(file)
    for (const rule of RULES) expect(found.some((line) => line.endsWith(`(${rule.name})`))).toBe(true)
  })

  it('the directions that are allowed pass', () => {
    const right = new Map([
      ['src/cli/doctor/runDoctor.ts', "import { x } from '../../sts/getCallerIdentity.js'"],
      ['src/cli/emulatorCommand.ts', "import { y } from '../testing/startMskIamEmulator.js'"],
      ['src/testing/verifier/parseIamPayload.ts', "import { z } from './deny.js'\nimport { c } from 'node:crypto'"],
      ['src/testing/ClientConnection.ts', "import { w } from '../constants.js'"],
      ['scripts/soak.ts', "import { runSoak } from '../test/harness/runSoak.js'"],
      ['test/integration/faults.test.ts', "import { f } from '../harness/startFaultRun.js'"],
      ['src/sts/getCallerIdentity.ts', ''],
      ['src/testing/startMskIamEmulator.ts', ''],
      ['src/testing/verifier/deny.ts', ''],
      ['src/constants.ts', ''],
      ['test/harness/runSoak.ts', ''],
      ['test/harness/startFaultRun.ts', ''],
    ])
    expect(violations(importEdges(right), RULES)).toEqual([])
  })
})
