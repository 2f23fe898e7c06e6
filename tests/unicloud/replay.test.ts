import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createRelogin, useAuthStore } from '../../src/index'
import { installUniCloud } from '../../unicloud/index'
import { startApiServer, type ApiServer } from '../support/startApiServer'
import { drain } from '../support/deferred'
import { settles, values } from '../support/settles'
import { setupUniCloud, type UniCloudSetup } from './support/setupUniCloud'

/*
 * uniCloud calls that meet uni-id's expiry, through the real client SDK (its ES build) and a fake
 * gateway that checks the SDK's real signature: held, one login, replayed with the new token.
 */
let setup: UniCloudSetup
let server: ApiServer | undefined

afterEach(async () => {
  // Every request the SDK made was signed right.
  expect(setup.gateway.rejected).toBe(0)
  setup.installed.uninstall()
  setup.uni.uninstall()
  await setup.gateway.close()
  await server?.close()
  server = undefined
})

const uniIdTokenOf = () => setup.uni.getStorageSync('uni_id_token') as string

describe('uni-relogin/unicloud', () => {
  it('logs in once for cloud objects, cloud functions and HTTP requests that expire together, and replays each once', async () => {
    server = await startApiServer()
    setup = await setupUniCloud({
      gateway: { tokens: { issue: server.issueToken, isValid: server.isValid } },
      relogin: { baseURL: server.url },
    })
    const { gateway, uniCloud, api, store, uni } = setup
    await store.login()
    const todo = uniCloud.importObject('todo', { customUI: true })
    const stale = store.token!
    server.expireAll()

    const cloudObjects = [1, 2, 3, 4].map((n) => todo.add(`item ${n}`))
    const cloudFunctions = [1, 2, 3].map((n) => uniCloud.callFunction({ name: 'echo', data: { n } }))
    const http = [1, 2, 3].map((n) => api.get(`/echo/${n}`))
    const [objects, functions, requests] = await Promise.all([settles(cloudObjects), settles(cloudFunctions), settles(http)])

    expect(values(objects).map((answer) => answer.echo)).toEqual([['item 1'], ['item 2'], ['item 3'], ['item 4']])
    expect(values(functions).map(({ result }) => result.echo)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
    expect(values(requests).map((body) => (body as { path: string }).path)).toEqual(['/echo/1', '/echo/2', '/echo/3'])
    // The first login, and one for the expiry: one WeChat code each.
    expect({ logins: gateway.logins, codes: uni.calls.login }).toEqual({ logins: 2, codes: 2 })
    const fresh = store.token!
    expect(fresh).not.toBe(stale)
    // Each cloud call went twice: once with the dead token, once with the new one; never stale again.
    const sent = gateway.calls.map(({ token }) => (token === stale ? 'stale' : token === fresh ? 'fresh' : 'other'))
    expect(sent.filter((token) => token === 'stale')).toHaveLength(7)
    expect(sent.filter((token) => token === 'fresh')).toHaveLength(7)
    expect(server.seen.filter(({ path }) => path.startsWith('/echo/')).map(({ valid }) => valid).sort()).toEqual([false, false, false, true, true, true])
    expect(uniIdTokenOf()).toBe(fresh)
  })

  it.each([true, false])('replays a cloud object silently with customUI %s: its result, no modal, no onNeedLogin', async (customUI) => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store, uni } = setup
    const needLogin: unknown[] = []
    uniCloud.onNeedLogin((event) => needLogin.push(event))
    await store.login()
    const todo = uniCloud.importObject('todo', { customUI })
    gateway.expireAll()

    await expect(todo.update('a', { done: true })).resolves.toMatchObject({ errCode: 0, echo: ['a', { done: true }] })
    expect(gateway.calls.map(({ valid }) => valid)).toEqual([false, true])
    expect(uni.ui.map(({ api }) => api)).toEqual(customUI ? [] : ['showLoading', 'hideLoading'])
    expect(needLogin).toEqual([])
  })

  it('leaves no uniIdRouter jump to the login page after a silent recovery', async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store, uni } = setup
    await store.login()
    gateway.expireAll()
    await expect(uniCloud.importObject('todo').list()).resolves.toMatchObject({ errCode: 0 })
    // uniIdRouter navigates on a timer: let it run (failures.test.ts sees it jump when it should).
    await drain()
    expect(uni.navigations.map(({ url }) => url)).toEqual(['/pages/index/index'])
    expect(uni.ui.filter(({ api }) => api === 'showModal')).toEqual([])
  })

  it("replays a cloud function that resolved with uni-id's errCode, from the caller's data, without the old token", async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store } = setup
    await store.login()
    const stale = store.token!
    gateway.expireAll()
    const options = { name: 'echo', data: { form: { name: 'Ming' } } }

    const { result } = await uniCloud.callFunction(options)
    expect(result).toMatchObject({ errCode: 0, echo: { form: { name: 'Ming' } } })
    expect(gateway.calls.map(({ token }) => token)).toEqual([stale, store.token])
    // The SDK writes clientInfo and uniIdToken into the options it gets: never into the caller's.
    expect(options).toEqual({ name: 'echo', data: { form: { name: 'Ming' } } })
  })

  it('answers callback-style callFunction once, with the replayed result', async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store } = setup
    await store.login()
    gateway.expireAll()
    const heard = await new Promise<unknown[]>((resolve) => {
      const events: unknown[] = []
      uniCloud.callFunction({
        name: 'echo',
        data: { n: 1 },
        success: (res: { result: unknown }) => events.push(['success', res.result]),
        fail: (error: unknown) => events.push(['fail', error]),
        complete: () => resolve(events),
      })
    })
    expect(heard).toEqual([['success', expect.objectContaining({ errCode: 0, echo: { n: 1 } })]])
  })

  it.each(['cloud object', 'cloud function'])("takes uni-id's newToken from a %s into the session and uni-id's storage", async (kind) => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store, uni } = setup
    await store.login()
    const before = store.token
    gateway.renewNext = 1
    const answer = kind === 'cloud object' ? await uniCloud.importObject('todo').list() : (await uniCloud.callFunction({ name: 'echo' })).result
    const renewed = answer.newToken.token
    expect(renewed).not.toBe(before)
    expect(store.token).toBe(renewed)
    expect({ token: uniIdTokenOf(), expired: uni.getStorageSync('uni_id_token_expired') }).toEqual({ token: renewed, expired: answer.newToken.tokenExpired })
    await uniCloud.callFunction({ name: 'echo' })
    expect(gateway.calls.at(-1)).toMatchObject({ token: renewed, valid: true })
    expect(gateway.logins).toBe(1)
  })

  it("starts, after a restart, from uni-id's renewed token rather than the session's older one", async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store } = setup
    await store.login()
    const before = store.token
    gateway.renewNext = 1
    const renewed = (await uniCloud.callFunction({ name: 'echo' })).result.newToken.token
    setup.installed.uninstall()

    // A cold start over the same storage: the session restores what it saved at its login.
    setActivePinia(createPinia())
    createRelogin({ baseURL: gateway.url, exchange: () => Promise.reject(new Error('no login expected')) })
    expect(useAuthStore().token).toBe(before)
    setup.installed = installUniCloud(uniCloud as never)
    expect(useAuthStore().token).toBe(renewed)
    await expect(uniCloud.callFunction({ name: 'echo' })).resolves.toMatchObject({ result: { errCode: 0 } })
    expect(gateway.calls.at(-1)).toMatchObject({ token: renewed, valid: true })
  })

  it('counts the expiry codes it is given, and only those', async () => {
    setup = await setupUniCloud({ unicloud: { expiredCodes: ['app-token-dead'] } })
    const { gateway, uniCloud, store } = setup
    await store.login()
    gateway.expireAll()
    gateway.expiredCode = 'app-token-dead'
    await expect(uniCloud.callFunction({ name: 'echo' })).resolves.toMatchObject({ result: { errCode: 0 } })
    expect(gateway.logins).toBe(2)

    gateway.expireAll()
    gateway.expiredCode = 'uni-id-token-expired'
    await expect(uniCloud.callFunction({ name: 'echo' })).resolves.toMatchObject({ result: { errCode: 'uni-id-token-expired' } })
    expect(gateway.logins).toBe(2)
  })

  it('refuses a uniCloud without callFunction and expiry codes that are not strings, naming them', async () => {
    setup = await setupUniCloud()
    expect(() => installUniCloud({} as never)).toThrow(/installUniCloud\(uniCloud\)/)
    expect(() => installUniCloud(setup.uniCloud as never, { expiredCodes: 'uni-id-token-expired' as never })).toThrow(/expiredCodes/)
  })
})
