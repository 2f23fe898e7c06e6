import type { CaseResult, CountKey } from '../types'

const COUNTS: CountKey[] = ['logins', 'stale', 'ok', 'failed', 'lost', 'hung']

/**
 * Repeated runs of one case become one row: the run with the median time, whole (so its counts
 * add up), plus the range of every count that differed between runs (races make some vary).
 */
export function aggregateRuns(runs: CaseResult[]): CaseResult {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms)
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!
  const ranges: CaseResult['ranges'] = {}
  for (const key of COUNTS) {
    const values = runs.map((run) => run[key])
    const [min, max] = [Math.min(...values), Math.max(...values)]
    if (min !== max) ranges[key] = [min, max]
  }
  return { ...median, runs: runs.length, ranges }
}
