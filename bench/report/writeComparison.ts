import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchResults } from '../types'
import { comparisonTable } from './comparisonTable'

/** The pages that show the comparison at N = 1000, and their language. */
export const COMPARISON_PAGES = { 'README.md': 'en', 'README.zh-CN.md': 'zh', 'docs/benchmarks.md': 'en', 'docs/zh/benchmarks.md': 'zh' } as const

/** The table between its markers: `<!-- bench: comparison -->` … `<!-- /bench: comparison -->`. */
export const comparisonBlock = /(?<=<!-- bench: comparison -->\n)[\s\S]*?(?=\n<!-- \/bench: comparison -->)/

/** Writes the comparison of `results` into every page that shows it (`npm run bench` does, after a full run). */
export function writeComparison(root: string, results: BenchResults): void {
  for (const [page, language] of Object.entries(COMPARISON_PAGES)) {
    const text = readFileSync(join(root, page), 'utf8')
    if (!comparisonBlock.test(text)) throw new Error(`${page} has no <!-- bench: comparison --> block`)
    writeFileSync(join(root, page), text.replace(comparisonBlock, comparisonTable(results, language)))
  }
}
