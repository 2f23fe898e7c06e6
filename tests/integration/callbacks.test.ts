import { afterEach, describe, expect, it, vi } from 'vitest'
import { isReloginError, type ReloginError } from '../../src/index'
import { holdResponses } from '../support/holdResponses'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { reasons, settles, values } from '../support/settles'

let client: ClientSetup | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await client?.server.close()
  client = undefined
})

async function loggedIn(...args: Parameters<typeof setupClient>) {
  client = await setupClient(...args)
  await client.store.login()
  return client
}

describe('user callbacks are guests', () => {
  it('a throwing onEvent is reported once per throw and changes no outcome', async () => {
    const report = vi.spyOn(console, 'error').mockImplementation(() => {})
    const bug = new Error('listener bug')
    const { api, server } = await loggedIn({
      onEvent: () => {
        throw bug
      },
    })
    server.expireAll()
    values(await settles(Array.from({ length: 5 }, () => api.get('/echo/x'))))
    expect(report).toHaveBeenCalled()
    expect(report.mock.calls.every((args) => args.includes(bug))).toBe(true)
  })

  it.each([
    ['isExpired', { isExpired: () => { throw new Error('predicate bug') } }],
    ['applyToken', { applyToken: () => { throw new Error('header bug') } }],
  ])('a throwing %s rejects with ERR_CALLBACK naming it, with the original as cause', async (name, options) => {
    const { api } = await loggedIn(options)
    const [error] = reasons(await settles([api.get('/echo/x?secret=1')])) as ReloginError[]
    expect(isReloginError(error)).toBe(true)
    expect(error!.code).toBe('ERR_CALLBACK')
    expect(error!.message).toContain(`${name}()`)
    expect((error!.cause as Error).message).toMatch(/bug/)
  })

  it('ignores a per-call validateStatus: an expiry is still a re-login', async () => {
    const { api, server, uni } = await loggedIn()
    server.expireAll()
    const call = api.get('/echo/x', { validateStatus: (status: number) => status === 200 } as never)
    values(await settles([call]))
    expect(uni.calls.login).toBe(2)
  })
})

describe('errors name the request without its query string', () => {
  it('keeps only the path in error.request.url', async () => {
    const { api } = await loggedIn()
    const [error] = reasons(await settles([api.get('/status/500?phone=13800000000')])) as ReloginError[]
    expect(error!.request).toEqual({ method: 'GET', url: '/status/500' })
    expect(error!.message).not.toContain('13800000000')
  })
})

describe("interceptors an app adds to exchange's plain instance", () => {
  it('a throwing one gives back no slot it never took: the 10-call limit holds', async () => {
    client = await setupClient({
      maxConcurrent: 1,
      exchange: async (code, http) => {
        http.interceptors.request.use(() => {
          throw new Error('interceptor bug')
        })
        return (await http.post('/login', { code })).data
      },
    })
    const { api, uni } = client
    let first = true
    const held = holdResponses(uni, (url) => first && url.includes('/public/slow') && !(first = false))
    const slow = api.get('/public/slow', { auth: false })
    await held.arrivals(1)
    const queued = api.get('/public/echo', { auth: false })
    expect(reasons(await settles([client.store.login()])).map((e) => (e as ReloginError).code)).toEqual(['ERR_LOGIN'])
    held.release()
    values(await settles([slow, queued]))
    expect(held.state.maxActive).toBe(1)
  })
})
