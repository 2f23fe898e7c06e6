export interface LoginLoadResult {
  requestsPerSecond: number
  p99Ms: number
  /** Answers by HTTP status. */
  statuses: Record<string, number>
}

/**
 * `attempts` logins from one client IP, `concurrency` at a time, spread round-robin over the
 * instances, each as a distinct user (so only the per-IP limit applies). Each gets a fresh code
 * from the fake WeChat of the instance it logs in through, which is not counted.
 */
export async function runLogins(urls: string[], { attempts, concurrency }: { attempts: number; concurrency: number }): Promise<LoginLoadResult> {
  const statuses: Record<string, number> = {}
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  const worker = async () => {
    for (let i = next++; i < attempts; i = next++) {
      const url = urls[i % urls.length]!
      const { code } = (await (await fetch(`${url}/dev/code?openid=bench-login-${i}`)).json()) as { code: string }
      const sent = performance.now()
      const response = await fetch(`${url}/v1/cif/loginByCode.do`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
      await response.arrayBuffer()
      latencies.push(performance.now() - sent)
      statuses[response.status] = (statuses[response.status] ?? 0) + 1
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  latencies.sort((a, b) => a - b)
  return {
    requestsPerSecond: attempts / ((performance.now() - started) / 1000),
    p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)]!),
    statuses,
  }
}
