// Every TypeScript snippet in the README and the docs compiles, as a user would paste it: each block is its
// own ES module, compiled under `strict` and `noUnusedParameters` against the package's sources (the
// package names are mapped to src/). Names a snippet takes from the reader's application (`brokers`, a
// logger, …) are declared once in SNIPPET_PRELUDE; everything else must be imported by the snippet itself.
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { CONFLUENT, CONFLUENT_OUTLINE, isInstalled } from '../../helpers/confluentOutline.js'
import { extractSnippets, type Snippet } from '../../helpers/extractSnippets.js'

const ROOT = path.resolve(__dirname, '../../..')
const OUT = path.join(ROOT, '.cache', 'snippets')

/** What a snippet may use without importing it: the reader's own application values. */
const SNIPPET_PRELUDE = `
declare global {
  /** The cluster's bootstrap brokers, host:port. */
  const brokers: string[]
  const bootstrapBrokers: string[]
  const log: { info(message: string, extra?: object): void; warn(message: string, extra?: object): void; error(message: string, extra?: object): void }
  const metrics: { increment(name: string, tags?: Record<string, string>): void }
}
export {}
`

function markdownFiles(): string[] {
  const files = ['README.md', 'CONTRIBUTING.md', 'src/testing/README.md'].filter((f) => existsSync(path.join(ROOT, f)))
  const docs = path.join(ROOT, 'docs')
  for (const name of readdirSync(docs)) if (name.endsWith('.md')) files.push(`docs/${name}`)
  return files
}

function compile(snippets: Snippet[]): { snippet: Snippet; line: number; message: string }[] {
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  writeFileSync(path.join(OUT, 'prelude.d.ts'), SNIPPET_PRELUDE)
  const roots = [path.join(OUT, 'prelude.d.ts')]
  if (!isInstalled(CONFLUENT, ROOT)) {
    console.log(`${CONFLUENT} is not installed: its snippets compile against an outline of its types`)
    writeFileSync(path.join(OUT, 'confluent-outline.d.ts'), CONFLUENT_OUTLINE)
    roots.push(path.join(OUT, 'confluent-outline.d.ts'))
  }
  const byFile = new Map<string, Snippet>()
  snippets.forEach((snippet, index) => {
    const file = path.join(OUT, `snippet-${index}.mts`)
    // `export {}` keeps each snippet a module of its own even when it imports nothing.
    writeFileSync(file, `${snippet.prelude}${snippet.code}\nexport {}\n`)
    byFile.set(file, snippet)
  })
  const options: ts.CompilerOptions = {
    strict: true,
    noUnusedParameters: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules/@types')],
    paths: {
      'kafkajs-msk-iam': [path.join(ROOT, 'src/index.ts')],
      'kafkajs-msk-iam/testing': [path.join(ROOT, 'src/testing/index.ts')],
    },
    allowImportingTsExtensions: true,
  }
  const program = ts.createProgram([...roots, ...byFile.keys()], options)
  const problems: { snippet: Snippet; line: number; message: string }[] = []
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file ? byFile.get(path.normalize(diagnostic.file.fileName)) : undefined
    if (!snippet || !diagnostic.file || diagnostic.start === undefined) {
      const where = diagnostic.file ? path.relative(ROOT, diagnostic.file.fileName) : 'the compiler'
      problems.push({
        snippet: snippets[0]!,
        line: 0,
        message: `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
      })
      continue
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    // A problem in the hidden prelude is reported at the fence (its comment ends on the line above).
    const preludeLines = snippet.prelude === '' ? 0 : snippet.prelude.split('\n').length - 1
    problems.push({
      snippet,
      line: line < preludeLines ? snippet.line - 1 : snippet.line + line - preludeLines,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
    })
  }
  return problems
}

describe('documentation snippets', () => {
  const snippets = markdownFiles().flatMap((file) => extractSnippets(ROOT, file))

  it('finds the snippets (the README alone has several)', () => {
    expect(snippets.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(3)
  })

  it('every TypeScript snippet compiles under strict and noUnusedParameters', () => {
    const problems = compile(snippets).map(({ snippet, line, message }) => `${snippet.file}:${line}: ${message}`)
    expect(problems).toEqual([])
  }, 60_000)
})
