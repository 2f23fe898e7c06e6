import { effectScope } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import { createAbortController } from '../../src/index'
import { deferred, drain } from '../support/deferred'
import { codeOf } from '../support/settles'
import { until } from '../support/until'
import { setupUniCloud, type UniCloudSetup } from './support/setupUniCloud'

/*
 * uniCloud calls that cannot be recovered, and calls whose caller went away: uni-id's own route
 * for the first, ERR_CANCELED without a replay or a login for the second. The real SDK, as in
 * replay.test.ts.
 */
let setup: UniCloudSetup

afterEach(async () => {
  loginGate = Promise.resolve()
  expect(setup.gateway.rejected).toBe(0)
  setup.installed.uninstall()
  setup.uni.uninstall()
  await setup.gateway.close()
})

// Logins go at once unless a test holds the next one.
let loginGate: Promise<void> = Promise.resolve()
const heldLogins = {
  getCode: () => loginGate.then(() => new Promise<string>((resolve, reject) => uni.login({ success: (res) => resolve(res.code), fail: reject }))),
}
function holdNextLogin() {
  const gate = deferred()
  loginGate = gate.promise
  return gate
}

/** Every token expires, and the gateway holds its answers until the returned gate opens. */
function expireWhileHeld(gateway: UniCloudSetup['gateway']) {
  const answer = deferred()
  gateway.gate = answer.promise
  gateway.expireAll()
  return answer
}

describe('a cloud call that cannot be recovered', () => {
  it("goes uni-id's way when the login fails: the SDK's modal, its error, and uniIdRouter's jump to the login page", async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store, uni } = setup
    await store.login()
    gateway.expireAll()
    uni.faults.loginFail = true

    await expect(uniCloud.importObject('todo').list()).rejects.toMatchObject({ errCode: 'uni-id-token-expired' })
    expect(uni.ui.filter(({ api }) => api === 'showModal')).toHaveLength(1)
    await drain()
    expect(uni.navigations.at(-1)).toMatchObject({ api: 'navigateTo', url: expect.stringMatching(/^\/pages\/login\/login\?uniIdRedirectUrl=/) })
    // The dead token is gone from the session and from uni-id's storage alike.
    expect({ session: store.token, uniId: uni.getStorageSync('uni_id_token') }).toEqual({ session: null, uniId: '' })
  })

  it("calls the app's onNeedLogin instead, once, and resolves a cloud function with uni-id's errCode", async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store, uni } = setup
    const needLogin: unknown[] = []
    uniCloud.onNeedLogin((event) => needLogin.push(event))
    await store.login()
    gateway.expireAll()
    uni.faults.loginFail = true

    await expect(uniCloud.importObject('todo', { customUI: true }).list()).rejects.toMatchObject({ errCode: 'uni-id-token-expired' })
    await expect(uniCloud.callFunction({ name: 'echo' })).resolves.toMatchObject({ result: { errCode: 'uni-id-check-token-failed' } })
    await drain()
    expect(needLogin).toEqual([expect.objectContaining({ errCode: 'uni-id-token-expired' })])
    expect(uni.navigations).toHaveLength(1)
  })

  it("replays once: a call still expired after the login resolves with uni-id's answer, after one login", async () => {
    let issued = 0
    // A backend that never takes a token: even the fresh one is refused.
    setup = await setupUniCloud({ gateway: { tokens: { issue: () => `token-${++issued}`, isValid: () => false } } })
    const { gateway, uniCloud, store } = setup
    await store.login()
    await expect(uniCloud.callFunction({ name: 'echo' })).resolves.toMatchObject({ result: { errCode: 'uni-id-token-expired' } })
    expect(gateway.calls.map(({ token }) => token)).toEqual(['token-1', 'token-2'])
    expect(gateway.logins).toBe(2)
  })
})

