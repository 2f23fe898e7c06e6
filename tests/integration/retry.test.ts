import { afterEach, describe, expect, it } from 'vitest'
import {
  type ReloginEvent,
  retry,
} from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, settles, values } from '../support/settles'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

/** A client with the `retry()` feature, at `rule`. */
async function retrying(rule: Parameters<typeof retry>[0]) {
  const retries: Array<Extract<ReloginEvent, { type: 'request:retry' }>> = []
  client = await setupClient({ features: [retry(rule)], onEvent: (event) => event.type === 'request:retry' && retries.push(event) })
  await client.store.login()
  return { ...client, retries }
}

/** `/flaky/<key>` fails `fail` times with `status` (and `Retry-After`), then answers. */
const flaky = (key: string, query: Record<string, string | number>) => `/flaky/${key}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`

describe('retry of what is safe', () => {
  it('retries a GET on 503 up to the limit, then succeeds', async () => {
    const { api, server, retries } = await retrying(2)
    values(await settles([api.get(flaky('a', { fail: 2, status: 503 }))]))
    expect(server.arrivals.filter((path) => path === '/flaky/a')).toHaveLength(3)
    expect(retries.map((r) => r.attempt)).toEqual([1, 2])
  })

  it('honours Retry-After, capped by maxRetryAfter', async () => {
    const { api, retries } = await retrying({ limit: 2, maxRetryAfter: 80 })
    values(await settles([api.get(flaky('b', { fail: 2, status: 429, retryAfter: 0.05 }))]))
    values(await settles([api.get(flaky('c', { fail: 1, status: 503, retryAfter: 120 }))]))
    expect(retries.map((r) => r.delay)).toEqual([50, 50, 80])
  })

  it('never retries a POST without an idempotency key, and retries one with a key', async () => {
    const { api, server } = await retrying(2)
    const [unsafe] = (await settles([api.post(flaky('d', { fail: 1, status: 503 }), {}, { idempotencyKey: false })])).map(
      (r) => (r as PromiseRejectedResult).reason,
    )
    expect(codeOf(unsafe)).toBe('ERR_HTTP')
    expect(server.arrivals.filter((path) => path === '/flaky/d')).toHaveLength(1)
    values(await settles([api.post(flaky('e', { fail: 1, status: 503 }), {})]))
    expect(server.arrivals.filter((path) => path === '/flaky/e')).toHaveLength(2)
  })

  it('rejects a call with a bad retry at once, with a TypeError that names it', async () => {
    const { api, server } = await retrying(0)
    await expect(api.get('/echo/x', { retry: { limit: -1 } })).rejects.toThrow(/retry\.limit/)
    expect(server.arrivals.filter((path) => path === '/echo/x')).toHaveLength(0)
  })

  it('retries nothing unless configured, and a call can opt in or out', async () => {
    const { api, server } = await retrying(0)
    const [error] = (await settles([api.get(flaky('f', { fail: 1, status: 503 }))])).map((r) => (r as PromiseRejectedResult).reason)
    expect(codeOf(error)).toBe('ERR_HTTP')
    values(await settles([api.get(flaky('g', { fail: 1, status: 503 }), { retry: 1 })]))
    expect(server.arrivals.filter((path) => path === '/flaky/g')).toHaveLength(2)
  })
})
