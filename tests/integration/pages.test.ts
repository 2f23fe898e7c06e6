import { effectScope } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import { useApi, type LoginResult } from '../../src/index'
import { deferred } from '../support/deferred'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, settles, values } from '../support/settles'
import { until } from '../support/until'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

/** A page: its setup's effect scope, and the `useApi()` it got there. */
function openPage(options?: Parameters<typeof useApi>[0]) {
  const scope = effectScope()
  const api = scope.run(() => useApi(options))!
  return { api, close: () => scope.stop() }
}

describe('requests follow the page that made them', () => {
  it('a closed page\'s queued, held and in-flight requests end with ERR_CANCELED and are never sent again; other pages go on', async () => {
    const gate = deferred()
    let gated = false
    client = await setupClient({
      maxConcurrent: 2,
      exchange: async (code, http) => {
        if (gated) await gate.promise
        return (await http.post('/login', { code })).data as LoginResult
      },
    })
    const { server, store, uni } = client
    await store.login()
    const page = openPage()
    const other = openPage()

    // Both slots busy (the server takes its time), so the next request queues.
    server.delays.set('/echo/flying', 30_000)
    server.delays.set('/echo/filler', 30_000)
    const flying = page.api.get('/echo/flying').catch((e: unknown) => e)
    const filler = other.api.get('/echo/filler').catch((e: unknown) => e)
    await Promise.all([server.whenArrived('/echo/flying'), server.whenArrived('/echo/filler')])
    const queued = page.api.post('/echo/queued', { n: 1 }).catch((e: unknown) => e)
    // A login in flight holds what comes next.
    gated = true
    const login = store.login()
    await until(() => store.status === 'logging-in')
    const waiting = page.api.get('/echo/held').catch((e: unknown) => e)

    page.close()
    expect((await Promise.all([flying, queued, waiting])).map(codeOf)).toEqual(['ERR_CANCELED', 'ERR_CANCELED', 'ERR_CANCELED'])
    // The page's requests never stopped the login the others wait for.
    gate.resolve()
    values(await settles([login, other.api.get('/echo/other')]))
    expect(uni.inFlight).toBe(1) // the other page's slow request is still going
    other.close()
    expect(codeOf(await filler)).toBe('ERR_CANCELED')
    expect(server.arrivals.filter((path) => path === '/echo/queued' || path === '/echo/held')).toEqual([])
    expect(server.arrivals.filter((path) => path === '/echo/flying')).toHaveLength(1)
  })

  it('keeps a call alive with keepAlive, per call and per useApi()', async () => {
    client = await setupClient()
    const { server, store } = client
    await store.login()
    // In flight when the pages close: the server answers only a moment later.
    server.delays.set('/echo/kept', 200)
    server.delays.set('/echo/kept-too', 200)
    const page = openPage()
    const keptPage = openPage({ keepAlive: true })
    const kept = page.api.get('/echo/kept', { keepAlive: true })
    const keptByPage = keptPage.api.get('/echo/kept-too')
    const dropped = page.api.get('/echo/kept').catch((e: unknown) => e)
    await server.whenArrived('/echo/kept', 2)
    await server.whenArrived('/echo/kept-too')
    page.close()
    keptPage.close()
    expect(values(await settles([kept, keptByPage]))).toHaveLength(2)
    expect(codeOf(await dropped)).toBe('ERR_CANCELED')
  })

  it('does not tie relogin.api, or useApi() outside any scope, to anything', async () => {
    client = await setupClient()
    const scope = effectScope()
    const call = scope.run(() => client!.api.get('/echo/free'))!
    scope.stop()
    values(await settles([call, useApi().get('/echo/free-too')]))
  })
})

describe('a long-lived signal', () => {
  it('holds no listener of ours once its requests settle, replays included', async () => {
    client = await setupClient()
    const { api, server, store } = client
    await store.login()
    let listening = 0
    const signal = {
      aborted: false,
      addEventListener: () => void listening++,
      removeEventListener: () => void listening--,
    }
    server.expireAll()
    values(await settles(Array.from({ length: 20 }, (_, i) => api.get(`/echo/${i}`, { signal }))))
    expect(server.seen.some((seen) => !seen.valid)).toBe(true)
    expect(listening).toBe(0)
  })
})
