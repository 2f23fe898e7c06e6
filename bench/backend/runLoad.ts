import autocannon from 'autocannon'
import type { BenchUser } from './prepareUsers'

export type Workload = 'get' | 'post'

export interface LoadResult {
  /** Summed over the instances. */
  requestsPerSecond: number
  /** The highest of the instances' p99s, in ms. */
  p99Ms: number
  /** Answers by HTTP status. */
  statuses: Record<string, number>
  /** POST only: distinct keys sent, sends that reused a key, keys answered fresh (not replayed) more than once. */
  keys?: { distinct: number; duplicateSends: number; answeredFreshTwice: number }
}

const DUPLICATE_SHARE = 0.1
const keyed = (context: object) => context as { key?: string }

/**
 * Drives every instance at once with autocannon (the connections split evenly), for `seconds`.
 * `get`: `GET /profile` with a random user's token. `post`: `POST /register` with an
 * `Idempotency-Key`, of which 10% reuse a key sent before (with that key's user and body), from
 * one pool shared by all instances, so a duplicate often lands on another instance than its first.
 */
export async function runLoad(urls: string[], users: BenchUser[], workload: Workload, { seconds = 10, connections = 20 } = {}): Promise<LoadResult> {
  const sent: Array<{ key: string; user: BenchUser }> = []
  const freshAnswers = new Map<string, number>()
  let duplicateSends = 0
  const pick = () => users[Math.floor(Math.random() * users.length)]!

  const nextPost = () => {
    if (sent.length > 0 && Math.random() < DUPLICATE_SHARE) {
      duplicateSends++
      return sent[Math.floor(Math.random() * sent.length)]!
    }
    const entry = { key: `bench-${sent.length}`, user: pick() }
    sent.push(entry)
    return entry
  }

  const request: autocannon.Request =
    workload === 'get'
      ? { method: 'GET', path: '/profile', setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${pick().token}` } }) }
      : {
          method: 'POST',
          path: '/register',
          // One request at a time per connection, so the context names the key of the answer that comes back.
          setupRequest: (req, context) => {
            const { key, user } = nextPost()
            keyed(context).key = key
            const headers = { 'content-type': 'application/json', authorization: `Bearer ${user.token}`, 'idempotency-key': key }
            return { ...req, headers, body: user.body }
          },
          onResponse: (status, _body, context, headers) => {
            const { key } = keyed(context)
            if (status === 200 && headers?.['idempotent-replayed'] !== 'true') freshAnswers.set(key!, (freshAnswers.get(key!) ?? 0) + 1)
          },
        }

  const results = await Promise.all(
    urls.map((url) => autocannon({ url, connections: Math.ceil(connections / urls.length), duration: seconds, requests: [request] })),
  )
  const statuses: Record<string, number> = {}
  for (const result of results) {
    for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = (statuses[status] ?? 0) + (count ?? 0)
  }
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests.average, 0),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    statuses,
    ...(workload === 'post' && {
      keys: { distinct: sent.length, duplicateSends, answeredFreshTwice: [...freshAnswers.values()].filter((n) => n > 1).length },
    }),
  }
}
