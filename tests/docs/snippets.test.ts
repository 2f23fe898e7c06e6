import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { sitePages } from '../../docs/.vitepress/sitePages'
import { repoRoot, strictTypeScript } from '../packaging/consumerProject'
import { extractSnippets } from './extractSnippets'

/*
 * Every TypeScript and Vue block of both READMEs and of every page of the docs site, type-checked as a user's uni-app project would:
 * the packed package installed, a strict tsconfig with no `target`, and one vue-tsc program for all
 * of them. A block the check cannot take as it stands says why in an `<!-- snippet: … -->` comment
 * above it: `fails TSxxxx, <why>` expects exactly that error, so the test fails once its cause is
 * fixed and the comment must go; `unchecked, <why>` leaves the block out.
 */
const pages = ['README.md', 'README.zh-CN.md', ...sitePages().map((page) => `docs/${page}`)]

/** The packages such a project installs; the rest of the tree resolves from where they really are. */
const installed = ['vue', 'pinia', 'luch-request', '@dcloudio', 'vite', 'vitest', 'uview-plus', 'vite-plugin-vue-devtools']

/**
 * What the blocks take from the app around them, and nothing more: each name is the reader's own
 * code in the block that uses it.
 */
const context = `declare const API_BASE: string // "Adopting": the app's own API origin
declare function legacyToken(): string // "Adopting": the app's own token, for other origins
declare const isExpired: import('uni-relogin').ReloginOptions['isExpired'] // "Adopting": main.ts's
declare const exchange: import('uni-relogin').ReloginOptions['exchange'] // "Adopting": main.ts's
declare const backend: string // "Testing your pages": the test's own server
`

/** Every block of those pages, with the page it is in. */
const blocks = (await Promise.all(pages.map(async (page) => extractSnippets(await readFile(join(repoRoot, page), 'utf8')).map((block) => ({ ...block, page }))))).flat()
for (const { page, line, marker } of blocks) {
  if (marker !== undefined && !/^(fails TS\d+|unchecked), \S/.test(marker)) throw new Error(`${page}:${line}: unknown marker "${marker}"`)
}

/** The TypeScript and Vue blocks to check, each with its file in the project. */
const checked = blocks
  .filter((block) => (block.lang === 'ts' || block.lang === 'vue') && !block.marker?.startsWith('unchecked'))
  .map((block) => ({ ...block, file: `snippets/${block.page.replace(/\W/g, '-')}-${block.line}.${block.lang}` }))

/** vue-tsc's diagnostics, by snippet file: `TS2322 (3,5) message`. */
const diagnostics = new Map<string, string[]>()

beforeAll(async () => {
  const project = await mkdtemp(join(tmpdir(), 'relogin-snippets-'))
  const own = join(project, 'node_modules/uni-relogin')
  await mkdir(own, { recursive: true })
  await promisify(execFile)('tar', ['-xzf', inject('tarball'), '-C', own, '--strip-components=1'])
  for (const name of installed) await symlink(join(repoRoot, 'node_modules', name), join(project, 'node_modules', name))
  const files: Record<string, string> = {
    // uview-plus's own types, as its docs have an app add them: `uni.$u` is typed.
    ...strictTypeScript(['snippets', 'context.d.ts'], ['uview-plus/types']),
    'context.d.ts': context,
    // tsc checks types only when no file has a syntax error: this error proves that it did.
    'snippets/canary.ts': 'export const canary: string = 0\n',
    // What main.ts imports.
    'snippets/App.vue': '<script setup lang="ts">\n// The app shell.\n</script>\n',
  }
  // A block without an import is still a module of its own, as a file in an app is.
  for (const snippet of checked) files[snippet.file] = snippet.lang === 'ts' && !/^(import|export) /m.test(snippet.code) ? `${snippet.code}export {}\n` : snippet.code
  await mkdir(join(project, 'snippets'))
  for (const [name, text] of Object.entries(files)) await writeFile(join(project, name), text)

  const output = await promisify(execFile)(join(repoRoot, 'node_modules/.bin/vue-tsc'), ['--noEmit', '--pretty', 'false', '-p', 'tsconfig.json'], { cwd: project }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string }) => error.stdout ?? String(error),
  )
  for (const [, file, position, code, message] of output.matchAll(/^(\S+)\((\d+,\d+)\): error (TS\d+): (.*)$/gm)) {
    diagnostics.set(file!, [...(diagnostics.get(file!) ?? []), `${code} (${position}) ${message}`])
  }
  expect(diagnostics.get('snippets/canary.ts'), `vue-tsc stopped at syntax errors:\n${output}`).toEqual([expect.stringMatching(/^TS2322 /)])
  diagnostics.delete('snippets/canary.ts')
  // Anything vue-tsc said about a file that is no snippet is the check's own fault.
  expect([...diagnostics.keys()].filter((file) => !checked.some((snippet) => snippet.file === file))).toEqual([])
}, 60_000)

describe.each(pages.filter((page) => checked.some((snippet) => snippet.page === page)))('%s', (page) => {
  it.each(checked.filter((snippet) => snippet.page === page).map((snippet) => [`${snippet.lang} at line ${snippet.line}`, snippet] as const))(
    'the %s type-checks in a strict app with no target',
    (_, snippet) => {
      const errors = diagnostics.get(snippet.file) ?? []
      const expected = /^fails (TS\d+)/.exec(snippet.marker ?? '')?.[1]
      if (expected === undefined) expect(errors, `${page}:${snippet.line}\n${snippet.code}`).toEqual([])
      else expect(errors.map((error) => error.split(' ')[0]), `${page}:${snippet.line} is marked "${snippet.marker}"`).toEqual([expected])
    },
  )
})

it.each(blocks.filter((block) => block.lang === 'json').map((block) => [`${block.page}:${block.line}`, block] as const))('the json at %s parses', (_, block) => {
  expect(() => JSON.parse(block.code)).not.toThrow()
})

it.each(['docs/guide/exactly-once.md', 'docs/zh/guide/exactly-once.md'])("%s shows sample/keyForContent.ts's function as it is", async (page) => {
  const sample = await readFile(join(repoRoot, 'sample/keyForContent.ts'), 'utf8')
  const shown = sample.slice(sample.indexOf('export function keyForContent')).replace('export ', '')
  expect(await readFile(join(repoRoot, page), 'utf8')).toContain(shown)
})
