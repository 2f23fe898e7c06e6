import { createPinia, setActivePinia } from 'pinia'
import { createSSRApp, defineComponent, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { afterEach, describe, expect, it } from 'vitest'
import { createRelogin, useApi, useAuth, useAuthStore, type Api } from '../../src/index'
import { createNodeUni } from '../../testing/createNodeUni'

const options = { baseURL: 'https://api.example.com', exchange: async () => ({ token: 't' }) }

afterEach(() => {
  delete (globalThis as { uni?: unknown }).uni
  setActivePinia(undefined)
})

describe('the Vue layer', () => {
  it('says what to do when createRelogin runs before app.use(pinia)', () => {
    ;(globalThis as { uni?: unknown }).uni = createNodeUni()
    setActivePinia(undefined)
    expect(() => createRelogin(options)).toThrow(/needs an active pinia: call app.use\(pinia\) first/)
  })

  it('says what to do when useApi runs before createRelogin', () => {
    setActivePinia(createPinia())
    expect(() => useApi()).toThrow(/before createRelogin\(options\)/)
  })

  it('gives the same client to useApi() outside components, as relogin.api and this.$api, and a page-bound one inside them', async () => {
    ;(globalThis as { uni?: unknown }).uni = createNodeUni()
    const app = createSSRApp({})
    const pinia = createPinia()
    app.use(pinia)
    const relogin = createRelogin(options)
    app.use(relogin)
    expect(useApi()).toBe(relogin.api)

    let inside: Api | undefined
    let status = ''
    const Page = defineComponent({
      setup() {
        inside = useApi()
        status = useAuth().status.value
        return () => h('div', 'page')
      },
    })
    const page = createSSRApp(Page).use(pinia).use(relogin)
    await renderToString(page)
    // A page's own client over the same instance: its requests end with the page.
    expect(inside).not.toBe(relogin.api)
    expect(Object.keys(inside!)).toEqual(Object.keys(relogin.api))
    expect(status).toBe('anonymous')
    expect(app.config.globalProperties.$api).toBe(relogin.api)
  })
  it("runs the store's actions as pinia calls them, with the store as `this`", async () => {
    ;(globalThis as { uni?: unknown }).uni = createNodeUni()
    setActivePinia(createPinia())
    createRelogin({ ...options, getCode: async () => 'code' })
    const store = useAuthStore()
    expect(await store.login()).toBe('t')
    // An app's own code calls this on the store.
    expect(await store.getToken()).toBe('t')
  })
})
