// Every file of examples/ compiles as a user's strict TypeScript project would compile it (strict,
// noUnusedLocals, noUnusedParameters, NodeNext; examples/package.json makes them ES modules), with
// `kafkajs-msk-iam` mapped to the package's sources. test/integration/examples.test.ts runs them.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { CONFLUENT, CONFLUENT_OUTLINE, isInstalled } from '../../helpers/confluentOutline.js'

const ROOT = path.resolve(__dirname, '../../..')
const EXAMPLES = path.join(ROOT, 'examples')
const OUT = path.join(ROOT, '.cache', 'examples-typecheck')

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return typescriptFiles(file)
    return entry.name.endsWith('.ts') ? [file] : []
  })
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

  it('every example type-checks under strict, noUnusedLocals and noUnusedParameters', () => {
    const roots = [...files]
    if (!isInstalled(CONFLUENT, ROOT)) {
      console.log(`${CONFLUENT} is not installed: its example compiles against an outline of its types`)
      rmSync(OUT, { recursive: true, force: true })
      mkdirSync(OUT, { recursive: true })
      writeFileSync(path.join(OUT, 'confluent-outline.d.ts'), CONFLUENT_OUTLINE)
      roots.push(path.join(OUT, 'confluent-outline.d.ts'))
    }
    const program = ts.createProgram(roots, {
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: ['node', 'jest'],
      typeRoots: [path.join(ROOT, 'node_modules/@types')],
      paths: {
        'kafkajs-msk-iam': [path.join(ROOT, 'src/index.ts')],
        'kafkajs-msk-iam/testing': [path.join(ROOT, 'src/testing/index.ts')],
      },
    })
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
