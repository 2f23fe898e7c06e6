import { setImmediate } from 'node:timers/promises'
import { MEMORY } from '../config'
import { contenders } from '../contenders/index'
import { createFakeUni } from '../platform/createFakeUni'
import { installPlatform, muteConsoleLog } from '../platform/installPlatform'
import type { MemoryResult } from '../types'

const gcNow = globalThis.gc ?? (() => { throw new Error('run with node --expose-gc') })

/** Full collections, with turns of the event loop between them so nothing is still referenced from a tick. */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gcNow()
    await setImmediate()
  }
  return process.memoryUsage().heapUsed
}

/**
 * Child process, scenario 7, one contender per process: 1,000 expiry cycles of 100 concurrent
 * requests (100k requests) on the in-process platform; the heap is sampled after forced GC every
 * 100 cycles. A cycle that leaves requests unsettled ends the run: hung promises are retained by
 * design, so growth after that point would measure the hang, not the client.
 */
async function main() {
  muteConsoleLog()
  if (process.argv[2] === '--list') {
    process.stdout.write(`${JSON.stringify(contenders.map((c) => c.name))}\n`)
    process.exit(0)
  }
  const contender = contenders.find((c) => c.name === process.argv[2])
  if (!contender) throw new Error(`unknown contender ${process.argv[2]}`)
  const platform = createFakeUni({ checkTokens: true })
  installPlatform(platform)
  const client = contender.setup('https://api.example.com')

  let failed = 0
  async function cycle(): Promise<number> {
    platform.expireAll()
    let pending = MEMORY.perCycle
    const all = Promise.all(
      Array.from({ length: MEMORY.perCycle }, (_, i) =>
        client.get(`/api/item/${i}`).then(
          () => pending--,
          () => (pending--, failed++),
        ),
      ),
    )
    let timer: NodeJS.Timeout | undefined
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, MEMORY.cycleDeadlineMs)))])
    clearTimeout(timer)
    return pending
  }

  for (let k = 0; k < MEMORY.warmupCycles; k++) await cycle()
  const samples = [await settledHeap()]
  const loginsBefore = platform.stats.logins
  failed = 0
  let ms = 0
  let hungAt: MemoryResult['hungAt']
  let cycles = 0
  while (cycles < MEMORY.cycles && !hungAt) {
    const start = performance.now()
    for (let k = 0; k < MEMORY.sampleEvery && !hungAt; k++) {
      const hung = await cycle()
      cycles++
      if (hung) hungAt = { cycle: cycles, hung }
    }
    ms += performance.now() - start
    samples.push(await settledHeap())
  }
  const baselineBytes = samples[0]!
  const finalBytes = samples[samples.length - 1]!
  const result: MemoryResult = {
    name: contender.name,
    requests: cycles * MEMORY.perCycle,
    failed,
    samples,
    cycles,
    logins: platform.stats.logins - loginsBefore,
    baselineBytes,
    finalBytes,
    growthBytes: finalBytes - baselineBytes,
    spreadBytes: Math.max(...samples) - Math.min(...samples),
    hungAt,
    ms,
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exit(0)
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
