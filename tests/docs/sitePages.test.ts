import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { sitePages } from '../../docs/.vitepress/sitePages'
import { repoRoot } from '../packaging/consumerProject'

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8')
const pages = sitePages()

it('has the same pages in English and in Chinese', () => {
  const english = pages.filter((page) => !page.startsWith('zh/'))
  expect(pages.filter((page) => page.startsWith('zh/')).map((page) => page.slice(3))).toEqual(english)
})

/** Every code of the `ReloginErrorCode` union in src/errors.ts. */
const codes = [.../export type ReloginErrorCode =([^=]*?)\n\n/.exec(read('src/errors.ts'))![1]!.matchAll(/'(ERR_\w+)'/g)].map(([, code]) => code!)

it.each(['docs/troubleshooting.md', 'docs/zh/troubleshooting.md'])('%s explains every error code: meaning, usual cause, what to do', (page) => {
  expect(codes.length).toBeGreaterThan(10)
  const sections = read(page).split(/^### /m).slice(1)
  const explained = Object.fromEntries(sections.map((section) => [/^`(ERR_\w+)`/.exec(section)?.[1], section]))
  for (const code of codes) {
    expect(explained[code], `${page} has no section on ${code}`).toBeDefined()
    expect(explained[code]!.match(/^- \*\*/gm), `${page}: ${code}`).toHaveLength(3)
  }
})

/** "What each feature adds" in bench/README.md: each import's bytes at the default target and at es6. */
const added = Object.fromEntries([...read('bench/README.md').matchAll(/^\| `(\w+)\(\)` \| ([\d.]+ B) \| ([\d.]+ B) \|$/gm)].map(([, name, bytes, es6]) => [name!, [bytes!, es6!]]))

it.each(pages.filter((page) => /^(zh\/)?features\/(?!index)/.test(page)))('%s states what bench/README.md measured for it', (page) => {
  const text = read(join('docs', page))
  const name = /^# `(\w+)\(\)`/.exec(text)![1]!
  expect(added[name], `bench/README.md has no row for ${name}()`).toBeDefined()
  for (const bytes of added[name]!) expect(text).toMatch(new RegExp(`(?<![\\d.])${bytes.replace('.', '\\.')}`))
})

it.each(['README.md', 'README.zh-CN.md'])("%s links only to files of the repository (the site's dead-link check does not read it)", (readme) => {
  const targets = [...read(readme).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map(([, target]) => target!).filter((target) => !/^[a-z]+:/.test(target))
  expect(targets.length).toBeGreaterThan(20)
  expect(targets.filter((target) => !existsSync(join(repoRoot, target)))).toEqual([])
})
