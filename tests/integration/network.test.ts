import { reactive } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import { type ReloginEvent, offlineWait } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, settles, values } from '../support/settles'
import { until } from '../support/until'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

describe('a lost network', () => {
  it('holds requests while offline, then sends them in order, 10 at a time, after one login if the token expired meanwhile', async () => {
    const events = reactive<ReloginEvent[]>([])
    client = await setupClient({ onEvent: (event) => events.push(event), features: [offlineWait()] })
    const { api, server, store, uni } = client
    await store.login()
    const logins = uni.calls.login
    uni.setOnline(false)
    const burst = Array.from({ length: 25 }, (_, i) => api.get(`/echo/${i}`))
    await until(() => events.filter((e) => e.type === 'request:paused').length === 25)
    expect(uni.calls.request).toBe(1) // the login's exchange only
    server.expireAll()
    uni.setOnline(true)
    const results = values(await settles(burst))
    expect(results).toHaveLength(25)
    expect(uni.calls.login).toBe(logins + 1)
    expect(uni.maxInFlight).toBeLessThanOrEqual(10)
    const order = server.arrivals.filter((path) => /^\/echo\/\d+$/.test(path)).map((path) => Number(path.slice(6)))
    // First attempts in the order they were made (the expired ones replay after the login).
    expect(order.slice(0, 25)).toEqual(Array.from({ length: 25 }, (_, i) => i))
  })

  it("rejects at once with ERR_OFFLINE under offline: 'fail'", async () => {
    client = await setupClient({ features: [offlineWait('fail')] })
    await client.store.login()
    client.uni.setOnline(false)
    const [error] = (await settles([client.api.get('/echo/x')])).map((r) => (r as PromiseRejectedResult).reason)
    expect(codeOf(error)).toBe('ERR_OFFLINE')
  })

  it('waits no longer than the request\'s timeout', async () => {
    client = await setupClient({ features: [offlineWait()] })
    await client.store.login()
    client.uni.setOnline(false)
    const [error] = (await settles([client.api.get('/echo/x', { timeout: 50 })])).map((r) => (r as PromiseRejectedResult).reason)
    expect(codeOf(error)).toBe('ERR_OFFLINE')
  })
})
