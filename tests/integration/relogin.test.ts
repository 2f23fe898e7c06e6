import { afterEach, describe, expect, it } from 'vitest'
import { createAbortController, type ReloginError } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, reasons, settles, values } from '../support/settles'
import { until } from '../support/until'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

async function loggedIn(...args: Parameters<typeof setupClient>) {
  client = await setupClient(...args)
  await client.store.login()
  return client
}

describe('one login per expiry', () => {
  it.each([1, 10, 200])('replays %i concurrent expired requests after exactly one login', async (n) => {
    const { api, server, uni, store } = await loggedIn()
    const before = { logins: uni.calls.login, exchanges: server.exchanges, token: store.token }
    server.expireAll()

    const results = values(await settles(Array.from({ length: n }, (_, i) => api.get<{ query: { i: string } }>(`/echo/item`, { params: { i } }))))

    expect(uni.calls.login - before.logins).toBe(1)
    expect(server.exchanges - before.exchanges).toBe(1)
    // Each caller gets its own body.
    expect(results.map((r) => Number(r.query.i))).toEqual(Array.from({ length: n }, (_, i) => i))
    expect(store.token).not.toBe(before.token)
    // Every replay carried the new token.
    const replayed = server.seen.filter((s) => s.token === store.token)
    expect(replayed).toHaveLength(n)
    expect(replayed.every((s) => s.valid)).toBe(true)
  })

  it('detects the seed protocol (HTTP 200, code 001101) through isExpired', async () => {
    const { api, server, uni } = await loggedIn(
      { isExpired: (res) => res.statusCode === 401 || (res.data as { code?: string })?.code === '001101' },
      { expiry: 'seed' },
    )
    server.expireAll()
    const results = values(await settles([api.post('/echo/a', { x: 1 }), api.post('/echo/b', { x: 2 })]))
    expect(results).toMatchObject([{ body: { x: 1 } }, { body: { x: 2 } }])
    expect(uni.calls.login).toBe(2)
  })
})

describe('requests issued during a login', () => {
  it('are held until it finishes and carry the new token', async () => {
    const { api, server, store } = await loggedIn()
    const oldToken = store.token
    server.expireAll()
    server.delays.set('/echo/first', 50)
    // A login long enough to be seen in progress.
    server.delays.set('/login', 100)
    const first = api.get('/echo/first')
    // Wait until the login has started, then issue more.
    await until(() => store.status === 'logging-in')
    const loginStartedAt = Date.now()
    const later = Array.from({ length: 20 }, () => api.get('/echo/later'))
    values(await settles([first, ...later]))

    const afterLogin = server.seen.filter((s) => s.at >= loginStartedAt && s.path === '/echo/later')
    expect(afterLogin).toHaveLength(20)
    expect(afterLogin.every((s) => s.token === store.token && s.token !== oldToken)).toBe(true)
    expect(server.seen.filter((s) => s.token === oldToken && s.path === '/echo/later')).toHaveLength(0)
  })

  it('logs in first when there is no token, instead of going out unauthenticated', async () => {
    client = await setupClient()
    const { api, server, uni } = client
    values(await settles([api.get('/echo/x'), api.get('/echo/y')]))
    expect(uni.calls.login).toBe(1)
    expect(server.seen.every((s) => s.token !== null && s.valid)).toBe(true)
  })
})

describe('stale responses', () => {
  it('replay with the newer token and start no second login', async () => {
    const { api, server, uni, store } = await loggedIn()
    const t1 = store.token
    server.expireAll()
    // A slow request leaves with T1 and only comes back (expired) after the login to T2 finished.
    server.delays.set('/echo/slow', 300)
    const slow = api.get('/echo/slow')
    await server.whenSeen((s) => s.path === '/echo/slow')
    await settles([api.get('/echo/fast')])
    const t2 = store.token
    expect(t2).not.toBe(t1)

    values(await settles([slow]))
    expect(uni.calls.login).toBe(2) // the initial login and the one re-login
    expect(server.seen.filter((s) => s.path === '/echo/slow').map((s) => s.token)).toEqual([t1, t2])
  })
})

describe('loop guard', () => {
  it('rejects with ERR_RELOGIN_LOOP when the token is still expired after a re-login', async () => {
    const { api, server, uni } = await loggedIn()
    const loginsBefore = uni.calls.login
    server.expireOnIssue = true
    server.expireAll()
    const results = await settles(Array.from({ length: 5 }, () => api.get('/echo/x')))
    expect(reasons(results).map(codeOf)).toEqual(Array(5).fill('ERR_RELOGIN_LOOP'))
    // One shared re-login, and the replays' second expiry may cause at most one more.
    expect(uni.calls.login - loginsBefore).toBeLessThanOrEqual(2)
  })

  it('honours maxRelogins', async () => {
    const { api, server, uni } = await loggedIn({ maxRelogins: 3 })
    const loginsBefore = uni.calls.login
    server.expireOnIssue = true
    server.expireAll()
    const [result] = reasons(await settles([api.get('/echo/x')]))
    expect(codeOf(result)).toBe('ERR_RELOGIN_LOOP')
    expect(uni.calls.login - loginsBefore).toBe(3)
  })
})

