import { createHook } from 'node:async_hooks'
import Request from 'luch-request'
import { createPinia, setActivePinia } from 'pinia'
import { reactive } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createAbortController,
  createRelogin,
  useAuthStore,
  type ReloginEvent,
  retry,
  backgroundResume,
  adoptInstance,
} from '../../src/index'
import { createTestUni } from '../../testing/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, reasons, settles, values } from '../support/settles'
import { startApiServer, type ApiServer } from '../support/startApiServer'
import { drain } from '../support/deferred'
import { until } from '../support/until'

/*
 * A request owns what it takes, from its first interceptor to its settling: its limiter slot and
 * its timers are given back however it ends, its `retry` rule covers every resend, and what the
 * app's own interceptors reject with reaches the caller as it was.
 */
let client: ClientSetup | undefined
let server: ApiServer | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await client?.server.close()
  await server?.close()
  client = server = undefined
})

/** A logged-in client whose events until() can watch. */
async function loggedIn(options: Parameters<typeof setupClient>[0] = {}) {
  const events = reactive<ReloginEvent['type'][]>([])
  client = await setupClient({ ...options, onEvent: (event) => events.push(event.type) })
  await client.store.login()
  return { ...client, events }
}

const circular: Record<string, unknown> = {}
circular.self = circular

/** Params that luch-request's buildURL throws on, before anything is sent. */
const unbuildable: Array<[string, Parameters<ClientSetup['api']['get']>[1]]> = [
  ['an invalid Date', { params: { since: new Date('') } }],
  ['half an emoji', { params: { q: '😀'.slice(0, 1) } }],
  ['a circular object', { params: { filter: circular } }],
  ['a throwing paramsSerializer', { params: { a: 1 }, paramsSerializer: () => { throw new Error('serializer bug') } }],
]

/** `/flaky/<key>` fails `fail` times with `status` (and `Retry-After`), then answers. */
const flaky = (key: string, query: Record<string, string | number>) =>
  `/flaky/${key}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`

describe('a request that cannot be built', () => {
  it('rejects with ERR_INVALID_REQUEST, whatever buildURL threw on', async () => {
    const { api, server } = await loggedIn()
    const results = await settles(unbuildable.map(([, options]) => api.get('/echo/bad', options)))
    expect(reasons(results).map(codeOf)).toEqual(Array(unbuildable.length).fill('ERR_INVALID_REQUEST'))
    expect(server.arrivals).not.toContain('/echo/bad')
  })

  it('gives the slot back when params cannot be built', async () => {
    const { api } = await loggedIn()
    // As many as maxConcurrent (10): were each to keep its slot, the next request would wait forever.
    await settles(Array.from({ length: 10 }, (_, i) => api.get('/echo/bad', unbuildable[i % unbuildable.length]![1])))
    values(await settles([api.get('/echo/ok')]))
  })

  it("gives the slot back in the exchange's plain instance too, and names the failure there too", async () => {
    const codes: unknown[] = []
    client = await setupClient({
      loginCooldown: 0,
      exchange: async (code, http) => {
        for (let i = 0; i < 10; i++) await http.get('/dev/code', { params: { d: new Date('') } }).catch((error) => codes.push(codeOf(error)))
        return (await http.post('/login', { code })).data
      },
    })
    values(await settles([client.api.get('/echo/after-login')]))
    expect(client.server.exchanges).toBe(1)
    expect(codes).toEqual(Array(10).fill('ERR_INVALID_REQUEST'))
  })
})

describe('retry: false covers every resend', () => {
  /** Logged in, with backgroundResume() and the client's `retry()` rule if any. */
  const resuming = (rule?: Parameters<typeof retry>[0]) =>
    loggedIn({ features: rule === undefined ? [backgroundResume()] : [retry(rule), backgroundResume()] })

  /** Sends `send()`, lets it reach the server, then the background interrupts it and the app comes back. */
  async function interruptedThenShown(setup: Awaited<ReturnType<typeof loggedIn>>, path: string, send: () => Promise<unknown>) {
    setup.server.delays.set(path, 30_000)
    const outcome = send().catch((error: unknown) => error)
    await setup.server.whenArrived(path)
    setup.uni.hide()
    setup.uni.interrupt()
    // Either it is paused for the show, or it has already failed.
    await Promise.race([outcome, until(() => setup.events.includes('request:paused'))])
    setup.server.delays.delete(path)
    setup.uni.show()
    return outcome
  }

  it('does not send a POST with retry: false again after the background interrupted it', async () => {
    const setup = await resuming()
    const outcome = await interruptedThenShown(setup, '/echo/order', () => setup.api.post('/echo/order', { item: 1 }, { retry: false }))
    expect(codeOf(outcome)).toBe('ERR_NETWORK')
    expect(setup.server.arrivals.filter((path) => path === '/echo/order')).toHaveLength(1)
  })

  it('does not send a POST again after the background interrupted it when the client has retry: false', async () => {
    // `false` on the client says the same as on the call.
    const setup = await resuming(false)
    const outcome = await interruptedThenShown(setup, '/echo/order', () => setup.api.post('/echo/order', { item: 1 }))
    expect(codeOf(outcome)).toBe('ERR_NETWORK')
    expect(setup.server.arrivals.filter((path) => path === '/echo/order')).toHaveLength(1)
  })

  it('sends a GET interrupted by the background once more after show when retry is unset', async () => {
    const setup = await resuming()
    const outcome = await interruptedThenShown(setup, '/echo/feed', () => setup.api.get('/echo/feed'))
    expect(outcome).toMatchObject({ path: '/echo/feed' })
    expect(setup.server.arrivals.filter((path) => path === '/echo/feed')).toHaveLength(2)
  })

  it("counts the background resend as one of the retry limit's attempts", async () => {
    const setup = await resuming({ limit: 1 })
    const url = flaky('bg', { fail: 2, status: 503, retryAfter: 0 })
    const outcome = await interruptedThenShown(setup, '/flaky/bg', () => setup.api.get(url))
    expect(codeOf(outcome)).toBe('ERR_HTTP')
    // The interrupted send, and its one resend after show: no retry on top.
    expect(setup.server.arrivals.filter((path) => path === '/flaky/bg')).toHaveLength(2)
  })
})

