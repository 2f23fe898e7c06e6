import { Bench } from 'tinybench'
import { CPU } from '../config'
import { cpuContenders } from '../contenders/index'
import { createFakeUni } from '../platform/createFakeUni'
import { installPlatform, muteConsoleLog } from '../platform/installPlatform'
import type { CpuResult } from '../types'

/**
 * Child process, scenario 5: the client's own cost per request, with a platform that answers at
 * once (a canned 200 on a microtask). Every contender gets a token first (one login), then tinybench
 * times batches of sequential `get`s, after a warm-up. The first task is the baseline, bare luch-request.
 */
async function main() {
  muteConsoleLog()
  installPlatform(createFakeUni({ checkTokens: false }))
  const bench = new Bench({ time: CPU.timeMs, warmupTime: CPU.warmupMs, warmup: true, throws: true })
  for (const contender of cpuContenders) {
    const client = contender.setup('https://api.example.com')
    await client.get('/api/item/1')
    bench.add(contender.name, async () => {
      for (let k = 0; k < CPU.batch; k++) await client.get('/api/item/1')
    })
  }
  await bench.run()
  const results: CpuResult[] = bench.tasks.map((task) => {
    const result = task.result
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`)
    const { p50, mean, rme, samplesCount } = result.latency
    const perRequestUs = (ms: number) => (ms * 1000) / CPU.batch
    return { name: task.name, medianUs: perRequestUs(p50), meanUs: perRequestUs(mean), rme, samples: samplesCount }
  })
  process.stdout.write(`${JSON.stringify(results)}\n`)
  process.exit(0)
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
