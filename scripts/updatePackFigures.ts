/**
 * `npm run pack:figures`: writes what `npm pack` gives into the "Packaging" section of the docs'
 * install page, in both languages (tests/packaging/packFigures.test.ts fails when they are stale).
 * The pages don't ship, but the READMEs that link to them do: it packs again until the figures settle.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { formatPackFigures, packFiguresBlock, type PackFigures } from './packFigures'

const root = resolve(import.meta.dirname, '..')
const pages = { 'docs/guide/install.md': 'en', 'docs/zh/guide/install.md': 'zh-CN' } as const

for (let round = 0, changed = true; changed; round++) {
  if (round === 5) throw new Error('The packaging figures did not settle after 5 packs')
  // The first pack runs prepack, which builds dist/npm/; nothing that changes after that ships.
  const args = ['pack', '--dry-run', '--json', '--silent', ...(round > 0 ? ['--ignore-scripts'] : [])]
  const [pack] = JSON.parse(execFileSync('npm', args, { cwd: root, encoding: 'utf8' })) as [PackFigures]
  changed = false
  for (const [page, language] of Object.entries(pages)) {
    const text = readFileSync(join(root, page), 'utf8')
    if (!packFiguresBlock.test(text)) throw new Error(`${page} has no <!-- npm pack --> block`)
    const next = text.replace(packFiguresBlock, formatPackFigures(pack, language))
    if (next !== text) writeFileSync(join(root, page), next)
    changed ||= next !== text
  }
}