describe('a cloud call whose caller is gone', () => {
  it('waits while a login runs and leaves with its token: nothing stale is sent', async () => {
    setup = await setupUniCloud({ relogin: heldLogins })
    const { gateway, uniCloud, store } = setup
    await store.login()
    const stale = store.token
    const login = holdNextLogin()
    gateway.expireAll()
    const first = uniCloud.callFunction({ name: 'echo', data: { n: 1 } })
    await until(() => store.status === 'logging-in')
    const second = uniCloud.importObject('todo').add('during the login')
    await drain()
    expect(gateway.calls).toHaveLength(1)
    login.resolve()
    await expect(Promise.all([first, second])).resolves.toMatchObject([{ result: { errCode: 0 } }, { errCode: 0 }])
    expect(gateway.calls.map(({ token }) => (token === stale ? 'stale' : 'fresh'))).toEqual(['stale', 'fresh', 'fresh'])
  })

  it('rejects with ERR_CANCELED when logged out while it waits for the login, and that login leaves no trace', async () => {
    setup = await setupUniCloud({ relogin: heldLogins })
    const { gateway, uniCloud, store } = setup
    await store.login()
    const login = holdNextLogin()
    gateway.expireAll()
    const call = uniCloud.callFunction({ name: 'echo' })
    await until(() => store.status === 'logging-in')
    store.logout()
    expect(codeOf(await call.catch((error: unknown) => error))).toBe('ERR_CANCELED')
    login.resolve()
    await drain()
    expect({ token: store.token, logins: gateway.logins, calls: gateway.calls.length }).toEqual({ token: null, logins: 1, calls: 1 })
  })

  it("rejects with ERR_CANCELED when logged out while it is in flight, and its late expiry starts no login", async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store, uni } = setup
    await store.login()
    const answer = expireWhileHeld(gateway)
    const call = uniCloud.importObject('todo').list()
    await gateway.whenCalls(1)
    store.logout()
    expect(uni.getStorageSync('uni_id_token')).toBe('')
    answer.resolve()
    expect(codeOf(await call.catch((error: unknown) => error))).toBe('ERR_CANCELED')
    await drain()
    expect({ codes: uni.calls.login, logins: gateway.logins, calls: gateway.calls.length }).toEqual({ codes: 1, logins: 1, calls: 1 })
    // customUI was off: still no modal for a call nobody waits for.
    expect(uni.ui.filter(({ api }) => api === 'showModal')).toEqual([])
  })

  it('rejects at once when its signal aborts, and is not replayed when its expiry arrives', async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store, uni } = setup
    await store.login()
    const answer = expireWhileHeld(gateway)
    const controller = createAbortController()
    const call = uniCloud.callFunction({ name: 'echo', signal: controller.signal })
    await gateway.whenCalls(1)
    controller.abort()
    expect(codeOf(await call.catch((error: unknown) => error))).toBe('ERR_CANCELED')
    answer.resolve()
    await drain()
    expect({ codes: uni.calls.login, calls: gateway.calls.length }).toEqual({ codes: 1, calls: 1 })
  })

  it("follows the page that made its cloud object: disposed, its calls reject with ERR_CANCELED, without a replay or a modal", async () => {
    setup = await setupUniCloud()
    const { gateway, uniCloud, store, uni } = setup
    await store.login()
    const page = effectScope()
    const todo = page.run(() => uniCloud.importObject('todo'))!
    const answer = expireWhileHeld(gateway)
    const call = todo.add('draft')
    await gateway.whenCalls(1)
    page.stop()
    expect(codeOf(await call.catch((error: unknown) => error))).toBe('ERR_CANCELED')
    // The SDK's own flow ends (its loading hidden) once the late answer arrives: wait for that.
    const hideLoading = uni.hideLoading
    const finished = new Promise<void>((resolve) => (uni.hideLoading = (options) => (resolve(), hideLoading(options))))
    answer.resolve()
    await finished
    await drain()
    expect({ codes: uni.calls.login, calls: gateway.calls.length }).toEqual({ codes: 1, calls: 1 })
    expect(uni.ui.map(({ api }) => api)).toEqual(['showLoading', 'hideLoading'])
    await expect(todo.add('later')).rejects.toMatchObject({ code: 'ERR_CANCELED' })
  })
})
