import { DEADLINE } from '../config'

export interface Outcome {
  ok: number
  failed: number
  lost: number
  hung: number
  /** From the first request issued to the last one settled (with hung ones, not the end of the run). */
  ms: number
}

/**
 * Counts how each issued request ends. "ok" means it resolved with its own body (`echo === i`);
 * anything else it resolved with is "lost": the caller believes it succeeded and has nothing.
 * A request still pending once the platform has been quiet for `DEADLINE.idleMs`, or at the hard
 * deadline, is "hung".
 */
export function createTracker(quietMs: () => number) {
  const counts = { ok: 0, failed: 0, lost: 0 }
  let pending = 0
  let startedAt = 0
  let lastSettledAt = 0

  function add(i: number, request: () => Promise<unknown>): Promise<void> {
    if (!startedAt) startedAt = performance.now()
    pending++
    const settle = () => {
      pending--
      lastSettledAt = performance.now()
    }
    // A contender that throws synchronously counts as a rejection, not a crash of the harness.
    return new Promise<unknown>((resolve) => resolve(request())).then(
      (value) => ((value as { echo?: unknown } | undefined)?.echo === i ? counts.ok++ : counts.lost++, settle()),
      () => (counts.failed++, settle()),
    )
  }

  /** Resolves true when `done()` holds, false when it gave up (quiet platform or deadline). */
  function waitFor(done: () => boolean, deadlineAt: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (done()) return resolve(true)
        if (quietMs() >= DEADLINE.idleMs || performance.now() >= deadlineAt) return resolve(false)
        setTimeout(check, 5)
      }
      check()
    })
  }

  return {
    add,
    /** Waits for `requests` to settle, or until the rest are hung. */
    async drain(requests: Array<Promise<void>>, budgetMs: number): Promise<void> {
      let left = requests.length
      requests.forEach((request) => request.then(() => left--))
      await waitFor(() => left === 0, performance.now() + budgetMs)
    },
    /** Call once every request is issued: waits for all to settle, or counts the rest hung. */
    async until(budgetMs: number): Promise<Outcome> {
      await waitFor(() => pending === 0, startedAt + budgetMs)
      return { ...counts, hung: pending, ms: lastSettledAt ? lastSettledAt - startedAt : 0 }
    },
  }
}
