import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildChildren } from './buildChildren'
import { approximateWithEsbuild } from './bundle/approximateWithEsbuild'
import { featureTable } from './bundle/featureTable'
import { addedBytes, FEATURES, measureBundles, TARGETS, VARIANTS, type Variant, type VariantSize } from './bundle/measureBundles'
import { summariseProfile } from './cpu/summariseProfile'
import { writeComparison } from './report/writeComparison'
import { writeMarkdown } from './report/writeMarkdown'
import { writeSvg } from './report/writeSvg'
import { runChild } from './runChild'
import type { BenchResults, CaseResult, CpuResult, MemoryResult } from './types'

/*
 * `npm run bench`: bundles the child processes, then runs, in order, CPU (one child, on a quiet
 * machine), bundle sizes (real uni builds), the expiry scenarios (one child plus the server's), and
 * memory (one child per contender). Writes results.md, results.svg and results.json next to this file.
 *
 * `npm run bench -- --quick`: CPU for uni-relogin and bare luch-request only, and the builds behind
 * `bundle`, `bundle-min` and the DevTools plugin's production cost at both targets; prints the key
 * numbers and writes nothing tracked.
 * `--features` (alone or with --quick): the core and the core plus each feature module, at both
 * targets; prints "What each feature adds" (bench/README.md) as markdown.
 * `--profile` (with or without --quick) also runs the CPU child for uni-relogin alone under
 * `node --cpu-prof` and prints its top functions by self time.
 */

// The contenders are named, not imported: importing them here would load luch-request's raw ESM into tsx.
const RELOGIN = 'uni-relogin'
const BARE_LUCH = 'bare luch-request'
const CPU_TIMEOUT_MS = 120_000

const say = (text: string) => process.stderr.write(`[bench] ${text}\n`)

/** The numbers the issue tracks, one line each: CPU ratio, and what uni-relogin adds to bare luch-request. */
function keyNumbers(cpu: CpuResult[], sizes: VariantSize[]): string[] {
  const median = (name: string) => cpu.find((c) => c.name === name)!.medianUs
  const lines = [`cpu ×${(median(RELOGIN) / median(BARE_LUCH)).toFixed(2)}`]
  for (const target of TARGETS) {
    if (!sizes.some((s) => s.target === target)) continue
    const suffix = target === 'default' ? '' : ` (${target})`
    lines.push(`bundle ${addedBytes(sizes, 'relogin-full', 'bare-luch', target).gzipBytes} B gz${suffix}`)
    lines.push(`bundle-min ${addedBytes(sizes, 'relogin-min', 'bare-luch', target).gzipBytes} B gz${suffix}`)
    const devtools = addedBytes(sizes, 'relogin-devtools', 'relogin-none', target)
    lines.push(`devtools plugin in production ${devtools.gzipBytes} B gz, ${devtools.rawBytes} B raw${suffix}`)
  }
  return lines
}

async function runCpu(file: string, names: string[]): Promise<CpuResult[]> {
  const cpu = await runChild<CpuResult[]>(file, names.length ? [names.join(',')] : [], CPU_TIMEOUT_MS)
  if (!cpu) throw new Error('the CPU child timed out')
  return cpu
}

/** The CPU child for uni-relogin alone under `node --cpu-prof`; prints its hottest functions. */
async function profileCpu(file: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'uni-relogin-profile-'))
  say('profile: the CPU child for uni-relogin under node --cpu-prof')
  // 100 µs sampling (default 1 ms): a couple of seconds of timing then gives some 20k samples.
  await runChild(file, [RELOGIN], CPU_TIMEOUT_MS, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100'])
  const profile = join(dir, (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'))!)
  say(`profile: ${profile} (open it in Chrome DevTools, Performance)`)
  const hot = summariseProfile(profile, 15)
  process.stdout.write(`self %  function  (source)\n`)
  for (const { name, where, selfPercent } of hot) process.stdout.write(`${selfPercent.toFixed(1).padStart(5)}%  ${name}  ${where}\n`)
}

/** `--quick` (the key numbers) and `--features` (the per-feature table), each alone or together. */
async function quick(children: Awaited<ReturnType<typeof buildChildren>>, flags: string[]) {
  const [key, features] = [flags.includes('--quick'), flags.includes('--features')]
  let cpu: CpuResult[] = []
  if (key) {
    say('CPU per request: uni-relogin and bare luch-request')
    cpu = await runCpu(children.cpu, [BARE_LUCH, RELOGIN])
    if (flags.includes('--profile')) await profileCpu(children.cpu)
  }
  // One build of relogin-min serves both: the core of `bundle-min` and of every feature row.
  const variants = new Set<Variant>([
    ...(key ? (['bare-luch', 'relogin-full', 'relogin-min', 'relogin-devtools', 'relogin-none'] as const) : []),
    ...(features ? ['relogin-min' as const, ...FEATURES.map((feature) => feature.variant)] : []),
  ])
  const sizes = await measureBundles([...variants], TARGETS, say)
  if (key) process.stdout.write(`${keyNumbers(cpu, sizes).join('\n')}\n`)
  if (features) process.stdout.write(`${featureTable(sizes).join('\n')}\n`)
}

async function full(children: Awaited<ReturnType<typeof buildChildren>>, profile: boolean, started: number) {
  say('scenario 5: CPU per request')
  const cpu = await runCpu(children.cpu, [])
  if (profile) await profileCpu(children.cpu)

  say('scenario 6: bundle sizes, real uni builds')
  const bundles = await measureBundles(VARIANTS, TARGETS, say)
  const esbuildBundle = await Promise.all(TARGETS.map(async (target) => ({ target, ...(await approximateWithEsbuild(target)) })))

  say('scenarios 1–4 (and the no-expiry reference)')
  const cases = await runChild<CaseResult[]>(children.scenarios, [], 720_000)
  if (!cases) throw new Error('the scenario child timed out')

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
    esbuildBundle,
    memory,
  }
  const here = import.meta.dirname
  await writeFile(join(here, 'results.json'), `${JSON.stringify(results, null, 1)}\n`)
  await writeFile(join(here, 'results.md'), writeMarkdown(results))
  await writeFile(join(here, 'results.svg'), writeSvg(results))
  writeComparison(join(here, '..'), results)
  for (const line of keyNumbers(cpu, bundles)) say(line)
  say(`done in ${results.meta.totalSeconds.toFixed(0)} s: bench/results.md, bench/results.svg, bench/results.json, and the comparison in the READMEs and docs/benchmarks.md`)
}

async function main() {
  const started = performance.now()
  const flags = process.argv.slice(2)
  const unknown = flags.filter((flag) => flag !== '--quick' && flag !== '--features' && flag !== '--profile')
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')} (known: --quick, --features, --profile)`)
  say('bundling the child processes')
  const children = await buildChildren()
  if (flags.includes('--quick') || flags.includes('--features')) await quick(children, flags)
  else await full(children, flags.includes('--profile'), started)
  say(`took ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
