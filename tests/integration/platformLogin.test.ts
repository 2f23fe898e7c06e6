import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createRelogin, useAuthStore } from '../../src/index'
import { createTestUni, type TestUni } from '../../testing/index'
import { startApiServer, type ApiServer } from '../support/startApiServer'

/*
 * The default getCode on every target with a silent login, on the Node runtime: `uni.login` is
 * replaced by a model of that target's own call as its docs describe it (docs/platforms.md),
 * which opens a window for the person unless called with the silent flags. The code itself still
 * comes from the real server, so each target goes through one real expiry and replay.
 */
interface PlatformCall {
  platform: string
  call: string
  /** Whether the call, given these options, would show the person a window. */
  asksPerson(options: Record<string, unknown>): boolean
}

const never = () => false
const calls: PlatformCall[] = [
  { platform: 'mp-weixin', call: 'wx.login', asksPerson: never },
  { platform: 'mp-qq', call: 'qq.login', asksPerson: never },
  { platform: 'mp-kuaishou', call: 'ks.login', asksPerson: never },
  { platform: 'mp-jd', call: 'jd.login', asksPerson: never },
  { platform: 'mp-lark', call: 'tt.login (Feishu)', asksPerson: never },
  { platform: 'mp-xhs', call: 'xhs.login', asksPerson: never },
  { platform: 'mp-harmony', call: 'has.login', asksPerson: never },
  // force defaults to true: a person signed out of the Douyin app gets its login window.
  { platform: 'mp-toutiao', call: 'tt.login', asksPerson: (options) => options.force !== false },
  // Any scope but auth_base is an authorization dialog.
  { platform: 'mp-alipay', call: 'my.getAuthCode', asksPerson: (options) => options.scopes !== 'auth_base' },
]

let server: ApiServer | undefined
let uni: TestUni | undefined
afterEach(async () => {
  uni?.uninstall()
  await server?.close()
})

describe.each(calls)('the default getCode on $platform', ({ platform, call, asksPerson }) => {
  it(`gets its code from ${call} without a window, through one expiry and replay`, async () => {
    server = await startApiServer()
    uni = createTestUni({ codeURL: `${server.url}/dev/code`, platform })
    const seen: Record<string, unknown>[] = []
    const login = uni.login
    uni.login = ((options: Record<string, unknown>) => {
      seen.push(options)
      if (asksPerson(options)) throw new Error(`${call} would have opened a window`)
      return login(options)
    }) as typeof uni.login

    setActivePinia(createPinia())
    const { api } = createRelogin({
      baseURL: server.url,
      exchange: async (code, http) => (await http.post('/login', { code })).data,
    })
    await useAuthStore().login()
    server.expireAll()
    await expect(api.get('/echo/after-expiry')).resolves.toMatchObject({ path: '/echo/after-expiry' })

    expect(seen).toHaveLength(2)
    expect(server.exchanges).toBe(2)
  })
})
