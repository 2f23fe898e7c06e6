import { writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { buildChildren } from './buildChildren'
import { measureBundles } from './bundle/measureBundles'
import { writeMarkdown } from './report/writeMarkdown'
import { writeSvg } from './report/writeSvg'
import { runChild } from './runChild'
import type { BenchResults, CaseResult, CpuResult, MemoryResult } from './types'

/**
 * `npm run bench`: bundles the child processes, then runs, in order, bundle sizes (in-process),
 * CPU (one child, on a quiet machine), the expiry scenarios (one child plus the server's), and
 * memory (one child per contender). Writes results.md, results.svg and results.json next to this file.
 */
async function main() {
  const started = performance.now()
  const say = (text: string) => process.stderr.write(`[bench] ${text}\n`)

  say('bundling the child processes')
  const children = await buildChildren()

  say('scenario 6: bundle sizes')
  const bundles = await measureBundles()

  say('scenario 5: CPU per request')
  const cpu = await runChild<CpuResult[]>(children.cpu, [], 120_000)
  if (!cpu) throw new Error('the CPU child timed out')

  say('scenarios 1–4 (and the no-expiry reference)')
  const cases = await runChild<CaseResult[]>(children.scenarios, [], 540_000)
  if (!cases) throw new Error('the scenario child timed out')

  // The contenders are asked for by name: importing them here would load luch-request's raw ESM into tsx.
  const names = (await runChild<string[]>(children.memory, ['--list'], 30_000)) ?? []
  const memory: BenchResults['memory'] = []
  for (const name of names) {
    say(`scenario 7: memory, ${name}`)
    const result = await runChild<MemoryResult>(children.memory, [name], 90_000)
    memory.push(result ?? { name, error: 'did not finish within 90 s' })
  }

  const results: BenchResults = {
    meta: {
      date: new Date().toISOString().slice(0, 10),
      node: process.version,
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus().length,
      totalSeconds: (performance.now() - started) / 1000,
    },
    cases,
    cpu,
    bundles,
    memory,
  }
  const here = import.meta.dirname
  await writeFile(join(here, 'results.json'), `${JSON.stringify(results, null, 1)}\n`)
  await writeFile(join(here, 'results.md'), writeMarkdown(results))
  await writeFile(join(here, 'results.svg'), writeSvg(results))
  say(`done in ${results.meta.totalSeconds.toFixed(0)} s: bench/results.md, bench/results.svg, bench/results.json`)
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
