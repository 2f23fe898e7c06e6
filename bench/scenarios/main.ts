import { REPEATS, SIZES } from '../config'
import { contenders, inTurn } from '../contenders/index'
import { muteConsoleLog } from '../platform/installPlatform'
import { connectBenchServer } from '../server/connectBenchServer'
import type { CaseResult } from '../types'
import { aggregateRuns } from './aggregateRuns'
import { runCase } from './runCase'

/**
 * Child process: the reference run and scenarios 1–4 for every contender and every N, REPEATS runs
 * each. The contenders take turns: for each scenario and N, each repeat runs every contender once,
 * and every such round starts one contender later than the round before (`inTurn`), so none is
 * always first or last. Progress goes to stderr; the results, as one JSON line in table order, to stdout.
 */
async function main() {
  muteConsoleLog()
  const only = process.argv[2]?.split(',').map(Number)
  const results: CaseResult[] = []
  const servers = connectBenchServer()
  let round = 0
  for (const scenario of [0, 1, 2, 3, 4] as const) {
    if (only && !only.includes(scenario)) continue
    const runs = new Map<string, CaseResult[]>(contenders.flatMap((c) => SIZES.map((n) => [`${c.name} ${n}`, []])))
    for (const n of SIZES) {
      for (let r = 0; r < REPEATS; r++) {
        for (const contender of inTurn(contenders, round++)) {
          const run = await runCase(servers, scenario, contender, n)
          runs.get(`${contender.name} ${n}`)!.push(run)
          const { logins, stale, ok, failed, lost, hung, ms } = run
          process.stderr.write(
            `  s${scenario} ${contender.name.padEnd(32)} N=${String(n).padEnd(4)} logins=${logins} stale=${stale} ok=${ok} failed=${failed} lost=${lost} hung=${hung} ${ms.toFixed(0)} ms\n`,
          )
        }
      }
    }
    for (const contender of contenders) for (const n of SIZES) results.push(aggregateRuns(runs.get(`${contender.name} ${n}`)!))
  }
  servers.shutdown()
  process.stdout.write(`${JSON.stringify(results)}\n`)
  // Hung contenders leave promises (and some their timers) behind; they must not keep the child alive.
  process.exit(0)
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
