import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { comparisonTable } from '../../bench/report/comparisonTable'
import { comparisonBlock, COMPARISON_PAGES } from '../../bench/report/writeComparison'
import type { BenchResults } from '../../bench/types'
import { repoRoot } from '../packaging/consumerProject'

/*
 * The comparison at N = 1000, shown by both READMEs and both benchmarks pages, is the committed
 * run's (bench/results.json), never typed by hand: `npm run bench` writes it, and so does
 * `npm run bench:comparison` after a page moves.
 */
const results = JSON.parse(readFileSync(join(repoRoot, 'bench/results.json'), 'utf8')) as BenchResults

it.each(Object.entries(COMPARISON_PAGES))('%s shows the committed run (%s)', (page, language) => {
  const shown = comparisonBlock.exec(readFileSync(join(repoRoot, page), 'utf8'))?.[0]
  expect(shown, `${page} has no <!-- bench: comparison --> block; run npm run bench:comparison`).toBeDefined()
  expect(shown, `${page} is stale: run npm run bench:comparison`).toBe(comparisonTable(results, language))
})

it("reads the run's own numbers: uni-relogin's single login and the recipe's hung requests", () => {
  const table = comparisonTable(results, 'en')
  const one = results.cases.find((c) => c.scenario === 1 && c.n === 1000 && c.contender === 'uni-relogin')!
  const recipe = results.cases.find((c) => c.scenario === 2 && c.n === 1000 && c.contender === 'luch-request recipe')!
  expect(table).toContain(`| all tokens expired: logins | **${one.logins}** |`)
  expect(recipe.hung).toBeGreaterThan(0)
  expect(table).toContain(`${recipe.hung} hung`)
})
