/**
 * `npm run pack:figures`: writes what `npm pack` gives into both READMEs' "Packaging" section
 * (tests/packaging/packFigures.test.ts fails when they are stale). The READMEs ship in the tarball,
 * so new figures can change the figures: it packs again until they settle.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { formatPackFigures, packFiguresBlock, type PackFigures } from './packFigures'

const root = resolve(import.meta.dirname, '..')
const readmes = { 'README.md': 'en', 'README.zh-CN.md': 'zh-CN' } as const

for (let round = 0, changed = true; changed; round++) {
  if (round === 5) throw new Error('The packaging figures did not settle after 5 packs')
  // The first pack runs prepack, which builds dist/npm/; the READMEs alone change after that.
  const args = ['pack', '--dry-run', '--json', '--silent', ...(round > 0 ? ['--ignore-scripts'] : [])]
  const [pack] = JSON.parse(execFileSync('npm', args, { cwd: root, encoding: 'utf8' })) as [PackFigures]
  changed = false
  for (const [readme, language] of Object.entries(readmes)) {
    const text = readFileSync(join(root, readme), 'utf8')
    if (!packFiguresBlock.test(text)) throw new Error(`${readme} has no <!-- npm pack --> block`)
    const next = text.replace(packFiguresBlock, formatPackFigures(pack, language))
    if (next !== text) writeFileSync(join(root, readme), next)
    changed ||= next !== text
  }
}
