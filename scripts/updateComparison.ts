/**
 * `npm run bench:comparison`: writes the committed run's comparison (bench/results.json) into the
 * READMEs and the benchmarks pages; tests/docs/comparison.test.ts fails when one is stale.
 * `npm run bench` does this itself after a full run.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeComparison } from '../bench/report/writeComparison'

const root = resolve(import.meta.dirname, '..')
writeComparison(root, JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')))