describe('login failure', () => {
  it.each(['error500', 'bad-body', 'reset'] as const)(
    'rejects every waiter with ERR_LOGIN when the exchange fails (%s), then lets a later request log in',
    async (fault) => {
      // No cool-down, so the later request may log in at once (the cool-down has tests of its own).
      const { api, server, store } = await loggedIn({ loginCooldown: 0 })
      server.expireAll()
      server.loginFault = fault
      const results = await settles(Array.from({ length: 20 }, (_, i) => api.get(`/echo/${i}`)))
      const errors = reasons(results) as ReloginError[]
      expect(errors.map(codeOf)).toEqual(Array(20).fill('ERR_LOGIN'))
      expect(errors[0]!.cause).toBeDefined()
      expect(errors[3]!.message).toContain('GET /echo/3')
      expect(store.status).toBe('failed')
      // The rejected token is dropped, so the next request logs in instead of sending it again.
      expect(store.token).toBeNull()

      server.loginFault = null
      expect(values(await settles([api.get('/echo/again')]))).toHaveLength(1)
      expect(store.status).toBe('authenticated')
    },
  )

  it('rejects with ERR_LOGIN when getCode fails', async () => {
    client = await setupClient({ getCode: () => Promise.reject(new Error('no code today')) })
    const [error] = reasons(await settles([client.api.get('/echo/x')])) as ReloginError[]
    expect(error!.code).toBe('ERR_LOGIN')
    expect((error!.cause as Error).message).toBe('no code today')
    expect(client.server.seen).toHaveLength(0)
  })

  it('times out a uni.login that never calls back', async () => {
    client = await setupClient({ loginTimeout: 200 })
    client.uni.faults.loginHang = true
    const [error] = reasons(await settles([client.api.get('/echo/x')])) as ReloginError[]
    expect(error!.code).toBe('ERR_LOGIN')
    expect(codeOf(error!.cause)).toBe('ERR_TIMEOUT')
  })
})

describe('network failures', () => {
  it('reject with ERR_NETWORK on a connection reset', async () => {
    const { api } = await loggedIn()
    const [error] = reasons(await settles([api.get('/reset')]))
    expect(codeOf(error)).toBe('ERR_NETWORK')
  })

  it('reject with ERR_NETWORK when an unsafe request is interrupted (fail: interrupted)', async () => {
    const { api, uni } = await loggedIn()
    uni.faults.interruptNext = 1
    // A POST without an idempotency key is not safe to send again (background.test.ts has the safe ones).
    const [error] = reasons(await settles([api.post('/echo/x', {}, { idempotencyKey: false })]))
    expect(codeOf(error)).toBe('ERR_NETWORK')
    expect((error as Error).message).toContain('interrupted')
  })

  it('reject with ERR_TIMEOUT when the server is too slow', async () => {
    const { api, server } = await loggedIn()
    server.delays.set('/echo/slow', 1_000)
    const [error] = reasons(await settles([api.get('/echo/slow', { timeout: 100 })]))
    expect(codeOf(error)).toBe('ERR_TIMEOUT')
  })

  it('reject with ERR_HTTP and the response for a non-expiry status', async () => {
    const { api, uni } = await loggedIn()
    const [error] = reasons(await settles([api.get('/status/503')])) as ReloginError[]
    expect(error!.code).toBe('ERR_HTTP')
    expect(error!.statusCode).toBe(503)
    expect(error!.response?.data).toEqual({ status: 503 })
    expect(uni.calls.login).toBe(1)
  })

  it('reject with ERR_NETWORK when the server is down, without hanging the login lock', async () => {
    const { api, server } = await loggedIn()
    await server.close()
    server.expireAll()
    const results = await settles(Array.from({ length: 5 }, () => api.get('/echo/x')))
    expect(reasons(results).map(codeOf)).toEqual(Array(5).fill('ERR_NETWORK'))
  })
})

describe('abort', () => {
  it('never sends a request aborted while it waits for a login', async () => {
    const { api, server, store } = await loggedIn()
    server.expireAll()
    server.delays.set('/echo/trigger', 20)
    server.delays.set('/login', 100)
    const trigger = api.get('/echo/trigger')
    await until(() => store.status === 'logging-in')
    const controller = createAbortController()
    const held = api.get('/echo/held', { signal: controller.signal })
    controller.abort()
    const [error] = reasons(await settles([held]))
    expect(codeOf(error)).toBe('ERR_CANCELED')
    await settles([trigger])
    expect(server.seen.filter((s) => s.path === '/echo/held')).toHaveLength(0)
  })

  it('aborts the platform task of an in-flight request', async () => {
    const { api, server } = await loggedIn()
    server.delays.set('/echo/slow', 2_000)
    const controller = createAbortController()
    const started = Date.now()
    const pending = api.get('/echo/slow', { signal: controller.signal })
    await server.whenSeen((s) => s.path === '/echo/slow')
    controller.abort()
    const [error] = reasons(await settles([pending]))
    expect(codeOf(error)).toBe('ERR_CANCELED')
    expect(Date.now() - started).toBeLessThan(1_500)
  })

  it('rejects at once when the signal is already aborted', async () => {
    const { api, uni } = await loggedIn()
    const requestsBefore = uni.calls.request
    const controller = createAbortController()
    controller.abort()
    const { signal } = controller
    const results = await settles([api.post('/echo/x', {}, { signal }), api.get('/public/echo', { signal, auth: false })])
    expect(reasons(results).map(codeOf)).toEqual(['ERR_CANCELED', 'ERR_CANCELED'])
    expect(uni.calls.request).toBe(requestsBefore)
  })
})
