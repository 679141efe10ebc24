// Links that work where they are read. The README is also the npm page, where a relative link leads nowhere
// unless it names a file the package ships: so every README link is absolute, an anchor of the README, or a
// shipped file (`npm pack --dry-run`). Links into this repository's GitHub pages (…/blob/main/<path>,
// …/tree/main/<path>) must name a path that exists, and anchors a heading that exists. In docs/, examples/
// and the changelog, relative links must resolve to files of the repository.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../../..')
const REPO_URL = 'https://github.com/kafkajs-msk-iam/kafkajs-msk-iam'

interface Link {
  file: string
  line: number
  target: string
}

/** Markdown links outside code: inline `[text](target)`, images, and reference definitions `[x]: target`. */
function linksOf(file: string): Link[] {
  const links: Link[] = []
  let fenced = false
  readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      if (/^\s*```/.test(raw)) fenced = !fenced
      if (fenced) return
      const text = raw.replace(/`[^`]*`/g, '``')
      for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        links.push({ file, line: index + 1, target: match[1]! })
      }
      const definition = /^\s*\[[^\]]+\]:\s*(\S+)/.exec(text)
      if (definition) links.push({ file, line: index + 1, target: definition[1]! })
    })
  return links
}

/** GitHub's heading anchors: lower case, punctuation dropped (hyphens and underscores kept), spaces as hyphens. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fenced = false
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading) continue
    const base = heading[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

/** Why a link to a repository path (with an optional #anchor) is broken, or undefined when it is not. */
function checkRepoPath(relative: string, anchor: string | undefined, kind: 'file' | 'dir' | 'any'): string | undefined {
  const absolute = path.join(ROOT, decodeURIComponent(relative))
  if (!absolute.startsWith(ROOT)) return 'points outside the repository'
  if (!existsSync(absolute)) return `${relative} does not exist`
  const isDir = statSync(absolute).isDirectory()
  if (kind === 'file' && isDir) return `${relative} is a directory (use /tree/)`
  if (kind === 'dir' && !isDir) return `${relative} is a file (use /blob/)`
  if (anchor !== undefined && !isDir && absolute.endsWith('.md') && !anchorsOf(absolute).has(anchor)) {
    return `${relative} has no heading #${anchor}`
  }
  return undefined
}

/** Why an absolute link is broken: only links into this repository's GitHub pages can be checked offline. */
function checkAbsolute(target: string): string | undefined {
  if (!target.startsWith(`${REPO_URL}/`)) return undefined
  const [url, anchor] = target.split('#') as [string, string | undefined]
  const page = /^\/(blob|tree)\/main\/(.+)$/.exec(url.slice(REPO_URL.length))
  if (!page) return undefined // issues, commits, the repository itself
  return checkRepoPath(page[2]!, anchor, page[1] === 'blob' ? 'file' : 'dir')
}

function checkRelative(link: Link): string | undefined {
  const [relative, anchor] = link.target.split('#') as [string, string | undefined]
  if (relative === '') {
    return anchorsOf(path.join(ROOT, link.file)).has(anchor ?? '') ? undefined : `no heading #${anchor}`
  }
  const resolved = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, link.file)), relative))
  return checkRepoPath(resolved, anchor, 'any')
}

const isAbsolute = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target)

function shippedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return new Set((JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path))
}

const describeLink = (link: Link, why: string) => `${link.file}:${link.line}: ${link.target}: ${why}`

describe('links', () => {
  it('README.md (the npm page too): absolute, a README anchor, or a file the package ships; repository links resolve', () => {
    const shipped = shippedFiles()
    const links = linksOf('README.md')
    expect(links.length).toBeGreaterThan(5)
    const problems = links.flatMap((link) => {
      let why: string | undefined
      if (isAbsolute(link.target)) why = checkAbsolute(link.target)
      else if (link.target.startsWith('#')) why = checkRelative(link)
      else {
        const file = link.target.split('#')[0]!
        why = shipped.has(path.normalize(file))
          ? checkRelative(link)
          : `not shipped in the package: on npm this link leads nowhere; link ${REPO_URL}/blob/main/${file}`
      }
      return why === undefined ? [] : [describeLink(link, why)]
    })
    expect(problems).toEqual([])
  })

  it('docs/, examples/ and CHANGELOG.md: relative links resolve to files of the repository, anchors to headings', () => {
    const files = [
      ...readdirSync(path.join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
      ...['examples/README.md', 'CHANGELOG.md'].filter((f) => existsSync(path.join(ROOT, f))),
    ]
    const problems = files.flatMap((file) =>
      linksOf(file).flatMap((link) => {
        const why = isAbsolute(link.target) ? checkAbsolute(link.target) : checkRelative(link)
        return why === undefined ? [] : [describeLink(link, why)]
      }),
    )
    expect(problems).toEqual([])
  })

  it('the check itself: finds a broken anchor and an unshipped relative README link', () => {
    expect(checkAbsolute(`${REPO_URL}/blob/main/docs/emulator.md#no-such-heading`)).toMatch(/no heading/)
    expect(checkAbsolute(`${REPO_URL}/blob/main/docs/no-such-file.md`)).toMatch(/does not exist/)
    expect(checkAbsolute(`${REPO_URL}/blob/main/docs/emulator.md#session-lifetime`)).toBeUndefined()
    expect(shippedFiles().has('docs/emulator.md')).toBe(false)
  })
})
