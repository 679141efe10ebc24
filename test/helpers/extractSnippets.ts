// Pulls the TypeScript code blocks out of Markdown files, with the line each starts on, so that the
// snippet check can report a compile error at the Markdown line a reader sees.
import { readFileSync } from 'node:fs'

export interface Snippet {
  /** Repository-relative path of the Markdown file. */
  file: string
  /** 1-based line of the first code line (the line after the opening fence). */
  line: number
  code: string
}

const FENCE = /^(\s*)```\s*(\S*)\s*$/

/**
 * Every ```ts / ```typescript block of `file`. A block indented inside a list item is de-indented by its
 * fence's indentation, as Markdown renders it.
 */
export function extractSnippets(root: string, file: string): Snippet[] {
  const lines = readFileSync(`${root}/${file}`, 'utf8').split('\n')
  const snippets: Snippet[] = []
  let open: { indent: string; lang: string; start: number; body: string[] } | undefined
  lines.forEach((text, index) => {
    const fence = FENCE.exec(text)
    if (open === undefined) {
      if (fence) open = { indent: fence[1] ?? '', lang: (fence[2] ?? '').toLowerCase(), start: index + 2, body: [] }
      return
    }
    if (fence && (fence[2] ?? '') === '') {
      if (open.lang === 'ts' || open.lang === 'typescript') {
        snippets.push({ file, line: open.start, code: open.body.join('\n') + '\n' })
      }
      open = undefined
      return
    }
    open.body.push(text.startsWith(open.indent) ? text.slice(open.indent.length) : text.trimStart())
  })
  return snippets
}
