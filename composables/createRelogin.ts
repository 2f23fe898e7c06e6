import { getActivePinia } from 'pinia'
import type { App } from 'vue'
import { createApi, type Api } from '../src/createApi'
import Request from 'luch-request'
import { createHttp, createPlainHttp } from '../src/createHttp'
import type { FeatureContext } from '../src/Feature'
import { createLimiter } from '../src/createLimiter'
import { DEV } from '../src/dev'
import type { ReloginOptions, ResolvedOptions } from '../src/options'
import { resolveOptions } from '../src/resolveOptions'
import { useAuthStore } from '../stores/useAuthStore'
import { apis } from './apis'

declare module 'vue' {
  interface ComponentCustomProperties {
    /** The request client, for options-API pages (`this.$api`); `useApi()` in `<script setup>`. */
    $api: Api
  }
}

/** What `createRelogin()` returns: the app-wide `api`, and the plugin `app.use()` installs. */
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
  const session = store._session
  const limiter = createLimiter(resolved.maxConcurrent)
  const { features, baseURL, http: passThrough } = resolved
  const adoption = features.find((feature) => feature.instance)?.instance
  // A fresh instance with no interceptors: of the adopted instance's class and configuration (one
  // luch-request in the bundle), else ours.
  const fresh = () => adoption?.create() ?? new Request({ ...passThrough, baseURL })
  // The exchange's requests are not the session's: they carry no token and no logout ends them.
  const plain = createPlainHttp(fresh(), { limiter, auth: session, live: new Set(), onEvent: resolved.onEvent })
  store._configure({
    getCode: resolved.getCode,
    exchange: (code) => resolved.exchange(code, plain),
    storageKey: resolved.storageKey,
    loginTimeout: resolved.loginTimeout,
    interactionTimeout: resolved.interactionTimeout,
    loginCooldown: resolved.loginCooldown,
    maxLoginsPerMinute: resolved.maxLoginsPerMinute,
    steps: features.flatMap((feature) => feature.login ?? []),
    dueAt: features.find((feature) => feature.dueAt)?.dueAt,
    refreshes: features.some((feature) => feature.refreshes),
    onEvent: resolved.onEvent,
  })
  const context: FeatureContext = {
    options: resolved as ResolvedOptions,
    session,
    plain,
    limiter,
    // Called only once requests flow, after `built` below.
    again: (config) => built.client.again(config),
    storageKey: resolved.storageKey,
    onEvent: resolved.onEvent,
  }
  // Before the instance is wired: a feature's bad option throws with nothing touched yet.
  for (const feature of features) feature.setup?.(context)
  const built = createHttp(resolved, session, limiter, features, fresh)
  const raw = adoption !== undefined
  const api = createApi(built.http, { raw })
  apis.set(store, { api, forPage: (page) => createApi(built.http, { page, raw }) })
  return {
    api,
    install(vueApp) {
      vueApp.config.globalProperties.$api = api
    },
  }
}
