import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const docs = fileURLToPath(new URL('..', import.meta.url))

/** Pages for the people who work on the package stay in the repository: the design notes, and the fault matrix a test writes. */
export const contributorPages = ['design.md', 'reliability.md']

/** Every page of the site's source, relative to docs/: the hand-written ones, without the generated API reference. */
export function sitePages(): string[] {
  return readdirSync(docs, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md') && !/^(\.vitepress|api)\//.test(path) && !contributorPages.includes(path))
    .sort()
}
