import { DEADLINE } from '../config'
import { createCappedUni } from '../platform/createCappedUni'
import { installPlatform } from '../platform/installPlatform'
import type { ServerProcess } from '../server/connectBenchServer'
import type { CaseResult, Client, Contender } from '../types'
import { createTracker } from './createTracker'
import { workloads, type Scenario } from './workloads'

/**
 * One run: a fresh server, a fresh capped runtime installed as `uni`/`wx`, a fresh client; a
 * warm-up that leaves the client holding a valid token; then the workload, measured. The run
 * ends by killing the runtime and dropping every connection, whatever the contender still does.
 */
export async function runCase(servers: ServerProcess, scenario: Scenario, contender: Contender, n: number): Promise<CaseResult> {
  const server = await servers.start()
  const platform = createCappedUni(`${server.url}/dev/code`)
  installPlatform(platform)
  const client = contender.setup(server.url)
  try {
    await warmUp(client)
    await server.resetStats()
    const workload = workloads[scenario]
    const idealMs = workload.idealMs(n)
    const budgetMs = DEADLINE.floorMs + DEADLINE.factor * idealMs
    const tracker = createTracker(platform.quietMs)
    await workload.run({
      server,
      n,
      issue: (i, path) => tracker.add(i, () => client.get(path)),
      drain: (requests) => tracker.drain(requests, budgetMs),
    })
    const outcome = await tracker.until(budgetMs)
    const { logins, stale, maxInFlight } = await server.stats()
    return { scenario, contender: contender.name, n, logins, stale, ...outcome, idealMs, maxInFlight }
  } finally {
    platform.kill()
    client.dispose()
    await server.close()
  }
}

const WARM_UP_PATHS = Array.from({ length: 11 }, (_, k) => `/api/item/${100_000 + k}`)

/** One request (which logs in), then ten at once: JIT warmed, a valid token held, no expiry pending. */
async function warmUp(client: Client): Promise<void> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('warm-up timed out')), 5_000))
  await Promise.race([client.get(WARM_UP_PATHS[0]!), timeout])
  await Promise.race([Promise.all(WARM_UP_PATHS.slice(1).map((path) => client.get(path))), timeout])
}
