import { addedBytes, STACKS, TARGETS, VARIANTS, type Target } from '../bundle/measureBundles'
import { CPU, DEADLINE, LATENCY, MEMORY, PLATFORM_CAP, REPEATS } from '../config'
import { workloads, type Scenario } from '../scenarios/workloads'
import type { BenchResults, CaseResult, CountKey, MemoryResult } from '../types'
import { bytes, count, kb, ms, notOk, signedKb, table, times } from './format'

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
  const bundle = (name: string) => STACKS.find((stack) => stack.contenders?.includes(name))
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
      row('S6 vendor.js added to the baseline app, gzip', (n) => {
        const stack = bundle(n)
        return stack ? bytes(addedBytes(results.bundles, stack.variant, 'baseline', 'default').gzipBytes) : '—'
      }),
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

function bundleSection({ bundles }: BenchResults, target: Target): string {
  const pair = (added: { rawBytes: number; gzipBytes: number }) => [bytes(added.rawBytes), bytes(added.gzipBytes)]
  const rows = STACKS.map(({ name, variant, library }) => [
    name,
    library?.name ?? '—',
    ...pair(addedBytes(bundles, variant, 'baseline', target)),
    ...(library ? pair(addedBytes(bundles, variant, library.variant, target)) : ['—', '—']),
  ])
  return table(['stack', 'its HTTP library', 'added to the baseline app', 'gzip', 'beyond its HTTP library', 'gzip'], rows, [false, false, true, true, true, true])
}

/** The former esbuild-only figure for `bundle`, shown only while it stays within 10% of the real build. */
function esbuildCheck({ bundles, esbuildBundle }: BenchResults): string {
  const checks = esbuildBundle.map(({ target, gzipBytes }) => {
    const real = addedBytes(bundles, 'relogin-full', 'bare-luch', target).gzipBytes
    return { target, gzipBytes, off: (gzipBytes - real) / real }
  })
  const percent = (off: number) => `${off < 0 ? '−' : '+'}${Math.abs(100 * off).toFixed(1)}%`
  if (checks.some(({ off }) => Math.abs(off) > 0.1)) {
    return `The former esbuild-only approximation is more than 10% off the real build (${checks.map((c) => `${c.target} ${percent(c.off)}`).join(', ')}), so it is not used.`
  }
  return `The former esbuild-only approximation (the same modules, esbuild alone) agrees within 10%: ${checks.map((c) => `${bytes(c.gzipBytes)} at ${c.target} (${percent(c.off)})`).join(', ')}.`
}

function vendorSection({ bundles }: BenchResults): string {
  const size = (variant: string, target: Target) => bundles.find((b) => b.variant === variant && b.target === target)!
  const rows = VARIANTS.map((variant) => [variant, ...TARGETS.flatMap((target) => [bytes(size(variant, target).rawBytes), bytes(size(variant, target).gzipBytes)])])
  return table(['app', ...TARGETS.flatMap((target) => [`vendor.js, ${target}`, 'gzip'])], rows)
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
The contenders take turns: for each scenario and N, every repeat runs each contender once, and each such
round starts one contender later than the round before, so none is always first or last.

The two axios-auth-refresh rows differ in one option, \`deduplicateRefresh\` (5.0.2):
- **axios-auth-refresh** (its default, \`true\`): while a refresh runs, any other 401 that comes back is
  rejected as it is, neither refreshed nor retried; requests sent in that time wait for the refresh.
- **axios-auth-refresh (dedupe off)** (\`false\`): every 401 is caught; one that comes back during a refresh
  joins it and is retried, one that comes back after it starts a new refresh.

## Summary

![Benchmark chart](./results.svg)

${summary(results)}

## Expiry scenarios

${([0, 1, 2, 3, 4] as const).map((s) => scenarioSection(results, s)).join('\n\n')}

## Scenario 5: CPU per request

An instant in-process platform (\`uni.request\` answers a canned 200 on a microtask, no network), a valid
token, and tinybench timing batches of ${CPU.batch} sequential requests, in ${CPU.rounds} rounds of ${CPU.timeMs} ms per contender
(each after ${CPU.warmupMs} ms of warm-up). The contenders take turns, each round starting one contender later, and
each one's samples from all rounds are pooled. The median is stable from run to run; the mean includes
GC pauses and moves more.

${cpuSection(results)}

## Scenario 6: bundle cost

Each stack is a one-page app built with the real production \`uni build -p mp-weixin\` (this repo's vite
config; uni-relogin as its npm package ships it, \`dist/npm\`), and measured by its \`common/vendor.js\`,
gzip level 9. The baseline app has vue, uni's runtime and pinia with a store in use, and no HTTP library;
every stack is that app plus what it needs, its own setup code included. "Added to the baseline app" is
the fair comparison: each stack brings its whole HTTP library. "Beyond its HTTP library" subtracts the
same app with only that library and a token header (bare luch-request, alova with its uniapp adapter,
axios with the uni adapter): the cost of the re-login layer itself.

uni-relogin over bare luch-request, gzip: **${bytes(addedBytes(results.bundles, 'relogin-full', 'bare-luch', 'default').gzipBytes)}** with every feature the sample uses
(\`bundle\`), **${bytes(addedBytes(results.bundles, 'relogin-min', 'bare-luch', 'default').gzipBytes)}** with silent re-login only (\`bundle-min\`); with \`build.target: 'es6'\`,
${bytes(addedBytes(results.bundles, 'relogin-full', 'bare-luch', 'es6').gzipBytes)} and ${bytes(addedBytes(results.bundles, 'relogin-min', 'bare-luch', 'es6').gzipBytes)}. ${esbuildCheck(results)}

### uni's default target (vite's \`modules\`)

${bundleSection(results, 'default')}

### \`build.target: 'es6'\`

${bundleSection(results, 'es6')}

### Every app's \`common/vendor.js\`

${vendorSection(results)}

## Scenario 7: memory over ${(MEMORY.cycles * MEMORY.perCycle) / 1000}k requests

${MEMORY.cycles} expiry cycles of ${MEMORY.perCycle} concurrent requests each, on the instant platform, one child
process per contender (\`node --expose-gc\`). The heap is read after forced GC once after ${MEMORY.warmupCycles} warm-up
cycles and then every ${MEMORY.sampleEvery} cycles; growth is last minus first.

${memorySection(results)}
`
}
