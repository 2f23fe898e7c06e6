import { DEADLINE, LATENCY, MEMORY, PLATFORM_CAP, REPEATS } from '../config'
import { workloads, type Scenario } from '../scenarios/workloads'
import type { BenchResults, CaseResult, CountKey, MemoryResult } from '../types'
import { kb, ms, signedKb, table, times } from './format'

const notOk = (c: CaseResult) => c.failed + c.lost + c.hung
/** A count, with its range across the runs when the runs disagreed. */
const count = (c: CaseResult, key: CountKey) => {
  const range = c.ranges?.[key]
  return range ? `${c[key]} (${range[0]}–${range[1]})` : String(c[key])
}
/** A run with hung requests never finished: no time, no ratio. */
const took = (c: CaseResult) => (c.hung ? 'never' : ms(c.ms))
const ratio = (c: CaseResult) => (c.hung ? '—' : times(c.ms / c.idealMs))

const ABOUT: Record<Scenario, string> = {
  0: 'The same N requests with a valid token, no expiry: what each client and this harness cost on top of the floor (⌈N/10⌉ waves).',
  1: 'Every token expires, then N requests are issued at once. Floor: one stale round trip, one login, then ⌈N/10⌉ waves.',
  2: 'N requests are issued evenly over the ⌈N/10⌉ waves the platform needs for them; every token expires halfway, so some are in flight and some are new. Floor: the expiry shows in the first answer produced after it; then one login, then waves for every request issued from one round trip before the expiry on.',
  3: 'Every token expires and the exchange answers HTTP 500, with N requests issued. A correct client rejects every one of them once the single login fails. Floor: one stale round trip and one login.',
  4: 'One request reaches the server with the old token and is held there; every token expires; N other requests expire, log in and replay; only then does the held request answer 401. A client that remembers which token each request carried replays it without a second login.',
}

function scenarioSection(results: BenchResults, scenario: Scenario): string {
  const cases = results.cases.filter((c) => c.scenario === scenario)
  const head =
    scenario === 0
      ? ['contender', 'N', 'all settled in', '× floor']
      : ['contender', 'N', 'logins', 'stale sends', 'ok', 'failed', 'lost', 'hung', 'all settled in', '× floor']
  const counts: CountKey[] = ['logins', 'stale', 'ok', 'failed', 'lost', 'hung']
  const rows = cases.map((c) =>
    scenario === 0
      ? [c.contender, c.n, took(c), ratio(c)]
      : [c.contender, c.n, ...counts.map((key) => count(c, key)), took(c), ratio(c)],
  )
  const title = scenario === 0 ? workloads[0].title : `Scenario ${scenario}: ${workloads[scenario].title}`
  return `### ${title}\n\n${ABOUT[scenario]}\n\n${table(head, rows)}`
}

function summary(results: BenchResults): string {
  const names = [...new Set(results.cases.map((c) => c.contender))]
  const at = (scenario: Scenario, name: string) => results.cases.find((c) => c.scenario === scenario && c.contender === name && c.n === 1000)!
  const cpu = (name: string) => results.cpu.find((c) => c.name === name)
  const base = results.cpu[0]!
  const bundle = (name: string) => results.bundles.find((b) => b.name === name)
  const memory = (name: string) => results.memory.find((m) => m.name === name)
  const row = (label: string, cell: (name: string) => string) => [label, ...names.map(cell)]
  return table(
    ['at N = 1000', ...names],
    [
      row('S1 logins', (n) => count(at(1, n), 'logins')),
      row('S1 stale sends', (n) => count(at(1, n), 'stale')),
      row('S1 requests without their result', (n) => String(notOk(at(1, n)))),
      row('S1 all settled (ok or not), × floor', (n) => ratio(at(1, n))),
      row('S2 requests without their result', (n) => String(notOk(at(2, n)))),
      row('S2 all settled (ok or not), × floor', (n) => ratio(at(2, n))),
      row('S3 requests hung or lost', (n) => String(at(3, n).hung + at(3, n).lost)),
      row('S3 all settled in', (n) => took(at(3, n))),
      row('S4 logins (1 is right)', (n) => count(at(4, n), 'logins')),
      row(`S5 CPU per request, × ${base.name}`, (n) => (cpu(n) ? times(cpu(n)!.medianUs / base.medianUs) : '—')),
      row('S6 vendor.js added, gzip', (n) => (bundle(n) ? kb(bundle(n)!.gzipBytes) : '—')),
      row('S7 heap growth, 100k requests', (n) => {
        const m = memory(n)
        if (!m || 'error' in m) return '—'
        return m.hungAt ? `hangs (cycle ${m.hungAt.cycle})` : signedKb(m.growthBytes)
      }),
    ],
    [false, ...names.map(() => true)],
  )
}

