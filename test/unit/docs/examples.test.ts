// Every file of examples/ compiles as a user's strict TypeScript project would compile it, with the options of
// examples/tsconfig.json (strict, noUnusedLocals, noUnusedParameters, NodeNext; examples/package.json makes them
// ES modules, `kafkajs-msk-iam` maps to the package's sources). test/integration/examples.test.ts runs them.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { CONFLUENT, isInstalled } from '../../helpers/confluentOutline.js'

const ROOT = path.resolve(__dirname, '../../..')
const EXAMPLES = path.join(ROOT, 'examples')

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return typescriptFiles(file)
    return entry.name.endsWith('.ts') ? [file] : []
  })
}

/** examples/tsconfig.json, parsed as tsc parses it. */
function examplesConfig(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(EXAMPLES, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' '))
    },
  })
  if (!parsed) throw new Error('examples/tsconfig.json could not be read')
  return parsed
}

describe('examples/', () => {
  const files = typescriptFiles(EXAMPLES)

  it('has the examples the README promises', () => {
    const names = files.map((file) => path.relative(EXAMPLES, file)).sort()
    expect(names).toEqual(
      expect.arrayContaining([
        'confluent-oauthbearer.ts',
        'lambda-producer.ts',
        'local-msk-test/orders.test.ts',
        'long-running-consumer.ts',
        'platformatic-oauthbearer.ts',
      ]),
    )
  })

  it('examples/tsconfig.json compiles them as a strict user project would, every file included', () => {
    const { options, fileNames } = examplesConfig()
    expect(options).toMatchObject({ strict: true, noUnusedLocals: true, noUnusedParameters: true })
    expect(options.moduleResolution).toBe(ts.ModuleResolutionKind.NodeNext)
    expect([...fileNames].sort()).toEqual([...files].sort())
  })

  it('every example type-checks under strict, noUnusedLocals and noUnusedParameters', () => {
    if (!isInstalled(CONFLUENT, ROOT))
      console.log(`${CONFLUENT} is not installed: its example compiles against an outline of its types`)
    const { options, fileNames } = examplesConfig()
    const program = ts.createProgram(fileNames, options)
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || d.file.fileName.startsWith(EXAMPLES + path.sep))
      .map((d) => {
        const where = d.file
          ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
          : '(options)'
        return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`
      })
    expect(problems).toEqual([])
  }, 60_000)
})
