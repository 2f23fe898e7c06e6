import { afterEach, describe, expect, it } from 'vitest'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { settles, values } from '../support/settles'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

describe("WeChat's limit of 10 platform calls", () => {
  it('keeps 200 concurrent requests across an expiry to 10 in flight, with one login and no stale sends', async () => {
    client = await setupClient()
    const { api, server, store, uni } = client
    await store.login()
    const oldToken = store.token
    server.expireAll()
    server.delays.set('/echo/item', 20)

    const results = values(await settles(Array.from({ length: 200 }, (_, i) => api.get<{ query: { i: string } }>('/echo/item', { params: { i } })), 20_000))

    expect(results.map((r) => Number(r.query.i))).toEqual(Array.from({ length: 200 }, (_, i) => i))
    // The runtime queues past 10 as WeChat does; the package's own limiter never lets a call wait there.
    expect(uni.maxQueued).toBe(0)
    expect(uni.maxInFlight).toBeLessThanOrEqual(10)
    expect(server.maxInFlight).toBeLessThanOrEqual(10)
    expect(uni.calls.login).toBe(2)
    // Only the first wave, already out when the expiry was discovered, carried the old token.
    expect(server.seen.filter((s) => s.token === oldToken).length).toBeLessThanOrEqual(10)
  })

  it('honours maxConcurrent', async () => {
    client = await setupClient({ maxConcurrent: 3 })
    const { api, server, uni } = client
    server.delays.set('/public/slow', 30)
    values(await settles(Array.from({ length: 12 }, () => api.get('/public/slow', { auth: false }))))
    expect(uni.maxInFlight).toBe(3)
  })

  it('lets the login exchange go before requests queued earlier', async () => {
    client = await setupClient({ maxConcurrent: 2 })
    const { api, server } = client
    server.delays.set('/public/slow', 150)
    const busy = [api.get('/public/slow', { auth: false }), api.get('/public/slow', { auth: false })]
    const queued = Array.from({ length: 4 }, () => api.get('/public/slow', { auth: false }))
    await server.whenArrived('/public/slow', 2)
    const needsLogin = api.get('/echo/me')
    values(await settles([...busy, ...queued, needsLogin]))
    // After the first two slow calls, the login's code and exchange go before the four queued calls.
    expect(server.arrivals.slice(2, 4)).toEqual(['/dev/code', '/login'])
  })

  it('frees the place of a queued request that is aborted', async () => {
    const { createAbortController } = await import('../../src/index')
    client = await setupClient({ maxConcurrent: 1 })
    const { api, server } = client
    server.delays.set('/public/slow', 100)
    const first = api.get('/public/slow', { auth: false })
    const controller = createAbortController()
    const aborted = api.get('/public/slow', { auth: false, signal: controller.signal })
    const third = api.get('/public/slow', { auth: false })
    // The first is at the server, so all three are past the interceptors: one in flight, two queued.
    await server.whenArrived('/public/slow')
    controller.abort()
    const [a, b, c] = await settles([first, aborted, third])
    expect([a!.status, b!.status, c!.status]).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(server.arrivals.filter((p) => p === '/public/slow')).toHaveLength(2)
  })
})
