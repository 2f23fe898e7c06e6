import { LATENCY, LOGIN_RTT, PLATFORM_CAP } from '../config'
import type { RemoteServer } from '../server/connectBenchServer'

export type Scenario = 0 | 1 | 2 | 3 | 4

export interface WorkloadContext {
  server: RemoteServer
  n: number
  /** Issues request `i` for `path` now; the promise settles (never rejects) when the request does. */
  issue(i: number, path: string): Promise<void>
  /** Resolves when all of `requests` have settled, or once the rest are hung (see DEADLINE). */
  drain(requests: Array<Promise<void>>): Promise<void>
}

export interface Workload {
  title: string
  /** Issues the whole workload; resolves once the last request has been issued. */
  run(context: WorkloadContext): Promise<void>
  /**
   * The physical lower bound, from the injected latencies and the 10-call cap, for a client that
   * learns of an expiry only from a response: broadly, the time the load takes with no expiry, plus
   * one stale round trip that reveals it and one login.
   */
  idealMs(n: number): number
}

const { requestMs } = LATENCY
const waves = (n: number) => Math.ceil(n / PLATFORM_CAP)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const issueAll = ({ n, issue }: WorkloadContext) => Array.from({ length: n }, (_, i) => issue(i, `/api/item/${i}`))

/** Scenario 2 issues N requests evenly over the time the platform needs to carry them. */
const streamWindow = (n: number) => waves(n) * requestMs

/**
 * Scenario 2's floor. Tokens are checked when the answer is produced, so every request issued from
 * `expiry - requestMs` on comes back stale or must wait for the login. The first of them reveals
 * the expiry no earlier than the expiry itself; after one login, all of them still need their waves.
 */
function streamFloor(n: number): number {
  const window = streamWindow(n)
  const issuedAt = (i: number) => (i * window) / n
  const expiry = window / 2
  const first = Array.from({ length: n }, (_, i) => i).find((i) => issuedAt(i) >= expiry - requestMs) ?? n - 1
  const affected = n - first
  const revealed = Math.max(expiry, issuedAt(first) + requestMs)
  return Math.max(issuedAt(n - 1) + requestMs, revealed + LOGIN_RTT + waves(affected) * requestMs)
}

export const workloads: Record<Scenario, Workload> = {
  0: {
    title: 'Reference: N requests, no expiry',
    async run(context) {
      issueAll(context)
    },
    idealMs: (n) => waves(n) * requestMs,
  },
  1: {
    title: 'All tokens expire, then N requests',
    async run(context) {
      await context.server.expireAll()
      issueAll(context)
    },
    idealMs: (n) => requestMs + LOGIN_RTT + waves(n) * requestMs,
  },
  2: {
    title: 'Tokens expire in the middle of a stream of N requests',
    async run({ server, n, issue }) {
      const window = streamWindow(n)
      const start = performance.now()
      let expired = false
      for (let i = 0; i < n; i++) {
        const due = start + (i * window) / n
        // Timers are ~1 ms coarse: catch up on every request (and the expiry) whose time has come.
        if (due > performance.now()) await sleep(due - performance.now())
        if (!expired && performance.now() - start >= window / 2) {
          await server.expireAll()
          expired = true
        }
        void issue(i, `/api/item/${i}`)
      }
      if (!expired) {
        await sleep(Math.max(0, start + window / 2 - performance.now()))
        await server.expireAll()
      }
    },
    idealMs: streamFloor,
  },
  3: {
    title: 'Login fails (the exchange answers 500), N requests waiting',
    async run(context) {
      await context.server.setLoginFails(true)
      await context.server.expireAll()
      issueAll(context)
    },
    // One stale round trip and one failed login; then every waiting request can be rejected at once.
    idealMs: () => requestMs + LOGIN_RTT,
  },
  4: {
    title: 'A request sent with the old token answers 401 after N others have refreshed it',
    async run(context) {
      const { server, n, issue } = context
      // Request n reaches the server carrying the old token, and is held there.
      void issue(n, `/api/hold/${n}`)
      await server.whenHeld(1)
      await server.expireAll()
      // The N others expire, refresh and replay; then the held one answers 401.
      await context.drain(issueAll(context))
      await server.release()
    },
    // The held request keeps one slot, so the N others run in waves of 9.
    idealMs: (n) => requestMs + LOGIN_RTT + Math.ceil(n / (PLATFORM_CAP - 1)) * requestMs + requestMs,
  },
}
