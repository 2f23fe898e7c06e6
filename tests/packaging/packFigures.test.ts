import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, inject, it } from 'vitest'
import { formatPackFigures, packFiguresBlock } from '../../scripts/packFigures'
import { repoRoot } from './consumerProject'

// The install page's "Packaging" figures are this run's tarball's, not typed by hand.
it.each([
  ['docs/guide/install.md', 'en'],
  ['docs/zh/guide/install.md', 'zh-CN'],
] as const)("%s states the size of this run's tarball", async (page, language) => {
  const stated = packFiguresBlock.exec(await readFile(join(repoRoot, page), 'utf8'))?.[0]
  expect(stated, `${page}'s packaging figures are stale: run \`npm run pack:figures\``).toBe(formatPackFigures(inject('packFigures'), language))
})
