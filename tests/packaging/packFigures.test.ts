import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, inject, it } from 'vitest'
import { formatPackFigures, packFiguresBlock } from '../../scripts/packFigures'
import { repoRoot } from './consumerProject'

// The READMEs' "Packaging" figures are this run's tarball's, not typed by hand.
it.each([
  ['README.md', 'en'],
  ['README.zh-CN.md', 'zh-CN'],
] as const)("%s states the size of this run's tarball", async (readme, language) => {
  const stated = packFiguresBlock.exec(await readFile(join(repoRoot, readme), 'utf8'))?.[0]
  expect(stated, `${readme}'s packaging figures are stale: run \`npm run pack:figures\``).toBe(formatPackFigures(inject('packFigures'), language))
})
