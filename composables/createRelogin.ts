import { getActivePinia } from 'pinia'
import type { App } from 'vue'
import { createApi, type Api } from '../src/createApi'
import { createAppState } from '../src/createAppState'
import { createHttp, createPlainHttp } from '../src/createHttp'
import { createLimiter } from '../src/createLimiter'
import { DEV } from '../src/dev'
import type { RefreshInput, ReloginOptions } from '../src/options'
import { resolveOptions } from '../src/resolveOptions'
import { useAuthStore } from '../stores/useAuthStore'
import { apis } from './apis'

declare module 'vue' {
  interface ComponentCustomProperties {
    /** The request client, for options-API pages (`this.$api`); `useApi()` in `<script setup>`. */
    $api: Api
  }
}

export interface Relogin {
  /** The same object `useApi()` returns, for stores, plain modules and tests. */
  readonly api: Api
  /** Vue plugin hook: `app.use(relogin)` also exposes the api as `this.$api` in options-API pages. */
  install(app: App): void
}

/**
 * Configures the auth store and builds the request client. Call it after `app.use(pinia)`.
 *
 * @example
 * const relogin = createRelogin({
 *   baseURL: 'https://api.example.com',
 *   isExpired: (res) => res.statusCode === 401 || (res.data as any)?.code === '001101',
 *   exchange: async (code, http) => {
 *     const { data } = await http.post('/v1/cif/loginByCode.do', { code })
 *     if (data.code !== '000000') throw new Error(data.message)
 *     return { token: data.data.token, expiresIn: data.data.expiresIn }
 *   },
 * })
 * app.use(relogin)
 */
export function createRelogin<User = unknown>(options: ReloginOptions<User>): Relogin {
  const resolved = resolveOptions(options)
  if (!getActivePinia()) {
    throw new Error(`[uni-relogin] createRelogin() needs an active pinia${DEV ? ': call app.use(pinia) first.' : ''}`)
  }
  const store = useAuthStore()
  const limiter = createLimiter(resolved.maxConcurrent)
  const app = createAppState()
  const session = store._session
  // The exchange's requests are not the session's: they carry no token and no logout ends them.
  const plain = createPlainHttp(resolved, { limiter, auth: session, live: new Set() })
  store._configure({
    getCode: resolved.getCode,
    exchange: (code) => resolved.exchange(code, plain),
    // The store holds whatever user exchange/refresh gave it, so its `user` is this User.
    refresh: resolved.refresh && ((session) => resolved.refresh!(session as RefreshInput<User>, plain)),
    storageKey: resolved.storageKey,
    loginTimeout: resolved.loginTimeout,
    interactionTimeout: resolved.interactionTimeout,
    loginCooldown: resolved.loginCooldown,
    maxLoginsPerMinute: resolved.maxLoginsPerMinute,
    refreshLeadTime: resolved.refreshLeadTime,
    app,
    onEvent: resolved.onEvent,
  })
  // A session that went stale in the background is renewed before the page asks for anything.
  if (resolved.refreshOnShow) app.onShow(() => session.renewIfDue())
  const http = createHttp(resolved, session, limiter, app)
  const raw = resolved.instance !== undefined
  const api = createApi(http, { raw })
  apis.set(store, { api, forPage: (page) => createApi(http, { page, raw }) })
  return {
    api,
    install(vueApp) {
      vueApp.config.globalProperties.$api = api
    },
  }
}