describe("an app instance's own request interceptor", () => {
  /** An app's luch-request instance whose request interceptor is `intercept`, handed to createRelogin. */
  async function withAppInstance(intercept: (config: { url?: string }) => unknown) {
    server = await startApiServer()
    createTestUni({ codeURL: `${server.url}/dev/code` })
    setActivePinia(createPinia())
    const instance = new Request({ baseURL: server.url })
    instance.interceptors.request.use(intercept as never)
    const { api } = createRelogin({
      baseURL: server.url,
      exchange: async (code, http) => (await http.post('/login', { code })).data,
      features: [adoptInstance(instance)],
    })
    await useAuthStore().login()
    return { instance, api, server }
  }

  it("reaches the caller as the app rejected it: luch-request's cancel idiom, Promise.reject(config)", async () => {
    const rejectedWith: unknown[] = []
    const app = await withAppInstance((config) =>
      config.url === '/echo/cancel' ? (rejectedWith.push(config), Promise.reject(config)) : config,
    )
    const fromInstance = await app.instance.get('/echo/cancel').catch((error: unknown) => error)
    const fromApi = await app.api.get('/echo/cancel').catch((error: unknown) => error)
    expect(fromInstance).toBe(rejectedWith[0])
    expect(fromApi).toBe(rejectedWith[1])
    expect(app.server.arrivals).not.toContain('/echo/cancel')
  })

  it('reaches the caller as the app rejected it: a TypeError thrown by a bug', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'token')")
    const app = await withAppInstance((config) => {
      if (config.url === '/echo/bug') throw bug
      return config
    })
    expect(await app.instance.get('/echo/bug').catch((error: unknown) => error)).toBe(bug)
    expect(await app.api.get('/echo/bug').catch((error: unknown) => error)).toBe(bug)
  })
})

describe('timers follow their request', () => {
  /** The timers created from now on that are still pending: none of them may outlive the request. */
  function watchTimers() {
    const pending = new Map<number, unknown>()
    const hook = createHook({
      init: (id, type, _trigger, resource) => void (type === 'Timeout' && pending.set(id, resource)),
      destroy: (id) => void pending.delete(id),
    }).enable()
    return { pending: () => [...pending.values()], stop: () => hook.disable() }
  }

  it("clears a retry's backoff timer when the request is aborted during the wait", async () => {
    const setup = await loggedIn({ features: [retry(1)] })
    const controller = createAbortController()
    const timers = watchTimers()
    try {
      const call = setup.api
        .get(flaky('wait', { fail: 1, status: 503, retryAfter: 30 }), { signal: controller.signal })
        .catch((error: unknown) => error)
      await until(() => setup.events.includes('request:retry'))
      controller.abort()
      expect(codeOf(await call)).toBe('ERR_CANCELED')
      await drain()
      // The backoff is the Retry-After's 30 s. Other timers of the process (a socket's, the test
      // kit's) come and go on their own schedule on a loaded machine, and are not this request's.
      const backoffs = timers.pending().filter((timer) => (timer as { _idleTimeout?: number })._idleTimeout === 30_000)
      expect(backoffs).toEqual([])
    } finally {
      timers.stop()
    }
  })
})

describe('a lifetime that is not a positive number', () => {
  /** Whether a development warning of ours was printed. */
  const warned = (warn: { mock: { calls: unknown[][] } }) => warn.mock.calls.some(([message]) => String(message).startsWith('[uni-relogin]'))

  it.each([-1, 0])('takes expiresIn: %d as an unknown lifetime: one GET, one login, and a warning', async (expiresIn) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    client = await setupClient({}, { expiresIn })
    values(await settles([client.api.get('/echo/x')]))
    expect(client.uni.calls.login).toBe(1)
    expect(warned(warn)).toBe(true)
  })

  it('ends with one login when maxLoginsPerMinute: 0 sets no cap', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    client = await setupClient({ maxLoginsPerMinute: 0 }, { expiresIn: -1 })
    values(await settles([client.api.get('/echo/x')]))
    expect(client.uni.calls.login).toBe(1)
  })
})
