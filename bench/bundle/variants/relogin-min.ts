import { createRelogin, useApi, type Feature } from 'uni-relogin'
import type { App } from 'vue'
import { BASE_URL, install as installBaseline, usePage as useBaseline } from './baseline'

/** Silent re-login only: the options every app must give, and `useApi()`. Nothing else may be shipped. */
export function install(app: App): void {
  installBaseline(app)
  app.use(
    createRelogin({
      baseURL: BASE_URL,
      isExpired: (res) => res.statusCode === 401,
      exchange: async (code, http) => (await http.post<{ token: string }>('/login', { code })).data,
    }),
  )
}

/**
 * The same app with `features` handed over: a per-feature variant is this plus its one import.
 * The options are written out again on purpose: sharing them with `install` (a function, an object,
 * or `features: undefined`) changes how terser lays out relogin-min, by 8 to 17 B gz: `bundle-min`
 * would move with no change to the package.
 */
export function installWith(app: App, features: Feature[]): void {
  installBaseline(app)
  app.use(
    createRelogin({
      baseURL: BASE_URL,
      isExpired: (res) => res.statusCode === 401,
      exchange: async (code, http) => (await http.post<{ token: string }>('/login', { code })).data,
      features,
    }),
  )
}

export function usePage(): () => Promise<unknown> {
  const visit = useBaseline()
  const api = useApi()
  return async () => {
    await visit()
    return api.get('/profile')
  }
}
