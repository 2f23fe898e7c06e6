import Request from 'luch-request'
import { createPinia, setActivePinia } from 'pinia'
import UviewRequest from 'uview-plus/libs/luch-request/index.js'
import { afterEach, describe, expect, it } from 'vitest'
import { createRelogin, isReloginError, useAuthStore, type ReloginError, adoptInstance } from '../../src/index'
import { createTestUni } from '../../testing/index'
import { reasons, settles, values } from '../support/settles'
import { startApiServer, type ApiServer } from '../support/startApiServer'

/*
 * An app that already has a luch-request instance hands it over: its own copy of the library (the
 * npm one, or the 3.0 line that uview-plus ships as `uni.$u.http`), with interceptors registered
 * before createRelogin and after it.
 */
let server: ApiServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe.each([
  ['luch-request 3.1.1 from npm', Request],
  ["uview-plus 3.8.112's luch-request 3.0.7", UviewRequest as unknown as typeof Request],
])('an app instance of %s', (_name, AppRequest) => {
  async function setup() {
    server = await startApiServer()
    const uni = createTestUni({ codeURL: `${server.url}/dev/code` })
    setActivePinia(createPinia())
    const instance = new AppRequest({ baseURL: server.url })
    const seen = { request: [] as string[], response: [] as string[], error: [] as unknown[], exchangeHttp: null as unknown }
    // Registered before createRelogin, as an app's existing setup would be: sets a header, and
    // also the stale token from its own storage, which must not be the one that leaves.
    instance.interceptors.request.use((config) => {
      seen.request.push(`early ${config.url}`)
      config.header = { ...config.header, Authorization: 'Bearer from-app-storage' }
      return config
    })
    // The usual unwrap: callers get the body, and failures go to a toast.
    instance.interceptors.response.use(
      (response) => (seen.response.push(`early ${response.config.url}`), response.data),
      (error) => (seen.error.push(error), Promise.reject(error)),
    )
    const relogin = createRelogin({
      baseURL: server.url,
      features: [adoptInstance(instance)],
      exchange: async (code, http) => {
        seen.exchangeHttp = http
        const { data } = await http.post('/login', { code })
        return data
      },
    })
    instance.interceptors.request.use((config) => (seen.request.push(`late ${config.url}`), config))
    instance.interceptors.response.use((body) => (seen.response.push('late'), body))
    await useAuthStore().login()
    return { server, uni, instance, api: relogin.api, seen }
  }

  it("replays an expired call through ours alone: the app's interceptors run once each way, around the final result", async () => {
    const { server, uni, instance, api, seen } = await setup()
    server.expireAll()
    const [own, viaApi] = values(await settles([instance.get('/echo/own'), api.get('/echo/api')]))
    expect(own).toMatchObject({ path: '/echo/own' })
    expect(viaApi).toMatchObject({ path: '/echo/api' })
    expect(uni.calls.login).toBe(2)
    expect(server.seen.filter((s) => s.path === '/echo/own').map((s) => s.valid)).toEqual([false, true])
    // Request interceptors: the app's, last-registered first, before ours, and not again on the replay.
    expect(seen.request.sort()).toEqual(['early /echo/api', 'early /echo/own', 'late /echo/api', 'late /echo/own'])
    // Response interceptors: after ours, once, on the replayed response.
    expect(seen.response.sort()).toEqual(['early /echo/api', 'early /echo/own', 'late', 'late'])
  })

  it('keeps one set of our interceptors when createRelogin runs again on the same instance (a hot reload)', async () => {
    const { server, instance, seen } = await setup()
    const events = { before: [] as string[], after: [] as string[] }
    const again = (log: string[]) =>
      createRelogin({
        baseURL: server.url,
        features: [adoptInstance(instance)],
        exchange: async (code, http) => (await http.post('/login', { code })).data,
        onEvent: (event) => log.push(event.type),
      })
    again(events.before)
    const { api: reloaded } = again(events.after)
    useAuthStore().logout()
    expect(await reloaded.get('/echo/hot')).toMatchObject({ path: '/echo/hot' })
    // Only the newest set holds the request for its login; the app's interceptors ran once each way.
    expect(events.before).toEqual([])
    expect(events.after).toContain('request:held')
    expect(seen.response.filter((line) => line !== 'late')).toEqual(['early /echo/hot'])
  })

  it("sends our token, not the one the app's interceptor set", async () => {
    const { instance, api } = await setup()
    const token = useAuthStore().token
    expect(await instance.get('/public/echo')).toEqual({ authorization: `Bearer ${token}` })
    expect(await api.get('/public/echo')).toEqual({ authorization: `Bearer ${token}` })
  })

  it("gives the exchange a plain instance of the app's own class, without the app's interceptors", async () => {
    const { seen } = await setup()
    expect(seen.exchangeHttp).toBeInstanceOf(AppRequest)
    expect(seen.request).toEqual([])
  })

  it("hands a failure to the app's error interceptor once, as the ReloginError the caller gets", async () => {
    const { api, seen } = await setup()
    const [error] = reasons(await settles([api.get('/status/500')])) as ReloginError[]
    expect(isReloginError(error)).toBe(true)
    expect(error!.code).toBe('ERR_HTTP')
    expect(seen.error).toEqual([error])
  })
})

describe('a bad instance is a TypeError at configuration time', () => {
  const exchange = async () => ({ token: 't' })
  it.each([
    ['not luch-request', () => ({ features: [adoptInstance({} as never)] }), /takes a luch-request instance/],
    ['aimed elsewhere', () => ({ features: [adoptInstance(new Request({ baseURL: 'https://other.example' }))] }), /differs from the adopted instance's/],
    ['with options for a new instance', () => ({ features: [adoptInstance(new Request())], header: { 'X-A': '1' } }), /`header` must be set on the adopted instance itself/],
    ['the 0.1 option', () => ({ instance: new Request() }), /`instance` is a feature you import since 0.2: features: \[adoptInstance\(http\)\]/],
  ])('%s', (_name, options, message) => {
    setActivePinia(createPinia())
    expect(() => createRelogin({ baseURL: 'https://api.example.com', exchange, ...options() })).toThrow(message)
  })
})
