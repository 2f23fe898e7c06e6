import { Bench } from 'tinybench'
import { CPU } from '../config'
import { cpuContenders, inTurn } from '../contenders/index'
import { createFakeUni } from '../platform/createFakeUni'
import { installPlatform, muteConsoleLog } from '../platform/installPlatform'
import type { Client, CpuResult } from '../types'

/**
 * Child process, scenario 5: the client's own cost per request, with a platform that answers at
 * once (a canned 200 on a microtask). Every contender gets a token first (one login); then CPU.rounds
 * tinybench runs time batches of sequential `get`s, after a warm-up, the contenders in turns (see
 * `inTurn`); each contender's samples from all rounds are pooled. Results come in table order,
 * baseline (bare luch-request) first. Optional argument: the contenders to time, comma-separated.
 */
async function main() {
  muteConsoleLog()
  installPlatform(createFakeUni({ checkTokens: false }))
  const only = process.argv[2]?.split(',')
  const timed = only ? cpuContenders.filter((c) => only.includes(c.name)) : cpuContenders
  if (timed.length === 0) throw new Error(`no contender named ${only}`)
  const clients = new Map<string, Client>()
  for (const contender of timed) {
    const client = contender.setup('https://api.example.com')
    await client.get('/api/item/1')
    clients.set(contender.name, client)
  }
  const samples = new Map<string, number[]>(timed.map((c) => [c.name, []]))
  for (let round = 0; round < CPU.rounds; round++) {
    const bench = new Bench({ time: CPU.timeMs, warmupTime: CPU.warmupMs, warmup: true, throws: true, retainSamples: true })
    for (const { name } of inTurn(timed, round)) {
      const client = clients.get(name)!
      bench.add(name, async () => {
        for (let k = 0; k < CPU.batch; k++) await client.get('/api/item/1')
      })
    }
    await bench.run()
    for (const task of bench.tasks) {
      const result = task.result
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`)
      samples.get(task.name)!.push(...result.latency.samples!)
    }
  }
  const results: CpuResult[] = timed.map(({ name }) => ({ name, ...perRequest(samples.get(name)!) }))
  process.stdout.write(`${JSON.stringify(results)}\n`)
  process.exit(0)
}

/** Median, mean and the mean's relative margin of error (95%, normal approximation) of batch times, per request. */
function perRequest(batchMs: number[]): Omit<CpuResult, 'name'> {
  const sorted = [...batchMs].sort((a, b) => a - b)
  const n = sorted.length
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2
  const mean = sorted.reduce((sum, x) => sum + x, 0) / n
  const sd = Math.sqrt(sorted.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1))
  const us = (ms: number) => (ms * 1000) / CPU.batch
  return { medianUs: us(median), meanUs: us(mean), rme: (100 * 1.96 * sd) / Math.sqrt(n) / mean, samples: n }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
