// Pulls the TypeScript code blocks out of Markdown files, with the line each starts on, so that the
// snippet check can report a compile error at the Markdown line a reader sees.
import { readFileSync } from 'node:fs'

export interface Snippet {
  /** Repository-relative path of the Markdown file. */
  file: string
  /** 1-based line of the first code line (the line after the opening fence). */
  line: number
  code: string
  /**
   * Declarations the reader is assumed to have (`<!-- snippet-prelude: … -->` right above the fence, hidden
   * when the Markdown is rendered), compiled before `code`; empty when there is none.
   */
  prelude: string
}

const FENCE = /^(\s*)```\s*(\S*)\s*$/
const PRELUDE_START = '<!-- snippet-prelude:'
const PRELUDE_END = '-->'

/** The hidden prelude whose comment ends on the line above `fenceIndex`, if there is one. */
function preludeAbove(lines: string[], fenceIndex: number): string {
  const end = fenceIndex - 1
  if (end < 0 || lines[end]?.trim() !== PRELUDE_END) return ''
  for (let start = end - 1; start >= 0; start--) {
    const text = lines[start]?.trim() ?? ''
    if (text.startsWith(PRELUDE_START)) {
      const first = text.slice(PRELUDE_START.length).trim()
      return [first, ...lines.slice(start + 1, end)].filter((l) => l !== '').join('\n') + '\n'
    }
    if (text === '' || text.startsWith('```')) return ''
  }
  return ''
}

/**
 * Every ```ts / ```typescript block of `file`. A block indented inside a list item is de-indented by its
 * fence's indentation, as Markdown renders it.
 */
export function extractSnippets(root: string, file: string): Snippet[] {
  const lines = readFileSync(`${root}/${file}`, 'utf8').split('\n')
  const snippets: Snippet[] = []
  let open: { indent: string; lang: string; start: number; body: string[]; prelude: string } | undefined
  lines.forEach((text, index) => {
    const fence = FENCE.exec(text)
    if (open === undefined) {
      if (fence) {
        const lang = (fence[2] ?? '').toLowerCase()
        open = { indent: fence[1] ?? '', lang, start: index + 2, body: [], prelude: preludeAbove(lines, index) }
      }
      return
    }
    if (fence && (fence[2] ?? '') === '') {
      if (open.lang === 'ts' || open.lang === 'typescript') {
        snippets.push({ file, line: open.start, code: open.body.join('\n') + '\n', prelude: open.prelude })
      }
      open = undefined
      return
    }
    open.body.push(text.startsWith(open.indent) ? text.slice(open.indent.length) : text.trimStart())
  })
  return snippets
}
