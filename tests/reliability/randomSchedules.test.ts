import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isReloginError } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { settles } from '../support/settles'
import { sleep, tokenId } from '../support/startApiServer'

/*
 * Seeded random schedules: request mixes, expiry points, latencies and login failures drawn by
 * fast-check, run over real HTTP. A failing run prints its seed and path; replay it with
 * FC_SEED=<seed> FC_PATH=<path>. FC_RUNS sets how many schedules run (default 1000).
 */
type Op =
  | { type: 'get' | 'post'; at: number; latency: number }
  | { type: 'expire'; at: number }
  | { type: 'loginFailure'; at: number }

const at = fc.integer({ min: 0, max: 30 })
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constantFrom('get' as const, 'post' as const), at, latency: fc.integer({ min: 0, max: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('expire' as const), at }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('loginFailure' as const), at }) },
)

let client: ClientSetup
let sequence = 0
let sends: Array<{ id: string; seq: number }> = []
let bounces: Array<{ id: string; seq: number; response: object }> = []

beforeAll(async () => {
  client = await setupClient()
  // Every platform send, with the token it carried (as an id, never the token itself).
  const { uni } = client
  const request = uni.request.bind(uni)
  uni.request = ((options: Parameters<typeof request>[0]) => {
    const token = /^Bearer (.+)$/.exec(String(options.header?.Authorization ?? ''))?.[1] ?? null
    if (token) sends.push({ id: tokenId(token), seq: ++sequence })
    return request(options)
  }) as typeof request
})
afterAll(() => client.server.close())

async function runSchedule(ops: Op[]) {
  const { server, uni } = client
  server.expireAll()
  server.failNextLogins = 0
  server.performed.clear()
  uni.clearStorageSync()
  sends = []
  bounces = []
  const { api, store } = client.restart({
    // Few slots, so requests queue and the queue's own rules are exercised too.
    maxConcurrent: 3,
    // The moment the client learns a token is dead: from here on, sending it again is a bug.
    isExpired: (response) => {
      const expired = response.statusCode === 401
      const id = response.header['x-token-id']
      if (expired && id) bounces.push({ id, seq: ++sequence, response })
      return expired
    },
  })
  await store.login()
  const loginsBefore = uni.calls.login

  const calls: Promise<unknown>[] = []
  const keys: string[] = []
  const started = Date.now()
  for (const next of [...ops].sort((a, b) => a.at - b.at)) {
    // A sleep, because the schedule's timing is what is under test: each operation at its own moment.
    await sleep(Math.max(0, next.at - (Date.now() - started)))
    if (next.type === 'expire') server.expireAll()
    else if (next.type === 'loginFailure') server.failNextLogins++
    else {
      const key = `k${keys.length}-${Math.random()}`
      keys.push(key)
      const params = { delay: next.latency }
      const call = next.type === 'get' ? api.get('/echo/r', { params }) : api.post('/echo/w', {}, { params, idempotencyKey: key })
      // Rejections are outcomes here, judged below; mark them handled while the schedule goes on.
      call.catch(() => {})
      calls.push(call)
    }
  }

  // 1. Everything settles.
  const outcomes = await settles(calls, 10_000)
  // 2. Logins are bounded by what can invalidate a session.
  const expiries = ops.filter((o) => o.type === 'expire').length
  const failures = ops.filter((o) => o.type === 'loginFailure').length
  expect(uni.calls.login - loginsBefore).toBeLessThanOrEqual(expiries + failures)
  // 3. No request leaves with a token the client already knew was dead. A bounce that ends a
  // request at the loop guard does not count as knowing: by the documented rule, one endpoint
  // refusing a token just obtained leaves the session as it is.
  const atGuard = new Set(
    outcomes.flatMap((o) => (o.status === 'rejected' && isReloginError(o.reason) && o.reason.code === 'ERR_RELOGIN_LOOP' ? [o.reason.response] : [])),
  )
  const knownStale = new Map<string, number>()
  for (const { id, seq, response } of bounces) if (!atGuard.has(response as never) && !knownStale.has(id)) knownStale.set(id, seq)
  const wasted = sends.filter((send) => (knownStale.get(send.id) ?? Infinity) < send.seq)
  expect(wasted).toEqual([])
  // 4. No mutation ran twice.
  for (const key of keys) expect(server.performed.get(key) ?? 0).toBeLessThanOrEqual(1)
}

describe('random schedules', () => {
  it('settle everything, bound logins, never resend a dead token and never duplicate a mutation', async () => {
    const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), runSchedule), {
      numRuns: Number(process.env.FC_RUNS ?? 1000),
      seed,
      path: process.env.FC_PATH,
      endOnFailure: true,
    })
  }, 600_000)
})