function cpuSection({ cpu }: BenchResults): string {
  const base = cpu[0]!
  const rows = cpu.map((c) => [c.name, c.medianUs.toFixed(2), times(c.medianUs / base.medianUs), `${c.meanUs.toFixed(2)} ± ${c.rme.toFixed(0)}%`])
  return table(['contender', 'median µs / request', `× ${base.name}`, 'mean µs (± rme)'], rows)
}

function bundleSection({ bundles }: BenchResults): string {
  return table(
    ['stack', 'what is counted', 'minified', 'gzip'],
    bundles.map((b) => [b.name, b.counts, kb(b.minBytes), kb(b.gzipBytes)]),
  )
}

function memorySection({ memory }: BenchResults): string {
  const rows = memory.map((m) => {
    if ('error' in m) return [m.name, m.error, '', '', '', '', '', '']
    const r = m as MemoryResult
    const verdict = r.hungAt ? `stopped: ${r.hungAt.hung} hung in cycle ${r.hungAt.cycle}` : Math.abs(r.growthBytes) < 1024 * 1024 ? 'yes' : 'no'
    return [r.name, `${r.requests} (${r.failed} rejected)`, r.logins, kb(r.baselineBytes), kb(r.finalBytes), signedKb(r.growthBytes), kb(r.spreadBytes), verdict]
  })
  return table(['contender', 'requests', 'logins', 'heap after warm-up', 'heap after', 'growth', 'spread of samples', 'growth < 1 MB'], rows)
}

/** The whole of results.md. */
export function writeMarkdown(results: BenchResults): string {
  const { meta } = results
  return `# Benchmark results

Generated by \`npm run bench\` on ${meta.date} · Node ${meta.node} · ${meta.cpu} × ${meta.cores} · whole run ${meta.totalSeconds.toFixed(0)} s.
How it works and what to keep in mind: [bench/README.md](./README.md). Raw numbers: [results.json](./results.json).

Every contender ran on the same Node uni runtime (real HTTP), against the same local server, with the
same injected latencies: API request ${LATENCY.requestMs} ms, \`wx.login\` ${LATENCY.codeMs} ms, code exchange ${LATENCY.loginMs} ms.
The platform runs at most ${PLATFORM_CAP} requests at once and queues the rest in FIFO order, as WeChat does.
Each row is the median-time run of ${REPEATS}; a count that differed between the runs shows its range.
"Stale sends": API requests that reached the server with a token that was no longer valid.
"Lost": resolved, but without the request's own body (the caller thinks it worked). "Hung": still pending
after the platform had been quiet for ${DEADLINE.idleMs / 1000} s, so nothing was left to settle it.
"× floor": time until every request settled, over the physical floor for the workload (see each scenario).

## Summary

![Benchmark chart](./results.svg)

${summary(results)}

## Expiry scenarios

${([0, 1, 2, 3, 4] as const).map((s) => scenarioSection(results, s)).join('\n\n')}

## Scenario 5: CPU per request

An instant in-process platform (\`uni.request\` answers a canned 200 on a microtask, no network), a valid
token, and tinybench timing batches of 100 sequential requests after a warm-up. The median is stable
from run to run; the mean includes GC pauses and moves more.

${cpuSection(results)}

## Scenario 6: bundle cost

Bytes added to a production mp-weixin \`vendor.js\`, approximated with esbuild the way uni's vite build
minifies (target \`modules\`, production defines, \`vue\` external because uni ships its own runtime),
gzip level 9. For the luch-request stacks, the difference between the app with and without the layer.

${bundleSection(results)}

## Scenario 7: memory over ${(MEMORY.cycles * MEMORY.perCycle) / 1000}k requests

${MEMORY.cycles} expiry cycles of ${MEMORY.perCycle} concurrent requests each, on the instant platform, one child
process per contender (\`node --expose-gc\`). The heap is read after forced GC once after ${MEMORY.warmupCycles} warm-up
cycles and then every ${MEMORY.sampleEvery} cycles; growth is last minus first.

${memorySection(results)}
`
}
