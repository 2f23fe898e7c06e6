import { existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type MarkdownIt from 'markdown-it'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const srcDir = resolve(repoRoot, 'docs')

/** Where a repository file is read on the web: GitHub Actions names the repository and commit it builds. */
const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = process.env
const blobBase = server && repository ? `${server}/${repository}/blob/${sha ?? 'HEAD'}/` : undefined

/**
 * The pages link to repository files the way the READMEs do (`../../bench/README.md`), so the same
 * link works on GitHub. On the site such a file is no page: its link must exist in the repository
 * (else the build fails, as VitePress's own dead-link check fails it for pages) and goes to the file
 * on GitHub; built outside GitHub Actions, the link's text stays, as text.
 */
export function repoLinks(md: MarkdownIt, excluded: string[]): void {
  md.core.ruler.push('repo-links', (state) => {
    const page: string | undefined = state.env.path
    if (!page) return
    for (const block of state.tokens) {
      for (const [index, token] of (block.children ?? []).entries()) {
        const href = token.type === 'link_open' ? token.attrGet('href') : null
        if (!href || /^([a-z]+:|#|\/)/i.test(href)) continue
        const [path, fragment] = href.split('#') as [string, string?]
        const target = resolve(dirname(page), path)
        const inSite = !relative(srcDir, target).startsWith('..') && !excluded.includes(relative(srcDir, target))
        if (inSite) continue
        if (!existsSync(target)) throw new Error(`${relative(repoRoot, page)}: the link ${href} leads to no file of the repository`)
        if (blobBase) {
          token.attrSet('href', `${blobBase}${relative(repoRoot, target)}${fragment ? `#${fragment}` : ''}`)
          continue
        }
        const close = block.children!.findIndex((other, at) => at > index && other.type === 'link_close' && other.level === token.level)
        for (const tag of [token, block.children![close]!]) Object.assign(tag, { tag: 'span', attrs: null })
      }
    }
  })
}
